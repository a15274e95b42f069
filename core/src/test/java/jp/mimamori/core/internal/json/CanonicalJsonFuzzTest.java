package jp.mimamori.core.internal.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Outside input: the parser never fails with anything but {@link JsonFormatException} (DESIGN.md, errors). */
class CanonicalJsonFuzzTest {
    /** Any bytes: either a format error, or a value whose canonical form is a fixed point. */
    @FuzzTest(maxDuration = "10s")
    void parse_onlyFormatErrorsEscape(byte[] input) throws Exception {
        byte[] canonical;
        try {
            canonical = CanonicalJson.canonicalize(input, CanonicalJson.defaults().withAnyKeys());
        } catch (JsonFormatException expected) {
            return;
        }
        assertArrayEquals(canonical, CanonicalJson.canonicalize(canonical, CanonicalJson.defaults().withAnyKeys()));
        Object parsed = CanonicalJson.parse(canonical, CanonicalJson.defaults().withAnyKeys());
        if (CanonicalJson.isCanonical(canonical)) {
            assertArrayEquals(canonical, CanonicalJson.encode(parsed));
        }
    }
}
