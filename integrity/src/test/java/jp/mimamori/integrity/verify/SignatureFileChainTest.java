package jp.mimamori.integrity.verify;

import static jp.mimamori.integrity.testutil.TestCertificates.cert;
import static jp.mimamori.integrity.testutil.TestCertificates.pem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.Certificates;
import jp.mimamori.integrity.keys.KeyScope;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.integrity.testutil.FolderStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/SECURITY.md G13 (K3-2-4): a segment's signature file carries the recorder's certificate chain, and a
 * verifier that trusts only the city's CA certificate trusts the recorder's key through it — at the recording
 * time, within the CA's scope, never by the chain alone. Every defect of the carried chain is a
 * {@code KEY_UNTRUSTED} finding with its reason, never an exception.
 */
class SignatureFileChainTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final String CAMERA = "K-1";
    /** The footage is recorded 2026-04-01T09:00:00Z onwards. */
    private static final Instant REC = Instant.parse("2026-04-01T09:00:00Z");
    private static final Instant Y0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant Y1 = Instant.parse("2027-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    private final SigningKey ca = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
    private final SigningKey recorder = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);

    private byte[] caCert() throws Exception {
        return cert("City CA", ca.verifyingKey(), "City CA", ca, true, null, Y0, Y1.plus(Duration.ofDays(3650)));
    }

    private byte[] leaf(SigningKey subject, SigningKey issuer, Instant from, Instant to) throws Exception {
        return cert("recorder " + CAMERA, subject.verifyingKey(), "City CA", issuer, false, null, from, to);
    }

    /** A store of two segments of camera K-1 signed by {@code key}, its signature files carrying {@code chain}. */
    private Path store(SigningKey key, List<byte[]> chain) throws Exception {
        Path root = tmp.resolve("store");
        FolderStore s = FolderStore.at(root);
        try (CameraChain c = s.openChain(CAMERA, key, chain, SegmentLog.none())) {
            seal(s, c, 0);
            seal(s, c, 1);
        }
        return root;
    }

    private static void seal(FolderStore s, CameraChain c, int n) throws Exception {
        long t = REC.toEpochMilli() * 1000 + n * 1_000_000L;
        s.sealUnits(c, SegmentManifest.KIND_CHUNK, List.of(("unit " + n).getBytes(StandardCharsets.US_ASCII)),
                new long[] {t});
    }

    private static VerificationReport verify(Path store, TrustStore trust) {
        return new RecordingVerifier().verify(store, VerifyContext.of(trust));
    }

    private TrustStore caOnly() throws Exception {
        return TrustStore.builder().addCaCertificateDer(caCert()).build();
    }

    private static List<Long> untrusted(VerificationReport r) {
        return r.findings(VerificationCode.KEY_UNTRUSTED).stream().map(f -> f.where().segment().orElseThrow())
                .collect(Collectors.toList());
    }

    private static String firstUntrusted(VerificationReport r) {
        return r.findings(VerificationCode.KEY_UNTRUSTED).get(0).message().en();
    }

    /** Rewrites segment {@code seq}'s signature file with {@code chain} (the manifest and signature unchanged). */
    private static void replaceChain(Path store, long seq, List<byte[]> chain) throws Exception {
        Path f = StoreLayout.segment(store, CAMERA, seq).resolve(StoreLayout.SIGNATURE);
        ManifestSignature s = ManifestSignature.parse(Files.readAllBytes(f));
        Files.write(f, new ManifestSignature(s.sigAlg(), s.keyId(), s.publicKey(), s.signedSha256(), s.signature(),
                chain).encode());
    }

    @Test
    void leafSignedStore_verifiesValidWithOnlyTheCaTrusted_G13_K3_2_4() throws Exception {
        Path store = store(recorder, List.of(leaf(recorder, ca, Y0, Y1)));
        VerificationReport r = verify(store, caOnly());
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(List.of(), r.findings());
        // Without the chain in the signature files the same CA vouches for nothing (the gap G13 closed).
        replaceChain(store, 0, List.of());
        assertEquals(List.of(0L), untrusted(verify(store, caOnly())));
    }

    @Test
    void signatureFileWithoutChain_isByteIdenticalToBefore_G13() throws Exception {
        Path store = store(recorder, List.of());
        byte[] sig = Files.readAllBytes(StoreLayout.segment(store, CAMERA, 0).resolve(StoreLayout.SIGNATURE));
        assertFalse(new String(sig, StandardCharsets.US_ASCII).contains("cert_chain"));
        ManifestSignature parsed = ManifestSignature.parse(sig);
        assertEquals(List.of(), parsed.certChain());
        assertArrayEquals(sig, new ManifestSignature(parsed.sigAlg(), parsed.keyId(), parsed.publicKey(),
                parsed.signedSha256(), parsed.signature()).encode());
    }

    @Test
    void leafExpiredAtRecordingTime_isKeyUntrusted_G13_K3_2_4() throws Exception {
        // The leaf expired a month before the footage was recorded; verifying "now" changes nothing.
        Path store = store(recorder, List.of(leaf(recorder, ca, Y0, REC.minus(Duration.ofDays(30)))));
        VerificationReport r = verify(store, caOnly());
        assertEquals(List.of(0L, 1L), untrusted(r), r.render(Locale.ENGLISH));
        assertTrue(firstUntrusted(r).contains("not valid at 2026-04-01T09:00"), firstUntrusted(r));
    }

    @Test
    void leafNotYetValidAtRecordingTime_isKeyUntrusted_G13_K3_2_4() throws Exception {
        Path store = store(recorder, List.of(leaf(recorder, ca, REC.plus(Duration.ofDays(1)), Y1)));
        VerificationReport r = verify(store, caOnly());
        assertEquals(List.of(0L, 1L), untrusted(r), r.render(Locale.ENGLISH));
        assertTrue(firstUntrusted(r).contains("not valid at"), firstUntrusted(r));
    }

    @Test
    void chainToAnotherCa_isKeyUntrusted_G13_K3_2_4() throws Exception {
        SigningKey otherCa = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
        Path store = store(recorder, List.of(leaf(recorder, otherCa, Y0, Y1)));
        VerificationReport r = verify(store, caOnly());
        assertEquals(List.of(0L, 1L), untrusted(r), r.render(Locale.ENGLISH));
        assertTrue(firstUntrusted(r).contains("certificate chain does not hold"), firstUntrusted(r));
        // Carrying the other CA's own certificate in the chain does not make it a trust anchor.
        byte[] otherCaCert = cert("City CA", otherCa.verifyingKey(), "City CA", otherCa, true, null, Y0, Y1);
        replaceChain(store, 0, List.of(leaf(recorder, otherCa, Y0, Y1), otherCaCert));
        assertTrue(untrusted(verify(store, caOnly())).contains(0L));
    }

    @Test
    void leafCertifyingAnotherKey_isKeyUntrusted_G13_K3_2_4() throws Exception {
        SigningKey other = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
        Path store = store(recorder, List.of());
        replaceChain(store, 1, List.of(leaf(other, ca, Y0, Y1)));
        VerificationReport r = verify(store, caOnly());
        assertTrue(untrusted(r).contains(1L), r.render(Locale.ENGLISH));
        String msg = r.findings(VerificationCode.KEY_UNTRUSTED).stream().filter(f -> f.where().segment().orElseThrow() == 1L)
                .findFirst().orElseThrow().message().en();
        assertTrue(msg.contains("certifies a different key"), msg);
    }

    @Test
    void chainOverTheLimit_isKeyUntrustedWithTheReason_G13_K3_2_4() throws Exception {
        byte[] leaf = leaf(recorder, ca, Y0, Y1);
        Path store = store(recorder, List.of(leaf));
        List<byte[]> five = new ArrayList<>();
        for (int i = 0; i <= ManifestSignature.MAX_CHAIN; i++) {
            five.add(i == 0 ? leaf : caCert());
        }
        replaceChain(store, 0, five);
        VerificationReport r = verify(store, caOnly());
        assertEquals(List.of(0L), untrusted(r), r.render(Locale.ENGLISH));
        assertTrue(firstUntrusted(r).contains("has 5 certificates, more than 4"), firstUntrusted(r));
    }

    @Test
    void garbageOrOversizedChainField_isAReportNotAnException_G13_K3_2_4() throws Exception {
        Path store = store(recorder, List.of(leaf(recorder, ca, Y0, Y1)));
        // Not DER: the trust store's reason.
        replaceChain(store, 0, List.of(new byte[] {0x30, 0x03, 0x01, 0x02, 0x03}));
        VerificationReport r = verify(store, caOnly());
        assertEquals(List.of(0L), untrusted(r), r.render(Locale.ENGLISH));
        // Not an array of base64url strings, an empty array, or past the file's 16 KiB: the signature file is
        // unreadable (SIGNATURE_INVALID), as for any other malformed field.
        Path f = StoreLayout.segment(store, CAMERA, 1).resolve(StoreLayout.SIGNATURE);
        String good = Files.readString(f, StandardCharsets.US_ASCII);
        String head = good.substring(0, good.indexOf("\"cert_chain\":[") + "\"cert_chain\":".length());
        String tail = good.substring(good.indexOf(']', head.length()) + 1);
        for (String bad : List.of("\"AAAA\"", "[]", "[\"not base64!\"]", "[1]", "[\"" + "A".repeat(20_000) + "\"]")) {
            Files.writeString(f, head + bad + tail, StandardCharsets.US_ASCII);
            VerificationReport bad1 = verify(store, caOnly());
            assertFalse(bad1.isValid(), bad);
            assertFalse(bad1.findings(VerificationCode.SIGNATURE_INVALID).isEmpty(), bad + ": "
                    + bad1.render(Locale.ENGLISH));
        }
        // The parser names the field.
        ManifestFormatException e = assertThrows(ManifestFormatException.class,
                () -> ManifestSignature.parse((head + "[]" + tail).getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("cert_chain"), e.getMessage());
    }

    @Test
    void caScopeAppliesToCarriedChains_G13_K3_2_4() throws Exception {
        Path store = store(recorder, List.of(leaf(recorder, ca, Y0, Y1)));
        TrustStore otherCamera = TrustStore.builder().addCaCertificateDer(caCert(), KeyScope.recorder(Set.of("K-2")))
                .build();
        VerificationReport r = verify(store, otherCamera);
        assertEquals(List.of(0L, 1L), untrusted(r), r.render(Locale.ENGLISH));
        assertTrue(firstUntrusted(r).contains("not for camera K-1"), firstUntrusted(r));
    }

    @Test
    void keyRotationToACertifiedKey_isValid_andTheAnnouncementAloneVouchesForNothing_G13_K3_2_4()
            throws Exception {
        SigningKey next = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
        Path root = tmp.resolve("store");
        FolderStore s = FolderStore.at(root);
        try (CameraChain c = s.openChain(CAMERA, recorder, List.of(leaf(recorder, ca, Y0, Y1)), SegmentLog.none())) {
            c.rotateKey(next, List.of(leaf(next, ca, Y0, Y1)));
            seal(s, c, 0); // announces next
            seal(s, c, 1); // signed by next, carrying next's chain
        }
        VerificationReport r = verify(root, caOnly());
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(1, r.findings(VerificationCode.KEY_CHANGED).size());
        List<byte[]> carried = ManifestSignature.parse(Files.readAllBytes(StoreLayout.segment(root, CAMERA, 1)
                .resolve(StoreLayout.SIGNATURE))).certChain();
        assertEquals(next.verifyingKey(), Certificates.certifiedKey(carried.get(0)).orElseThrow());
        // The rotated-to key's chain to another CA: announced by a trusted manifest, still untrusted.
        SigningKey otherCa = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
        replaceChain(root, 1, List.of(leaf(next, otherCa, Y0, Y1)));
        VerificationReport bad = verify(root, caOnly());
        assertEquals(List.of(1L), untrusted(bad), bad.render(Locale.ENGLISH));
        // And its chain removed: the announcement alone vouches for nothing.
        replaceChain(root, 1, List.of());
        assertEquals(List.of(1L), untrusted(verify(root, caOnly())));
    }

    @Test
    void cameraChain_refusesAChainWhoseLeafCertifiesAnotherKey_naming_certChain() throws Exception {
        FolderStore s = FolderStore.at(tmp.resolve("store"));
        SigningKey other = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.openChain(CAMERA, recorder, List.of(leaf(other, ca, Y0, Y1)), SegmentLog.none()));
        assertTrue(e.getMessage().startsWith("certChain[0]: "), e.getMessage());
        assertTrue(e.getMessage().contains("K3-2-4"), e.getMessage());
        try (CameraChain c = s.openChain(CAMERA, recorder, List.of(), SegmentLog.none())) {
            IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                    () -> c.rotateKey(other, List.of(leaf(recorder, ca, Y0, Y1))));
            assertTrue(r.getMessage().startsWith("nextCertChain[0]: "), r.getMessage());
        }
    }

    @Test
    void trustFileWithTheLeafAndTheCarriedChain_agree_G13() throws Exception {
        // The leaf given beside the CA (issue 13) and the leaf carried in the data (G13) are one decision.
        byte[] leaf = leaf(recorder, ca, Y0, Y1);
        Path store = store(recorder, List.of(leaf));
        TrustStore pair = TrustStore.builder().addPem(pem(leaf), "leaf.pem").addPem(pem(caCert()), "ca.pem").build();
        assertTrue(verify(store, pair).isValid());
        List<Finding> none = verify(store, caOnly()).findings();
        assertEquals(List.of(), none);
    }

    @Test
    void leafExpiredBeforeTheLogsTime_backDatedSegment_isKeyUntrustedAtTheLogsTime_G13_G12_K3_2_4() throws Exception {
        // K-1's leaf expires on day 10. Honest segments: K-1 on day 1, K-2 (its own certified key) on day 12, both
        // logged. Then a thief holding K-1's key seals a segment claiming day 3 and logs it after K-2's record.
        Instant day0 = Instant.parse("2026-04-01T00:00:00Z");
        Instant expiry = day0.plus(Duration.ofDays(10));
        SigningKey k2 = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
        jp.mimamori.testing.InMemoryEvidenceLog log = new jp.mimamori.testing.InMemoryEvidenceLog();
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(day0);
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        Path root = tmp.resolve("store");
        FolderStore s = FolderStore.at(root);
        List<byte[]> k1Chain = List.of(leaf(recorder, ca, Y0, expiry));
        try (CameraChain own = s.openChain(CAMERA, recorder, k1Chain, SegmentLog.to(log, clock));
             CameraChain other = s.openChain("K-2", k2, List.of(leaf(k2, ca, Y0, Y1)), SegmentLog.to(log, clock))) {
            now.set(day0.plus(Duration.ofDays(1)));
            sealAt(s, own, now.get());
            now.set(day0.plus(Duration.ofDays(12)));
            sealAt(s, other, now.get());
        }
        now.set(day0.plus(Duration.ofDays(3)));
        try (CameraChain own = s.openChain(CAMERA, recorder, k1Chain, SegmentLog.to(log, clock))) {
            sealAt(s, own, now.get());
        }
        // Without the log the manifest's claim (day 3, within the leaf's validity) is all there is.
        assertTrue(verify(root, caOnly()).isValid());
        VerificationReport r = new RecordingVerifier().verify(root, VerifyContext.of(caOnly())
                .withLog(jp.mimamori.integrity.log.AnchoredLog.of(log.records(), log.records().size())));
        List<Finding> f = r.findings(VerificationCode.KEY_UNTRUSTED);
        assertEquals(1, f.size(), r.render(Locale.ENGLISH));
        assertEquals(1L, f.get(0).where().segment().orElseThrow(), "K-1's day-1 segment stays trusted");
        assertTrue(f.get(0).message().en().contains("not valid at 2026-04-13"), f.get(0).message().en());
    }

    private static void sealAt(FolderStore s, CameraChain c, Instant at) throws Exception {
        s.sealUnits(c, SegmentManifest.KIND_CHUNK, List.of(new byte[] {1, 2, 3}),
                new long[] {at.toEpochMilli() * 1000});
    }
}
