package jp.mimamori.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.Test;

/** The signature member of signed JSON documents (docs/FORMATS.md "Keys and signatures"). */
class DocumentSignatureTest {
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.UTF_8);

    @Test
    void signedThenReadBack_verifies_andOnlyForItsKeyAndMessage() throws Exception {
        TestSigner key = TestSigner.generate();
        DocumentSignature s = DocumentSignature.sign(key, MESSAGE);
        Map<String, Object> json = s.toJson();
        DocumentSignature back = DocumentSignature.fromJson((String) json.get("alg"), (String) json.get("key_id"),
                (String) json.get("sig"));
        assertEquals(s, back);
        back.verify(key, MESSAGE);
        assertThrows(SignatureInvalidException.class, () -> back.verify(TestSigner.generate(), MESSAGE));
        assertThrows(SignatureInvalidException.class, () -> back.verify(key, "other".getBytes(StandardCharsets.UTF_8)));
        byte[] v = s.value();
        v[0] ^= 1;
        assertEquals(s, back, "value() is a copy");
    }

    @Test
    void malformedJson_namesTheField() {
        String id = "ab".repeat(32);
        assertEquals("sig: must be base64url without padding, at most 512 bytes",
                assertThrows(IllegalArgumentException.class, () -> DocumentSignature.fromJson("ed25519", id, "AA=="))
                        .getMessage());
        assertEquals("sig: must be base64url without padding", assertThrows(IllegalArgumentException.class,
                () -> DocumentSignature.fromJson("ed25519", id, "A+/A")).getMessage());
        assertEquals("key_id: must be 64 lowercase hex digits", assertThrows(IllegalArgumentException.class,
                () -> DocumentSignature.fromJson("ed25519", "AB", "AAAA")).getMessage());
        assertEquals("alg: must match [a-z0-9][a-z0-9-]{0,31}", assertThrows(IllegalArgumentException.class,
                () -> DocumentSignature.fromJson("Ed 25519", id, "AAAA")).getMessage());
        assertEquals("sig: must be 1 to 512 bytes", assertThrows(IllegalArgumentException.class,
                () -> DocumentSignature.fromJson("ed25519", id, "")).getMessage());
    }
}
