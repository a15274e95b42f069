package jp.mimamori.core.internal.json;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** RFC 8785 §3.2 serialization of parsed or caller-built values. */
final class JcsWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf = new byte[256];
    private int len;
    private final boolean strict;
    private final int maxDepth;
    private final boolean nulls;

    private JcsWriter(boolean strict, int maxDepth, boolean nulls) {
        this.strict = strict;
        this.maxDepth = maxDepth;
        this.nulls = nulls;
    }

    /**
     * Encodes {@code value}. {@code strict} applies Mimamori's profile to caller-built values (ASCII keys,
     * integer range, known types, depth); parsed values were already checked.
     */
    static byte[] write(Object value, boolean strict, int maxDepth) {
        return write(value, "$", maxDepth, strict, true);
    }

    /** Encodes under the profile with errors naming {@code rootPath}; {@code nulls} says whether null is allowed. */
    static byte[] write(Object value, String rootPath, int maxDepth, boolean strict, boolean nulls) {
        JcsWriter w = new JcsWriter(strict, maxDepth, nulls);
        w.value(value, rootPath, 0);
        return Arrays.copyOf(w.buf, w.len);
    }

    private void value(Object v, String path, int depth) {
        if (v == null) {
            if (!nulls) {
                throw new IllegalArgumentException(path + ": null is not allowed");
            }
            ascii("null");
        } else if (v instanceof String s) {
            string(s, path);
        } else if (v instanceof Boolean b) {
            ascii(b ? "true" : "false");
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            if (n > CanonicalJson.MAX_SAFE_INTEGER || n < -CanonicalJson.MAX_SAFE_INTEGER) {
                throw new IllegalArgumentException(path + ": integer outside ±(2^53-1) (DESIGN format rules)");
            }
            ascii(Long.toString(n));
        } else if (v instanceof Map<?, ?> m) {
            checkDepth(path, depth + 1);
            String[] keys = new String[m.size()];
            int k = 0;
            for (Object key : m.keySet()) {
                if (!(key instanceof String s)) {
                    throw new IllegalArgumentException(path + ": object keys must be strings, found "
                            + (key == null ? "null" : key.getClass().getSimpleName()));
                }
                if (strict && !CanonicalJson.isProfileKey(s)) {
                    throw new IllegalArgumentException(childPath(path, s)
                            + ": object keys must be printable ASCII (DESIGN format rules)");
                }
                keys[k++] = s;
            }
            // RFC 8785 §3.2.3: sort by UTF-16 code units, which is exactly String.compareTo.
            Arrays.sort(keys);
            put('{');
            for (int i = 0; i < keys.length; i++) {
                if (i > 0) {
                    put(',');
                }
                string(keys[i], path);
                put(':');
                value(m.get(keys[i]), strict ? childPath(path, keys[i]) : path, depth + 1);
            }
            put('}');
        } else if (v instanceof List<?> list) {
            checkDepth(path, depth + 1);
            put('[');
            int i = 0;
            for (Object e : list) {
                if (i > 0) {
                    put(',');
                }
                value(e, strict ? path + "[" + i + "]" : path, depth + 1);
                i++;
            }
            put(']');
        } else {
            String what = v instanceof Number ? v.getClass().getSimpleName()
                    + " (floating-point and big numbers are not allowed, DESIGN format rules)"
                    : v.getClass().getName();
            throw new IllegalArgumentException(path + ": cannot encode " + what
                    + "; allowed: Map, List, String, Long, Integer, Boolean, null");
        }
    }

    private void checkDepth(String path, int depth) {
        if (depth > maxDepth) {
            throw new IllegalArgumentException(path + ": nested deeper than " + maxDepth + " (or a cycle)");
        }
    }

    private static String childPath(String path, String key) {
        StringBuilder p = new StringBuilder(path);
        JcsParser.appendKey(p, key);
        return p.toString();
    }

    private void string(String s, String path) {
        put('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    put('\\');
                }
                put(c);
            } else if (c < 0x20) {
                put('\\');
                switch (c) {
                    case '\b' -> put('b');
                    case '\t' -> put('t');
                    case '\n' -> put('n');
                    case '\f' -> put('f');
                    case '\r' -> put('r');
                    default -> {
                        put('u');
                        put('0');
                        put('0');
                        put((char) HEX[c >> 4]);
                        put((char) HEX[c & 0xf]);
                    }
                }
            } else if (c < 0x800) {
                put((char) (0xc0 | (c >> 6)));
                put((char) (0x80 | (c & 0x3f)));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    put((char) (0xf0 | (cp >> 18)));
                    put((char) (0x80 | ((cp >> 12) & 0x3f)));
                    put((char) (0x80 | ((cp >> 6) & 0x3f)));
                    put((char) (0x80 | (cp & 0x3f)));
                } else {
                    throw new IllegalArgumentException(path + ": string contains a lone surrogate (I-JSON)");
                }
            } else {
                put((char) (0xe0 | (c >> 12)));
                put((char) (0x80 | ((c >> 6) & 0x3f)));
                put((char) (0x80 | (c & 0x3f)));
            }
        }
        put('"');
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            put(s.charAt(i));
        }
    }

    private void put(char b) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = (byte) b;
    }
}
