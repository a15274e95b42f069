package jp.mimamori.core.internal.json;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 canonical JSON under Mimamori's profile (DESIGN.md, format ground rules): parse strictly, encode
 * canonically.
 *
 * <pre>{@code
 * byte[] canonical = CanonicalJson.canonicalize("{ \"b\": 1, \"a\": [true, \"x\"] }".getBytes(UTF_8));
 * // {"a":[true,"x"],"b":1}
 * Map<?, ?> m = (Map<?, ?>) CanonicalJson.parse(canonical);   // {a=[true, x], b=1}
 * byte[] again = CanonicalJson.encode(Map.of("b", 1L, "a", List.of(true, "x")));   // same bytes
 * }</pre>
 *
 * <p>What is accepted (everything else is a {@link JsonFormatException} naming the JSON path):
 * <ul>
 *   <li>RFC 8259 JSON in UTF-8 (no byte order mark), one value with optional whitespace around it;</li>
 *   <li>numbers are integers only, without fraction or exponent ({@code 1.0} and {@code 1e3} are rejected,
 *       not silently converted), within ±(2<sup>53</sup>−1); {@code -0} reads as {@code 0};</li>
 *   <li>strings hold any Unicode scalar values; invalid UTF-8, lone surrogates (raw or {@code \u005Cu}-escaped)
 *       and unescaped control characters are rejected;</li>
 *   <li>object keys are printable ASCII (U+0020..U+007E) under {@link #defaults()}; {@link Limits#withAnyKeys()}
 *       lifts that for full RFC 8785 key handling (used to check the RFC's own test data);</li>
 *   <li>duplicate keys are rejected (after unescaping, so {@code "a"} and {@code "\u005Cu0061"} are duplicates);</li>
 *   <li>the input size, nesting depth, string length and members per object or array are bounded by
 *       {@link Limits}.</li>
 * </ul>
 *
 * <p>Canonical output (RFC 8785 §3.2): no whitespace; object members sorted by the UTF-16 code units of their
 * keys ({@link String#compareTo}); strings escape only {@code "}, {@code \}, and U+0000..U+001F (as
 * {@code \b \t \n \f \r} or {@code \u005Cu00xx} in lowercase hex), everything else is literal UTF-8; integers in
 * plain decimal.
 *
 * <p>Parsed values are {@code Map<String, Object>} (unmodifiable, iterating in canonical key order),
 * {@code List<Object>} (unmodifiable), {@link String}, {@link Long}, {@link Boolean}, or {@code null} for
 * JSON {@code null}. Thread-safe: all methods are static and stateless.
 */
public final class CanonicalJson {
    /** The largest integer magnitude allowed: 2<sup>53</sup>−1 (the I-JSON safe integer range). */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final Limits DEFAULTS = new Limits(16 << 20, 64, 1 << 20, 1 << 20, true);

    private CanonicalJson() {}

    /**
     * Bounds on what {@link CanonicalJson#parse(byte[], Limits)} accepts, so that hostile input cannot exhaust
     * memory or stack.
     *
     * @param maxBytes        largest input, in bytes
     * @param maxDepth        deepest nesting of objects and arrays (the root container is depth 1)
     * @param maxStringLength longest string or key, in UTF-16 code units
     * @param maxMembers      most members of any one object or elements of any one array
     * @param asciiKeysOnly   whether object keys must be printable ASCII (Mimamori's profile; {@code true}
     *                        unless {@link #withAnyKeys()})
     */
    public record Limits(int maxBytes, int maxDepth, int maxStringLength, int maxMembers, boolean asciiKeysOnly) {
        /** Validates that every bound is positive. */
        public Limits {
            if (maxBytes <= 0 || maxDepth <= 0 || maxStringLength <= 0 || maxMembers <= 0) {
                throw new IllegalArgumentException("limits: every bound must be positive");
            }
            if (maxDepth > 1000) {
                throw new IllegalArgumentException("limits.maxDepth: at most 1000 (the parser recurses)");
            }
        }

        /** Limits with ASCII-only keys (Mimamori's profile). */
        public Limits(int maxBytes, int maxDepth, int maxStringLength, int maxMembers) {
            this(maxBytes, maxDepth, maxStringLength, maxMembers, true);
        }

        /** The same limits but accepting any string as an object key (plain RFC 8785, minus floats). */
        public Limits withAnyKeys() {
            return new Limits(maxBytes, maxDepth, maxStringLength, maxMembers, false);
        }
    }

    /**
     * The default limits: 16 MiB input, depth 64, strings of 1 Mi UTF-16 code units, 1 Mi members per
     * container, ASCII keys only.
     */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /** Parses {@code json} strictly under {@link #defaults()} and re-encodes it canonically. */
    public static byte[] canonicalize(byte[] json) throws JsonFormatException {
        return canonicalize(json, DEFAULTS);
    }

    /** Parses {@code json} strictly under {@code limits} and re-encodes it canonically. */
    public static byte[] canonicalize(byte[] json, Limits limits) throws JsonFormatException {
        Object value = parse(json, limits);
        return JcsWriter.write(value, false, Integer.MAX_VALUE);
    }

    /** Whether {@code json} is already exactly in canonical form (and valid under {@link #defaults()}). */
    public static boolean isCanonical(byte[] json) {
        try {
            return Arrays.equals(canonicalize(json), json);
        } catch (JsonFormatException e) {
            return false;
        }
    }

    /** Parses {@code json} strictly under {@link #defaults()}; see the class description for the result types. */
    public static Object parse(byte[] json) throws JsonFormatException {
        return parse(json, DEFAULTS);
    }

    /** Parses {@code json} strictly under {@code limits}; see the class description for the result types. */
    public static Object parse(byte[] json, Limits limits) throws JsonFormatException {
        if (json == null) {
            throw new JsonFormatException("$", -1, "no input (null)", "入力がありません (null)");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits: must not be null");
        }
        return new JcsParser(json, limits).parseDocument();
    }

    /**
     * Parses {@code json} and requires the root to be an object.
     *
     * @throws JsonFormatException if it is not valid under {@link #defaults()} or the root is not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] json) throws JsonFormatException {
        Object v = parse(json);
        if (!(v instanceof Map)) {
            throw new JsonFormatException("$", 0, "expected a JSON object", "JSON オブジェクトが必要です");
        }
        return (Map<String, Object>) v;
    }

    /**
     * Encodes a value canonically as UTF-8. Accepts {@link Map} with {@link String} keys (printable ASCII),
     * {@link List}, {@link String}, {@link Long}, {@link Integer}, {@link Short}, {@link Byte} (within
     * ±(2<sup>53</sup>−1)), {@link Boolean} and {@code null}; nesting at most {@link Limits#maxDepth()} of
     * {@link #defaults()} (which also stops cycles).
     *
     * @throws IllegalArgumentException naming the path of the first value that cannot be encoded, e.g.
     *                                  {@code "$.n: integer outside ±(2^53-1)"}
     */
    public static byte[] encode(Object value) {
        return JcsWriter.write(value, true, DEFAULTS.maxDepth());
    }

    /**
     * A deep, unmodifiable copy of a caller-built value, checked exactly as {@link #encode(Object)} checks it
     * but with {@code null} rejected too: integers become {@link Long}; maps keep their iteration order.
     *
     * @param rootPath what error messages call the value, such as {@code "body"} (giving {@code "body.n: …"})
     * @param maxDepth deepest nesting allowed
     * @throws IllegalArgumentException naming the path of the first value outside the profile
     */
    public static Object copyOf(Object value, String rootPath, int maxDepth) {
        JcsWriter.write(value, rootPath, maxDepth, true, false);
        return copy(value);
    }

    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, e) -> out.put((String) k, copy(e)));
            return java.util.Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new java.util.ArrayList<>(l.size());
            l.forEach(e -> out.add(copy(e)));
            return java.util.Collections.unmodifiableList(out);
        }
        return v instanceof Number n ? (Object) n.longValue() : v;
    }

    /** {@link #encode(Object)} as a string (for logs and tests; sign and hash the bytes). */
    public static String encodeToString(Object value) {
        return new String(encode(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * One string as a JSON string literal with RFC 8785 escaping (for documents whose key order is fixed by
     * their format rather than by JCS, such as the verification report).
     *
     * @throws IllegalArgumentException if {@code s} holds a lone surrogate
     */
    public static String quote(String s) {
        return new String(JcsWriter.write(s, true, 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether {@code key} is allowed as an object key under Mimamori's profile (printable ASCII). */
    public static boolean isProfileKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
