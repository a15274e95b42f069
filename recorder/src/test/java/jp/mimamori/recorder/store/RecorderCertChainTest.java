package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.Certificates;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.testutil.TestCertificates;
import jp.mimamori.integrity.verify.VerifyContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's certificate chain (docs/SECURITY.md G13, K3-2-4): {@link RecorderOptions#withCertChain} refuses a
 * chain that does not certify the signing key, every signature file the recorder writes carries the chain, and a
 * rotated-to key carries its own.
 */
class RecorderCertChainTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");
    private static final long REC_US = Instant.parse("2026-04-01T09:00:00Z").toEpochMilli() * 1000;

    @TempDir
    Path dir;

    private final SigningKey ca = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
    private final SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);

    private byte[] leaf(SigningKey subject) throws Exception {
        return TestCertificates.cert("recorder", subject.verifyingKey(), "City CA", ca, false, null, FROM, TO);
    }

    private byte[] caCert() throws Exception {
        return TestCertificates.cert("City CA", ca.verifyingKey(), "City CA", ca, true, null, FROM, TO);
    }

    @Test
    void chainNotCertifyingTheSigningKey_isRefusedNaming_certChain_K3_2_4() throws Exception {
        SigningKey other = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
        RecorderOptions o = RecorderOptions.plain(key);
        IllegalArgumentException wrongKey = assertThrows(IllegalArgumentException.class,
                () -> o.withCertChain(List.of(leaf(other))));
        assertTrue(wrongKey.getMessage().startsWith("certChain[0]: the leaf certificate certifies key "),
                wrongKey.getMessage());
        assertTrue(wrongKey.getMessage().contains("(K3-2-4) / "), wrongKey.getMessage());
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> o.withCertChain(List.of(new byte[] {1, 2, 3})));
        assertTrue(garbage.getMessage().startsWith("certChain[0]: "), garbage.getMessage());
        List<byte[]> five = new ArrayList<>();
        for (int i = 0; i <= ManifestSignature.MAX_CHAIN; i++) {
            five.add(i == 0 ? leaf(key) : caCert());
        }
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> o.withCertChain(five));
        assertTrue(tooLong.getMessage().startsWith("certChain: 5 certificates, more than 4"), tooLong.getMessage());
        assertEquals(List.of(), o.certChain());
    }

    @Test
    void everySignatureFileCarriesTheChain_andARotatedKeyItsOwn_validWithOnlyTheCa_G13_K3_2_4() throws Exception {
        SigningKey next = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
        Path store = dir.resolve("store");
        try (Recorder r = Recorder.open(store, RecorderOptions.plain(key).withCertChain(List.of(leaf(key))));
             CameraRecorder cam = r.camera("K-1")) {
            TestSegments.seal(cam, "zero".getBytes(StandardCharsets.US_ASCII), REC_US);
            cam.rotateKey(next, List.of(leaf(next)));
            TestSegments.seal(cam, "one".getBytes(StandardCharsets.US_ASCII), REC_US + 1_000_000);
            TestSegments.seal(cam, "two".getBytes(StandardCharsets.US_ASCII), REC_US + 2_000_000);
        }
        List<String> signers = new ArrayList<>();
        for (int seq = 0; seq < 3; seq++) {
            ManifestSignature s = ManifestSignature.parse(Files.readAllBytes(
                    store.resolve("K-1").resolve(String.format("%012d", seq)).resolve("manifest.sig.json")));
            assertEquals(1, s.certChain().size());
            assertEquals(s.keyId(), Certificates.certifiedKey(s.certChain().get(0)).orElseThrow().keyId());
            signers.add(s.keyId());
        }
        assertEquals(List.of(key.verifyingKey().keyId(), key.verifyingKey().keyId(), next.verifyingKey().keyId()),
                signers);
        TrustStore caOnly = TrustStore.builder().addCaCertificateDer(caCert()).build();
        VerificationReport report = new StoreVerifier(Optional.empty()).verify(store, VerifyContext.of(caOnly));
        assertTrue(report.isValid(), report.render(Locale.ENGLISH));
        assertEquals(1, report.findings(VerificationCode.KEY_CHANGED).size(), report.render(Locale.ENGLISH));
    }
}
