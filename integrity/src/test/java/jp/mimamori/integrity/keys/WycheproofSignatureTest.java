package jp.mimamori.integrity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.SignatureInvalidException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof (C2SP/wycheproof, copied with its LICENSE under {@code vectors/wycheproof}): every "valid"
 * signature verifies and every "invalid" one fails (DESIGN.md: Ed25519 and ECDSA P-256). These files contain
 * no "acceptable" cases; were any added, they would be reported by {@link #count}'s assertion.
 *
 * <p>ECDSA encoding decision: {@link VerifyingKey#verify} accepts DER only. Every IEEE P1363 ({@code r||s})
 * signature is therefore rejected as given; converted to DER, the valid ones verify and the invalid ones
 * still fail — so the P1363 file exercises the same verifier on more edge cases.
 */
class WycheproofSignatureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode load(String name) throws Exception {
        try (InputStream in = WycheproofSignatureTest.class.getResourceAsStream("/vectors/wycheproof/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static int[] count(JsonNode file) {
        int valid = 0;
        int invalid = 0;
        for (JsonNode g : file.get("testGroups")) {
            for (JsonNode t : g.get("tests")) {
                String r = t.get("result").asText();
                assertTrue(r.equals("valid") || r.equals("invalid"), "tcId " + t.get("tcId") + ": result " + r
                        + " needs a documented decision");
                if (r.equals("valid")) {
                    valid++;
                } else {
                    invalid++;
                }
            }
        }
        return new int[] {valid, invalid};
    }

    private static void checkFile(String name, SignatureAlgorithm alg) throws Exception {
        JsonNode file = load(name);
        int checked = 0;
        for (JsonNode g : file.get("testGroups")) {
            VerifyingKey key;
            try {
                key = VerifyingKey.fromSpkiDer(HEX.parseHex(g.get("publicKeyDer").asText()));
            } catch (CryptoException e) {
                // A key we refuse can only be paired with invalid signatures.
                for (JsonNode t : g.get("tests")) {
                    assertEquals("invalid", t.get("result").asText(), name + " tcId " + t.get("tcId"));
                    checked++;
                }
                continue;
            }
            assertEquals(alg, key.algorithm());
            for (JsonNode t : g.get("tests")) {
                byte[] msg = HEX.parseHex(t.get("msg").asText());
                byte[] sig = HEX.parseHex(t.get("sig").asText());
                String id = name + " tcId " + t.get("tcId") + " (" + t.get("comment").asText() + ")";
                if (t.get("result").asText().equals("valid")) {
                    assertTrue(key.isValid(sig, msg), id);
                    key.verify(sig, msg);
                } else {
                    assertFalse(key.isValid(sig, msg), id);
                    assertThrows(SignatureInvalidException.class, () -> key.verify(sig, msg), id);
                }
                checked++;
            }
        }
        int[] c = count(file);
        assertEquals(c[0] + c[1], checked);
        assertEquals(file.get("numberOfTests").asInt(), checked);
    }

    @Test
    @DisplayName("K3-2-4: Wycheproof Ed25519: valid verify, invalid fail")
    void ed25519_wycheproof() throws Exception {
        checkFile("ed25519_test.json", SignatureAlgorithm.ED25519);
    }

    @Test
    @DisplayName("K3-2-4: Wycheproof ECDSA P-256 SHA-256 (DER): valid verify, invalid fail")
    void ecdsaP256Der_wycheproof() throws Exception {
        checkFile("ecdsa_secp256r1_sha256_test.json", SignatureAlgorithm.ECDSA_P256);
    }

    @Test
    @DisplayName("K3-2-4: P1363 signatures are not accepted as such; converted to DER they behave as marked")
    void ecdsaP256P1363_rejectedRaw_andBehaveAsMarkedWhenConvertedToDer() throws Exception {
        JsonNode file = load("ecdsa_secp256r1_sha256_p1363_test.json");
        int valid = 0;
        for (JsonNode g : file.get("testGroups")) {
            VerifyingKey key = VerifyingKey.fromSpkiDer(HEX.parseHex(g.get("publicKeyDer").asText()));
            for (JsonNode t : g.get("tests")) {
                byte[] msg = HEX.parseHex(t.get("msg").asText());
                byte[] sig = HEX.parseHex(t.get("sig").asText());
                String id = "tcId " + t.get("tcId") + " (" + t.get("comment").asText() + ")";
                assertFalse(key.isValid(sig, msg), id + ": raw P1363 must not verify");
                boolean isValid = t.get("result").asText().equals("valid");
                if (sig.length == 64) {
                    BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
                    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
                    byte[] der = new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)})
                            .getEncoded(ASN1Encoding.DER);
                    assertEquals(isValid, key.isValid(der, msg), id + " as DER");
                    valid += isValid ? 1 : 0;
                } else {
                    assertFalse(isValid, id + ": a valid P1363 signature is 64 bytes");
                }
            }
        }
        assertEquals(count(file)[0], valid);
    }
}
