package jp.mimamori.integrity.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.integrity.testutil.FolderStore;
import jp.mimamori.integrity.testutil.Recordings;
import jp.mimamori.integrity.testutil.TestCertificates;
import jp.mimamori.integrity.verify.RecordingVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published certificate-chain vector ({@code docs/vectors/cert-chain/}, docs/SECURITY.md G13) re-derived byte
 * for byte: the segment-manifest vector store sealed again with the vector key certified by a published test CA, so
 * each {@code manifest.sig.json} carries {@code cert_chain}; with only {@code ca.pem} trusted it verifies VALID,
 * with only {@code other-ca.pem} every segment is {@code KEY_UNTRUSTED} (K3-2-4). Regenerate (after a deliberate
 * format change only) with {@code -Dmimamori.vectors.update=true}.
 */
class CertChainVectorsTest {
    static final Path VECTORS = Path.of("..", "docs", "vectors", "cert-chain");
    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    /** A published test key: seed bytes {@code first}, {@code first + 1}, … (never use it). */
    static SigningKey seeded(int first) throws Exception {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (first + i);
        }
        return SigningKey.ed25519(seed);
    }

    static void derive(Path out) throws Exception {
        SigningKey recorder = SegmentManifestVectorsTest.key();
        SigningKey ca = seeded(0x20);
        SigningKey otherCa = seeded(0x40);
        Files.createDirectories(out.resolve("keys"));
        Files.writeString(out.resolve("keys/ca-private.pem"), ca.toPem());
        byte[] caCert = TestCertificates.cert("Mimamori vector city CA", ca.verifyingKey(), "Mimamori vector city CA",
                ca, true, null, FROM, Instant.parse("2036-01-01T00:00:00Z"), BigInteger.ONE);
        byte[] leaf = TestCertificates.cert("recorder cam-vec", recorder.verifyingKey(), "Mimamori vector city CA", ca,
                false, null, FROM, Instant.parse("2027-01-01T00:00:00Z"), BigInteger.TWO);
        byte[] other = TestCertificates.cert("Mimamori vector other CA", otherCa.verifyingKey(),
                "Mimamori vector other CA", otherCa, true, null, FROM, Instant.parse("2036-01-01T00:00:00Z"),
                BigInteger.ONE);
        Files.writeString(out.resolve("ca.pem"), TestCertificates.pem(caCert), StandardCharsets.US_ASCII);
        Files.writeString(out.resolve("other-ca.pem"), TestCertificates.pem(other), StandardCharsets.US_ASCII);
        Files.writeString(out.resolve("leaf.pem"), TestCertificates.pem(leaf), StandardCharsets.US_ASCII);
        FolderStore store = FolderStore.at(out.resolve("store"));
        long t = SegmentManifestVectorsTest.T0;
        try (CameraChain chain = store.openChain(SegmentManifestVectorsTest.CAMERA, recorder, List.of(leaf),
                SegmentLog.none())) {
            for (List<byte[]> us : SegmentManifestVectorsTest.units()) {
                long[] times = new long[us.size()];
                for (int i = 0; i < us.size(); i++) {
                    times[i] = t;
                    t += 40_000;
                }
                store.sealUnits(chain, SegmentManifest.KIND_CHUNK, us, times);
            }
        }
    }

    @Test
    @DisplayName("G13, K3-2-4: docs/vectors/cert-chain re-derives byte for byte; VALID with ca.pem, KEY_UNTRUSTED with other-ca.pem")
    void publishedChainVector_rederivesByteForByte_andVerifiesWithOnlyTheCa(@TempDir Path tmp) throws Exception {
        if (Boolean.getBoolean("mimamori.vectors.update")) {
            Recordings.deleteTree(VECTORS.resolve("store"));
            derive(VECTORS);
        }
        derive(tmp);
        List<Path> expected = SegmentManifestVectorsTest.files(VECTORS);
        assertEquals(expected, SegmentManifestVectorsTest.files(tmp));
        for (Path p : expected) {
            assertArrayEquals(Files.readAllBytes(VECTORS.resolve(p)), Files.readAllBytes(tmp.resolve(p)), p.toString());
        }
        // The manifests are the segment-manifest vectors' own: the chain lives in the signature file only.
        Path plain = SegmentManifestVectorsTest.VECTORS.resolve("store/cam-vec/000000000001/manifest.json");
        assertArrayEquals(Files.readAllBytes(plain),
                Files.readAllBytes(VECTORS.resolve("store/cam-vec/000000000001/manifest.json")));

        VerificationReport ok = new RecordingVerifier().verify(VECTORS.resolve("store"),
                VerifyContext.of(TrustStore.fromFiles(List.of(VECTORS.resolve("ca.pem")))));
        assertTrue(ok.isValid(), ok.render(Locale.ENGLISH));
        assertEquals(List.of(), ok.findings());

        VerificationReport other = new RecordingVerifier().verify(VECTORS.resolve("store"),
                VerifyContext.of(TrustStore.fromFiles(List.of(VECTORS.resolve("other-ca.pem")))));
        assertEquals(List.of(0L, 1L), other.findings(VerificationCode.KEY_UNTRUSTED).stream()
                .map(f -> f.where().segment().orElseThrow()).collect(Collectors.toList()), other.render(Locale.ENGLISH));
        assertTrue(other.findings(VerificationCode.KEY_UNTRUSTED).get(0).message().en()
                .contains("does not end at a CA certificate in the trust store"), other.render(Locale.ENGLISH));
    }
}
