package jp.mimamori.core.internal.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 8785 published test data (cyberphone/json-canonicalization, copied with its LICENSE under
 * {@code vectors/rfc8785-jcs}) and the RFC's own examples ({@code vectors/rfc8785-examples}), under Mimamori's
 * profile (DESIGN.md format ground rules): inputs with floating-point numbers are rejected with a clear error,
 * inputs with non-ASCII keys are rejected by default and canonicalize byte-exactly under
 * {@link CanonicalJson.Limits#withAnyKeys()}, all others canonicalize byte-exactly.
 */
class CanonicalJsonVectorsTest {
    static byte[] resource(String name) {
        try (InputStream in = CanonicalJsonVectorsTest.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] upstreamInput(String name) {
        return resource("vectors/rfc8785-jcs/testdata/input/" + name + ".json");
    }

    private static byte[] upstreamOutput(String name) {
        byte[] out = resource("vectors/rfc8785-jcs/testdata/output/" + name + ".json");
        // The hex form is the normative one (the .json files might pick up a newline in transit).
        byte[] hex = HexFormat.of().parseHex(new String(resource("vectors/rfc8785-jcs/testdata/outhex/" + name
                + ".txt"), UTF_8).replaceAll("\\s", ""));
        assertArrayEquals(hex, out, name + ": output/ and outhex/ disagree");
        return hex;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"arrays", "unicode"})
    @DisplayName("K3-2-4: RFC 8785 vectors without floats or non-ASCII keys canonicalize byte-exactly")
    void upstreamVector_canonicalizesExactly(String name) throws Exception {
        assertArrayEquals(upstreamOutput(name), CanonicalJson.canonicalize(upstreamInput(name)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"french", "weird"})
    @DisplayName("K3-2-4: RFC 8785 vectors with non-ASCII keys canonicalize exactly when any keys are allowed")
    void upstreamVectorWithNonAsciiKeys_canonicalizesExactlyWithAnyKeys(String name) throws Exception {
        assertArrayEquals(upstreamOutput(name),
                CanonicalJson.canonicalize(upstreamInput(name), CanonicalJson.defaults().withAnyKeys()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "french | $[\"p\\u00e9ch\\u00e9\"]: object keys must be printable ASCII (DESIGN format rules)",
        "weird  | $[\"\\u20ac\"]: object keys must be printable ASCII (DESIGN format rules)"})
    @DisplayName("K3-2-4: RFC 8785 vectors with non-ASCII keys are rejected under Mimamori's profile")
    void upstreamVectorWithNonAsciiKeys_isRejectedByDefault(String name, String message) {
        JsonFormatException e = assertThrows(JsonFormatException.class,
                () -> CanonicalJson.canonicalize(upstreamInput(name)));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "values     | $.numbers[0]: floating-point numbers are not allowed (DESIGN format rules)",
        "structures | $[\"1\"][\"\\u000a\"]: floating-point numbers are not allowed (DESIGN format rules)"})
    @DisplayName("K3-2-4: RFC 8785 vectors with floating-point numbers are rejected with a clear error")
    void upstreamVectorWithFloats_isRejectedNamingThePath(String name, String message) {
        // Under the default limits "structures" already fails on its control-character key "\n"; with any keys
        // allowed, the float is what is left to reject. Either way it never canonicalizes.
        assertThrows(JsonFormatException.class, () -> CanonicalJson.canonicalize(upstreamInput(name)));
        JsonFormatException e = assertThrows(JsonFormatException.class,
                () -> CanonicalJson.canonicalize(upstreamInput(name), CanonicalJson.defaults().withAnyKeys()));
        assertEquals(message, e.getMessage());
        assertEquals(message.substring(0, message.indexOf(": ")), e.path());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"strings, false", "sorting, true", "structures-integer, true"})
    @DisplayName("K3-2-4: the RFC 8785 text's own examples canonicalize byte-exactly")
    void rfcExample_canonicalizesExactly(String name, boolean anyKeys) throws Exception {
        byte[] in = resource("vectors/rfc8785-examples/" + name + ".in.json");
        byte[] out = resource("vectors/rfc8785-examples/" + name + ".out.json");
        CanonicalJson.Limits limits = anyKeys ? CanonicalJson.defaults().withAnyKeys() : CanonicalJson.defaults();
        assertArrayEquals(out, CanonicalJson.canonicalize(in, limits));
        // Canonical output is a fixed point.
        assertArrayEquals(out, CanonicalJson.canonicalize(out, limits));
    }
}
