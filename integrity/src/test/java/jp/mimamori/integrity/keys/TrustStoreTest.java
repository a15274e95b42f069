package jp.mimamori.integrity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.testutil.TestCertificates;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caller-supplied trust: keys and CA certificates (DESIGN.md: verifiers trust keys only through a trust store). */
class TrustStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

    @TempDir
    Path dir;

    static byte[] cert(String subject, VerifyingKey subjectKey, String issuer, SigningKey issuerKey, boolean ca,
            Integer pathLen, Instant from, Instant to) throws Exception {
        return TestCertificates.cert(subject, subjectKey, issuer, issuerKey, ca, pathLen, from, to);
    }

    private static final Instant FROM = NOW.minus(Duration.ofDays(30));
    private static final Instant TO = NOW.plus(Duration.ofDays(365));

    @Test
    @DisplayName("K3-2-4, S3: a listed key is trusted and found by key id; an unlisted one is not")
    void listedKeys_areTrusted() {
        SigningKey a = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        SigningKey b = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
        TrustStore t = TrustStore.of(List.of(a.verifyingKey()));
        assertTrue(t.trusts(a.verifyingKey()));
        assertEquals(a.verifyingKey(), t.find(a.verifyingKey().keyId()).orElseThrow());
        assertFalse(t.trusts(b.verifyingKey()));
        assertTrue(t.find(b.verifyingKey().keyId()).isEmpty());
        assertFalse(t.trusts(b.verifyingKey(), List.of(), NOW));
    }

    @Test
    @DisplayName("K3-2-4, S3: a key certified up to a trusted CA is trusted; chain defects are named")
    void keyChainingToTrustedCa_isTrusted_andDefectsFail() throws Exception {
        SigningKey root = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        SigningKey inter = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
        SigningKey recorder = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        byte[] rootCert = cert("City CA", root.verifyingKey(), "City CA", root, true, 1, FROM, TO);
        byte[] interCert = cert("Vendor CA", inter.verifyingKey(), "City CA", root, true, 0, FROM, TO);
        byte[] leafCert = cert("recorder-7", recorder.verifyingKey(), "Vendor CA", inter, false, null, FROM, TO);
        TrustStore t = TrustStore.builder().addCaCertificateDer(rootCert).build();
        VerifyingKey key = recorder.verifyingKey();

        assertFalse(t.trusts(key), "not listed directly");
        t.checkChain(key, List.of(leafCert, interCert), NOW);
        t.checkChain(key, List.of(leafCert, interCert, rootCert), NOW);
        assertTrue(t.trusts(key, List.of(leafCert, interCert), NOW));

        assertEquals("certificate chain[0]: certifies a different key", assertThrows(CryptoException.class,
                () -> t.checkChain(inter.verifyingKey(), List.of(leafCert, interCert), NOW)).getMessage());
        assertTrue(assertThrows(CryptoException.class,
                () -> t.checkChain(key, List.of(leafCert, interCert), NOW.plus(Duration.ofDays(400))))
                .getMessage().startsWith("certificate chain[0]: not valid at"));
        assertEquals("certificate chain: does not end at a CA certificate in the trust store",
                assertThrows(CryptoException.class, () -> t.checkChain(key, List.of(leafCert), NOW)).getMessage());

        // An intermediate signed by an impostor with the same name.
        SigningKey impostor = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        byte[] forged = cert("Vendor CA", inter.verifyingKey(), "City CA", impostor, true, 0, FROM, TO);
        assertEquals("certificate chain[1]: signature does not verify under its issuer's key",
                assertThrows(CryptoException.class, () -> t.checkChain(key, List.of(leafCert, forged), NOW))
                        .getMessage());

        // A leaf certificate used as an issuer.
        SigningKey other = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        byte[] underLeaf = cert("other", other.verifyingKey(), "recorder-7", recorder, false, null, FROM, TO);
        assertEquals("certificate chain[1]: not a CA certificate (basicConstraints cA is not true)",
                assertThrows(CryptoException.class, () -> t.checkChain(other.verifyingKey(),
                        List.of(underLeaf, leafCert, interCert), NOW)).getMessage());

        // Path length: the intermediate allows no further CA below it.
        SigningKey sub = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        byte[] subCert = cert("Sub CA", sub.verifyingKey(), "Vendor CA", inter, true, null, FROM, TO);
        byte[] leaf2 = cert("recorder-8", other.verifyingKey(), "Sub CA", sub, false, null, FROM, TO);
        assertEquals("certificate chain[2]: path length constraint 0 exceeded", assertThrows(CryptoException.class,
                () -> t.checkChain(other.verifyingKey(), List.of(leaf2, subCert, interCert), NOW)).getMessage());

        assertEquals("certificate chain[0]: not a DER X.509 certificate", assertThrows(CryptoException.class,
                () -> t.checkChain(key, List.of(new byte[] {0x30, 0}), NOW)).getMessage());
        assertEquals("certificate chain: the trust store has no CA certificates", assertThrows(CryptoException.class,
                () -> TrustStore.of(List.of()).checkChain(key, List.of(leafCert), NOW)).getMessage());
    }

    @Test
    void fromPemFiles_readsKeysAndCertificates_andRefusesOtherBlocks() throws Exception {
        SigningKey a = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        SigningKey b = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
        SigningKey root = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
        byte[] rootCert = cert("City CA", root.verifyingKey(), "City CA", root, true, null, FROM, TO);
        Path keysFile = dir.resolve("keys.pem");
        Files.writeString(keysFile, a.verifyingKey().toPem() + b.verifyingKey().toPem());
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, Pem.write("CERTIFICATE", rootCert));
        TrustStore t = TrustStore.fromPemFiles(List.of(keysFile, caFile));
        assertTrue(t.trusts(a.verifyingKey()));
        assertTrue(t.trusts(b.verifyingKey()));
        assertFalse(t.trusts(root.verifyingKey()), "a CA certificate's key is an anchor, not a listed key");
        assertEquals(1, t.caCertificatesDer().size());
        assertEquals("TrustStore[2 keys, 1 CA certificates, 0 certified keys]", t.toString());

        Path bad = dir.resolve("private.pem");
        Files.writeString(bad, a.toPem());
        assertEquals("private.pem block 1: a \"PRIVATE KEY\" block; a trust store holds only PUBLIC KEY and"
                + " CERTIFICATE blocks", assertThrows(CryptoException.class,
                () -> TrustStore.fromPemFiles(List.of(bad))).getMessage());
    }
}
