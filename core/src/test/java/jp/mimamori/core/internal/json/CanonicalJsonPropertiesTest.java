package jp.mimamori.core.internal.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Invariants of the canonical form (DESIGN.md format ground rules: any language re-derives the same bytes).
 * Random documents are built from a QuickTheories-chosen seed, so a failure reproduces with
 * {@code -Dmimamori.seed}.
 */
class CanonicalJsonPropertiesTest {
    @Test
    @DisplayName("K3-2-4: parse(encode(v)) == v and encode(v) re-canonicalizes to itself")
    void parseEncodeParse_isIdentity_andCanonicalFormIsAFixedPoint() {
        Props.theory().forAll(longs().all()).check(seed -> {
            Object v = randomValue(new Random(seed), 0);
            byte[] bytes = CanonicalJson.encode(v);
            try {
                Object back = CanonicalJson.parse(bytes);
                return java.util.Objects.equals(v, back)
                        && Arrays.equals(bytes, CanonicalJson.canonicalize(bytes))
                        && Arrays.equals(bytes, CanonicalJson.encode(back));
            } catch (JsonFormatException e) {
                throw new AssertionError(new String(bytes, UTF_8), e);
            }
        });
    }

    @Test
    @DisplayName("K3-2-4: any whitespace, member order and escaping of the same value canonicalizes identically")
    void noisySerialization_canonicalizesToTheSameBytes() {
        Props.theory().forAll(longs().all()).check(seed -> {
            Random r = new Random(seed);
            Object v = randomValue(r, 0);
            StringBuilder noisy = new StringBuilder();
            writeNoisy(noisy, v, r);
            try {
                return Arrays.equals(CanonicalJson.encode(v),
                        CanonicalJson.canonicalize(noisy.toString().getBytes(UTF_8)));
            } catch (JsonFormatException e) {
                throw new AssertionError(noisy.toString(), e);
            }
        });
    }

    private static final String ALPHABET = "aAzZ09_ -\"\\/\u0000\u001f\u007f\u0080é€\ufb33\ud83d\ude00\u3042";

    static String randomString(Random r, boolean asciiKey) {
        int n = r.nextInt(6);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (asciiKey) {
                sb.append((char) (0x20 + r.nextInt(0x5f)));
            } else {
                int k = r.nextInt(ALPHABET.length());
                char c = ALPHABET.charAt(k);
                if (Character.isHighSurrogate(c)) {
                    sb.append(c).append(ALPHABET.charAt(k + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    static Object randomValue(Random r, int depth) {
        int kind = r.nextInt(depth >= 4 ? 5 : 7);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return r.nextBoolean();
            case 2: {
                long max = CanonicalJson.MAX_SAFE_INTEGER;
                return switch (r.nextInt(4)) {
                    case 0 -> max;
                    case 1 -> -max;
                    case 2 -> (long) r.nextInt(200) - 100;
                    default -> (r.nextLong() >> 11);
                };
            }
            case 3:
            case 4:
                return randomString(r, false);
            case 5: {
                List<Object> list = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    list.add(randomValue(r, depth + 1));
                }
                return Collections.unmodifiableList(list);
            }
            default: {
                Map<String, Object> m = new TreeMap<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    m.put(randomString(r, true), randomValue(r, depth + 1));
                }
                return Collections.unmodifiableMap(m);
            }
        }
    }

    private static void ws(StringBuilder sb, Random r) {
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(" \t\r\n".charAt(r.nextInt(4)));
        }
    }

    private static void writeNoisy(StringBuilder sb, Object v, Random r) {
        ws(sb, r);
        if (v instanceof Map<?, ?> m) {
            List<Object> keys = new ArrayList<>(m.keySet());
            Collections.shuffle(keys, r);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                writeNoisy(sb, keys.get(i), r);
                sb.append(':');
                writeNoisy(sb, m.get(keys.get(i)), r);
            }
            ws(sb, r);
            sb.append('}');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                writeNoisy(sb, list.get(i), r);
            }
            ws(sb, r);
            sb.append(']');
        } else if (v instanceof String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    // A pair is escaped as a pair or written as one 4-byte UTF-8 sequence, never half and half.
                    if (r.nextBoolean()) {
                        sb.append(String.format("\\u%04x\\u%04x", (int) c, (int) s.charAt(i + 1)));
                    } else {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                } else if (c < 0x20 || r.nextInt(4) == 0) {
                    sb.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                } else if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c == '/' && r.nextBoolean()) {
                    sb.append("\\/");
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        } else if (v instanceof Long n && n == 0 && r.nextBoolean()) {
            sb.append("-0");
        } else {
            sb.append(v);
        }
        ws(sb, r);
    }
}
