package jp.mimamori.retention.sanitize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SanitizationCertificateTest {
    static SanitizationCertificate sample(String serial) {
        return new SanitizationCertificate("san-2026-001",
                new SanitizationCertificate.Person("Sato Hanako", "IT staff", "Kumagaya City", "City Hall", ""),
                new SanitizationCertificate.Media("HDD", "Seagate", "ST4000VX016", serial, "KMG-A-1234",
                        "NVR kmg-station (cameras kmg-1, kmg-2)", "no", ""),
                SanitizationCertificate.Method.PURGE, "cryptographic erase + ATA SECURE ERASE",
                "hdparm 9.65", SanitizationCertificate.Verification.FULL, "full read-back: all zeros",
                "recycling facility (Kumagaya Clean Center)", "", Instant.parse("2026-06-01T10:00:00Z"),
                new SanitizationCertificate.Person("Suzuki Ichiro", "Operation manager", "Kumagaya City", "", ""));
    }

    @Test
    @DisplayName("K3-2-3: a certificate signs over its canonical bytes, verifies, and any change breaks it")
    void signAndVerify_changeBreaksSignature() throws Exception {
        TestSigner signer = TestSigner.generate();
        SanitizationCertificate c = sample("ZA1234567");
        Map<String, Object> doc = c.sign(signer);
        @SuppressWarnings("unchecked")
        byte[] sig = Base64.getUrlDecoder().decode((String) ((Map<String, Object>) doc.get("signature")).get("sig"));
        c.verify(sig, signer);
        CryptoException e = assertThrows(CryptoException.class, () -> sample("ZA1234568").verify(sig, signer));
        assertEquals("sanitization certificate san-2026-001: signature invalid", e.getMessage());
        assertEquals(64, signer.keyId().length());
    }

    @Test
    void canonicalBytes_sortedKeysAndEscapes() {
        String json = new String(sample("A\"B\n").canonicalBytes(), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"certificate_id\":\"san-2026-001\",\"destination\":"));
        assertTrue(json.contains("\"serial_number\":\"A\\\"B\\n\""));
    }

    @Test
    @DisplayName("K3-2-3: rendered in Japanese and English with the NIST SP 800-88 fields")
    void rendersJaAndEn() {
        String ja = sample("ZA1").render(Locale.JAPANESE);
        String en = sample("ZA1").render(Locale.ENGLISH);
        assertTrue(ja.contains("媒体消去証明書") && ja.contains("除去(Purge)") && ja.contains("製造番号 ZA1"));
        assertTrue(en.contains("Sanitization: Purge") && en.contains("Verification: full")
                && en.contains("serial ZA1"));
    }

    @Test
    void evidenceRecord_carriesHashAndKeyId() throws Exception {
        TestSigner signer = TestSigner.generate();
        EvidenceRecord r = sample("ZA1").toRecord(signer);
        assertEquals(EvidenceTypes.SANITIZATION, r.type());
        assertEquals(sample("ZA1").hash(), r.string("certificate_hash").orElseThrow());
        assertEquals("purge", r.string("method").orElseThrow());
        assertEquals(signer.keyId(), r.string("key_id").orElseThrow());
    }

    @Test
    void missingSerial_isRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sample(" "));
        assertEquals("media.serialNumber: required (NIST SP 800-88 certificate field, K3-2-3)", e.getMessage());
    }
}
