package jp.mimamori.retention.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import jp.mimamori.retention.crypto.internal.CiphertextHeader;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.retention.internal.Hkdf;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Published vectors: our own (docs/vectors/retention/, checked by Tink) and Wycheproof HKDF-SHA256. */
class StreamingVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode load(String path) throws Exception {
        try (InputStream in = StreamingVectorsTest.class.getResourceAsStream(path)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    @DisplayName("docs/vectors/retention/streaming-aead.json: we reproduce every ciphertext, Tink decrypts it")
    void ourVectors_reproducedAndAcceptedByTink() throws Exception {
        JsonNode root = load("/vectors/retention/streaming-aead.json");
        int n = 0;
        for (JsonNode v : root.get("vectors")) {
            byte[] key = HEX.parseHex(v.get("key").asText());
            byte[] aad = HEX.parseHex(v.get("aad").asText());
            int seg = v.get("segment_size").asInt();
            byte[] pt = VectorGen.plaintext(v.get("plaintext_length").asInt());
            byte[] ct = StreamingSegmentCipher.create(seg).encrypt(SecretBytes.copyOf(key), aad, pt,
                    new CiphertextHeader(HEX.parseHex(v.get("salt").asText()),
                            HEX.parseHex(v.get("nonce_prefix").asText())));
            assertEquals(v.get("ciphertext_length").asInt(), ct.length, v.get("name").asText());
            assertEquals(v.get("ciphertext_sha256").asText(),
                    HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(ct)), v.get("name").asText());
            if (v.has("ciphertext")) {
                assertEquals(v.get("ciphertext").asText(), HEX.formatHex(ct));
            }
            try (InputStream in = new AesGcmHkdfStreaming(key, "HmacSha256", 32, seg, 0)
                    .newDecryptingStream(new ByteArrayInputStream(ct), aad)) {
                assertArrayEquals(pt, in.readAllBytes(), v.get("name").asText());
            }
            n++;
        }
        assertEquals(9, n);
    }

    @Test
    @DisplayName("Wycheproof hkdf_sha256_test.json: every valid vector derives its okm")
    void wycheproofHkdf() throws Exception {
        JsonNode root = load("/vectors/wycheproof/hkdf_sha256_test.json");
        int checked = 0;
        for (JsonNode g : root.get("testGroups")) {
            for (JsonNode t : g.get("tests")) {
                int size = t.get("size").asInt();
                boolean valid = "valid".equals(t.get("result").asText());
                if (!valid || size > 255 * 32) {
                    continue;
                }
                byte[] okm = Hkdf.sha256(HEX.parseHex(t.get("ikm").asText()), HEX.parseHex(t.get("salt").asText()),
                        HEX.parseHex(t.get("info").asText()), size);
                assertEquals(t.get("okm").asText(), HEX.formatHex(okm), "tcId " + t.get("tcId"));
                checked++;
            }
        }
        assertEquals(true, checked > 50, "checked " + checked);
    }
}
