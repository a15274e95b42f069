package jp.mimamori.core.internal.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files: each defect under {@code jp/mimamori/core/internal/json/errors/NAME.json} is rejected with exactly
 * the message in {@code NAME.txt} (DESIGN.md format ground rules: clear errors naming the field).
 */
class CanonicalJsonErrorsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"float-in-array", "exponent", "integral-float", "integer-too-large", "integer-too-small",
        "duplicate-key", "duplicate-key-escaped", "non-ascii-key", "lone-surrogate-escape", "reversed-surrogates",
        "utf8-encoded-surrogate", "utf8-overlong", "utf8-invalid-byte", "trailing-data", "leading-zero",
        "raw-control-character", "truncated", "byte-order-mark", "trailing-comma", "single-quotes", "nan",
        "bad-escape", "empty", "missing-colon", "bad-literal", "too-deep"})
    @DisplayName("K3-2-4: each malformed or out-of-profile input is rejected with its golden message")
    void defect_isRejectedWithGoldenMessage(String name) {
        byte[] in = CanonicalJsonVectorsTest.resource("jp/mimamori/core/internal/json/errors/" + name + ".json");
        String expected = new String(CanonicalJsonVectorsTest.resource(
                "jp/mimamori/core/internal/json/errors/" + name + ".txt"), UTF_8).strip();
        JsonFormatException e = assertThrows(JsonFormatException.class, () -> CanonicalJson.parse(in));
        assertEquals(expected, e.getMessage());
        assertTrue(e.text().ja().startsWith(e.path() + ": "), "Japanese message names the path too");
    }

    @Test
    void limits_areEnforced() {
        CanonicalJson.Limits tiny = new CanonicalJson.Limits(32, 2, 4, 3);
        assertEquals("$: input of 33 bytes exceeds the limit of 32", assertThrows(JsonFormatException.class,
                () -> CanonicalJson.parse(("[" + "1,".repeat(15) + "1]").getBytes(UTF_8), tiny)).getMessage());
        assertEquals("$[0]: string longer than 4 UTF-16 code units", assertThrows(JsonFormatException.class,
                () -> CanonicalJson.parse("[\"abcde\"]".getBytes(UTF_8), tiny)).getMessage());
        assertEquals("$[0]: string longer than 4 UTF-16 code units", assertThrows(JsonFormatException.class,
                () -> CanonicalJson.parse("[\"\\u0061bcde\"]".getBytes(UTF_8), tiny)).getMessage());
        assertEquals("$: array has more than 3 elements", assertThrows(JsonFormatException.class,
                () -> CanonicalJson.parse("[1,2,3,4]".getBytes(UTF_8), tiny)).getMessage());
        assertEquals("$: object has more than 3 members", assertThrows(JsonFormatException.class,
                () -> CanonicalJson.parse("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}".getBytes(UTF_8), tiny))
                .getMessage());
        assertEquals("$[0][0]: nested deeper than 2", assertThrows(JsonFormatException.class,
                () -> CanonicalJson.parse("[[[]]]".getBytes(UTF_8), tiny)).getMessage());
    }

    @Test
    void boundaryIntegers_areAccepted() throws Exception {
        assertEquals(List.of(9007199254740991L, -9007199254740991L, 0L),
                CanonicalJson.parse("[9007199254740991,-9007199254740991,-0]".getBytes(UTF_8)));
        assertEquals("[0]", new String(CanonicalJson.canonicalize("[-0]".getBytes(UTF_8)), UTF_8));
    }

    @Test
    void encode_rejectsWhatTheProfileForbids_namingThePath() {
        assertEquals("$.n: integer outside ±(2^53-1) (DESIGN format rules)", assertThrows(
                IllegalArgumentException.class, () -> CanonicalJson.encode(Map.of("n", 1L << 53))).getMessage());
        assertEquals("$.a[1]: cannot encode Double (floating-point and big numbers are not allowed, DESIGN format"
                + " rules); allowed: Map, List, String, Long, Integer, Boolean, null", assertThrows(
                IllegalArgumentException.class, () -> CanonicalJson.encode(Map.of("a", List.of(1, 2.5))))
                .getMessage());
        assertEquals("$[\"\\u7406\\u7531\"]: object keys must be printable ASCII (DESIGN format rules)",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(Map.of("理由", "x")))
                .getMessage());
        assertEquals("$.s: string contains a lone surrogate (I-JSON)", assertThrows(IllegalArgumentException.class,
                () -> CanonicalJson.encode(Map.of("s", "\ud800"))).getMessage());
        Map<Object, Object> badKey = new LinkedHashMap<>();
        badKey.put(1, "x");
        assertEquals("$: object keys must be strings, found Integer", assertThrows(IllegalArgumentException.class,
                () -> CanonicalJson.encode(badKey)).getMessage());
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(cycle)).getMessage()
                .endsWith("nested deeper than 64 (or a cycle)"));
    }

    @Test
    @DisplayName("K3-2-4: the example in docs/FORMATS.md (Canonical JSON) holds")
    void formatsDocExample_holds() throws Exception {
        byte[] out = CanonicalJson.canonicalize(
                "{ \"b\": [ 1, true, \"\\u00e9\\u000F/\" ], \"a\": -0, \"A\": null }".getBytes(UTF_8));
        assertEquals("{\"A\":null,\"a\":0,\"b\":[1,true,\"\u00e9\\u000f/\"]}", new String(out, UTF_8));
        assertEquals(41, out.length);
    }

    @Test
    void encode_writesTheCanonicalForm() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", List.of(true, "x\n\u0001\"\\/€😀", -5L));
        m.put("c", null);
        assertEquals("{\"a\":[true,\"x\\n\\u0001\\\"\\\\/€😀\",-5],\"b\":1,\"c\":null}",
                CanonicalJson.encodeToString(m));
        assertTrue(CanonicalJson.isCanonical(CanonicalJson.encode(m)));
        assertFalse(CanonicalJson.isCanonical("{ }".getBytes(UTF_8)));
    }

    @Test
    void parse_returnsUnmodifiableValuesInCanonicalKeyOrder() throws Exception {
        Map<String, Object> m = CanonicalJson.parseObject("{\"b\":[1],\"a\":\"x\",\"B\":true}".getBytes(UTF_8));
        assertEquals(List.of("B", "a", "b"), new ArrayList<>(m.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> m.put("c", 1L));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) m.get("b")).clear());
        assertEquals("$: expected a JSON object", assertThrows(JsonFormatException.class,
                () -> CanonicalJson.parseObject("[]".getBytes(UTF_8))).getMessage());
    }
}
