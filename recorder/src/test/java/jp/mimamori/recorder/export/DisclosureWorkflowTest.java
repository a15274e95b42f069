package jp.mimamori.recorder.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.core.decision.BasisKind;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.decision.RequestedPurpose;
import jp.mimamori.core.decision.RequesterKind;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.DisclosureRegister;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.testutil.Recordings;
import jp.mimamori.integrity.testutil.TestCertificates;
import jp.mimamori.integrity.verify.BundleVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals, erasure against withholding, and trust through the city's CA only (K3-4, S7, S8, S9, K3-2-3). */
class DisclosureWorkflowTest {
    @TempDir
    Path dir;

    static DisclosureRequest request(String id, RequesterKind kind, String requester, Purpose purpose) {
        return new DisclosureRequest(id, kind, requester, BasisKind.WRITTEN_REQUEST, Optional.of("文書-1"),
                Optional.empty(), RequestedPurpose.of(purpose), DisclosureFixture.CAMERA,
                DisclosureFixture.T0.plusSeconds(3), DisclosureFixture.T0.plusSeconds(6),
                DisclosureFixture.CLOCK.instant());
    }

    @Test
    @DisplayName("S8/S9/K3-4: a purpose that does not fit and a family's request are denied, logged with reasons, no bundle; the register lists provisions and refusals")
    void denied_loggedWithReasons_noBundle_registerListsBoth() throws Exception {
        DisclosureFixture fx = new DisclosureFixture(dir.resolve("site"), 3);
        Path s8 = dir.resolve("s8.zip");
        DisclosureOutcome.Denied d8 = assertInstanceOf(DisclosureOutcome.Denied.class, fx.export(request("s8",
                RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署", Purpose.ACCIDENT_INVESTIGATION), s8));
        assertTrue(d8.decision().requirements().contains("S8"), d8.decision().requirements().toString());
        Path s9 = dir.resolve("s9.zip");
        DisclosureOutcome.Denied d9 = assertInstanceOf(DisclosureOutcome.Denied.class, fx.export(request("s9",
                RequesterKind.PRIVATE_INDIVIDUAL, "家族", Purpose.MISSING_PERSON), s9));
        assertTrue(d9.decision().reason().en().contains("police → city → operation manager"),
                d9.decision().reason().en());
        assertFalse(Files.exists(s8));
        assertFalse(Files.exists(s9));
        assertInstanceOf(DisclosureOutcome.Exported.class, fx.export(DisclosureFixture.police("ok",
                DisclosureFixture.T0.plusSeconds(1), DisclosureFixture.T0.plusSeconds(3)), dir.resolve("ok.zip")));
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(fx.logDir)) {
            DisclosureRegister reg = DisclosureRegister.from(log);
            assertEquals(List.of("ok"), reg.entries().stream().map(DisclosureRegister.Entry::disclosureId).toList());
            assertEquals(List.of("s8", "s9"), reg.refusals().stream().map(DisclosureRegister.Refusal::requestId)
                    .toList());
            String text = reg.render(Locale.ENGLISH);
            assertTrue(text.contains("Requests refused") && text.contains("police → city → operation manager"), text);
        }
    }

    @Test
    @DisplayName("K3-4: the register lists the recipient's acknowledgement beside the disclosure it acknowledges, and says whether it names the bundle exported")
    void register_listsAcknowledgementsBesideTheirDisclosures() throws Exception {
        DisclosureFixture fx = new DisclosureFixture(dir.resolve("ack-site"), 3);
        DisclosureOutcome.Exported ok = assertInstanceOf(DisclosureOutcome.Exported.class, fx.export(
                DisclosureFixture.police("ack-1", DisclosureFixture.T0.plusSeconds(1), DisclosureFixture.T0.plusSeconds(3)),
                dir.resolve("ack-1.zip")));
        assertInstanceOf(DisclosureOutcome.Exported.class, fx.export(DisclosureFixture.police("ack-2",
                DisclosureFixture.T0.plusSeconds(1), DisclosureFixture.T0.plusSeconds(3)), dir.resolve("ack-2.zip")));
        jp.mimamori.integrity.keys.SigningKey police = DisclosureFixture.key(9);
        java.time.Instant at = DisclosureFixture.CLOCK.instant().plusSeconds(3600);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(fx.logDir)) {
            long good = DisclosureExport.received(log, jp.mimamori.integrity.bundle.BundleReceipt.sign("ack-1",
                    ok.bundleHash(), "佐久警察署 (Saku Police)", at, "VALID", police), at);
            DisclosureExport.received(log, jp.mimamori.integrity.bundle.BundleReceipt.sign("ack-1", "0".repeat(64),
                    "佐久警察署 (Saku Police)", at, "INVALID", police), at);
            DisclosureExport.received(log, jp.mimamori.integrity.bundle.BundleReceipt.sign("elsewhere", "1".repeat(64),
                    "佐久警察署 (Saku Police)", at, "VALID", police), at);
            DisclosureRegister reg = DisclosureRegister.from(log);
            assertEquals(3, reg.acknowledgements().size());
            DisclosureRegister.Acknowledgement first = reg.acknowledgements().get(0);
            assertEquals(good, first.logIndex());
            assertTrue(first.matchesExport());
            assertFalse(reg.acknowledgements().get(1).matchesExport());
            assertEquals("-", reg.acknowledgements().get(2).exportedBundle());
            String text = reg.render(Locale.ENGLISH);
            int one = text.indexOf("Disclosure: ack-1");
            int two = text.indexOf("Disclosure: ack-2");
            int ack = text.indexOf("Bundle acknowledged: " + ok.bundleHash() + " — the bundle exported");
            assertTrue(one >= 0 && one < ack && ack < two, text);
            assertTrue(text.contains("not the bundle exported (" + ok.bundleHash() + ")"), text);
            assertTrue(text.substring(two).contains("Acknowledged: not recorded"), text);
            assertTrue(text.contains("Acknowledgements of disclosures this log does not record"), text);
            assertTrue(reg.render(Locale.JAPANESE).contains("受領確認: "), reg.render(Locale.JAPANESE));
        }
    }

    static void deleteSegment(Path store, long seq) throws Exception {
        Path seg = store.resolve(DisclosureFixture.CAMERA).resolve(String.format("%012d", seq));
        try (Stream<Path> s = Files.walk(seg)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String manifestHash(Path store, long seq) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(
                store.resolve(DisclosureFixture.CAMERA).resolve(String.format("%012d", seq)).resolve("manifest.json"))));
    }

    @Test
    @DisplayName("invariant 4/K3-2-3: a range segment erased under retention with its signed receipt is SEGMENT_ERASED and the bundle VALID; gone without a receipt it is SEGMENT_MISSING")
    void erasedWithReceipt_isErased_butGoneWithoutOne_isMissing() throws Exception {
        DisclosureFixture fx = new DisclosureFixture(dir.resolve("site"), 5);
        String h2 = manifestHash(fx.store, 2);
        deleteSegment(fx.store, 2);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(fx.logDir)) {
            log.append(Recordings.signedReceipt(DisclosureFixture.CAMERA, 2, h2).toRecord());
        }
        Path erased = dir.resolve("erased.zip");
        fx.export(DisclosureFixture.police("e", DisclosureFixture.T0.plusSeconds(3), DisclosureFixture.T0.plusSeconds(7)),
                erased);
        BundleVerifier.Result r = DisclosureFixture.verify(erased, DisclosureFixture.trust(Recordings.retentionKey()));
        assertTrue(r.report().isValid(), DisclosureExportTest.text(r));
        assertEquals(List.of(2L), r.report().findings(VerificationCode.SEGMENT_ERASED).stream()
                .map(f -> f.where().segment().orElse(-1)).toList(), DisclosureExportTest.text(r));

        deleteSegment(fx.store, 3);
        Path missing = dir.resolve("missing.zip");
        fx.export(DisclosureFixture.police("m", DisclosureFixture.T0.plusSeconds(3), DisclosureFixture.T0.plusSeconds(7)),
                missing);
        BundleVerifier.Result m = DisclosureFixture.verify(missing, DisclosureFixture.trust(Recordings.retentionKey()));
        assertFalse(m.report().isValid(), DisclosureExportTest.text(m));
        assertEquals(List.of(3L), m.report().findings(VerificationCode.SEGMENT_MISSING).stream()
                .map(f -> f.where().segment().orElse(-1)).toList(), DisclosureExportTest.text(m));
        assertTrue(m.report().has(VerificationCode.SEGMENT_ERASED), DisclosureExportTest.text(m));
    }

    @Test
    @DisplayName("issue 13 trust: a recipient holding only the city's CA certificate verifies a bundle that carries the recorder's and log's certificate chains, checked at recording time")
    void onlyTheCaCertificate_verifiesWithCarriedChains() throws Exception {
        DisclosureFixture fx = new DisclosureFixture(dir.resolve("site"), 3);
        SigningKey ca = SigningKey.generate(SignatureAlgorithm.ED25519, new java.security.SecureRandom());
        java.time.Instant from = DisclosureFixture.T0.minus(Duration.ofDays(30));
        java.time.Instant to = DisclosureFixture.T0.plus(Duration.ofDays(365));
        byte[] caDer = TestCertificates.cert("Saku City CA", ca.verifyingKey(), "Saku City CA", ca, true, null, from, to);
        String recorder = TestCertificates.pem(TestCertificates.cert("recorder minami-es-nvr-1",
                DisclosureFixture.RECORDER.verifyingKey(), "Saku City CA", ca, false, null, from, to));
        String logKey = TestCertificates.pem(TestCertificates.cert("saku.example/evidence-log",
                DisclosureFixture.LOG.verifyingKey(), "Saku City CA", ca, false, null, from, to));
        Path bundle = dir.resolve("ca.zip");
        fx.export(DisclosureFixture.police("ca", DisclosureFixture.T0.plusSeconds(1), DisclosureFixture.T0.plusSeconds(3)),
                bundle, new DisclosureExport.Signers(DisclosureFixture.LOG, DisclosureFixture.LOG_NOTE, List.of(),
                        List.of(recorder, logKey)));
        TrustStore caOnly = TrustStore.builder().addCaCertificateDer(caDer).build();
        BundleVerifier.Result r = DisclosureFixture.verify(bundle, caOnly);
        assertTrue(r.report().isValid(), DisclosureExportTest.text(r));

        // A CA the recipient does not hold vouches for nothing, whatever the bundle carries.
        SigningKey other = SigningKey.generate(SignatureAlgorithm.ED25519, new java.security.SecureRandom());
        byte[] otherCa = TestCertificates.cert("Other CA", other.verifyingKey(), "Other CA", other, true, null, from, to);
        BundleVerifier.Result untrusted = DisclosureFixture.verify(bundle,
                TrustStore.builder().addCaCertificateDer(otherCa).build());
        assertTrue(untrusted.report().has(VerificationCode.KEY_UNTRUSTED), DisclosureExportTest.text(untrusted));
        assertFalse(untrusted.report().isValid());
    }

    @Test
    @DisplayName("G13, K3-2-4, K3-4: a store whose signature files carry the recorder's chain verifies with only the city's CA, and so does a bundle exported from it (the chain in certs/)")
    void storeWithCarriedChain_andItsBundle_verifyWithOnlyTheCa_G13() throws Exception {
        SigningKey ca = SigningKey.generate(SignatureAlgorithm.ED25519, new java.security.SecureRandom());
        java.time.Instant from = DisclosureFixture.T0.minus(Duration.ofDays(30));
        java.time.Instant to = DisclosureFixture.T0.plus(Duration.ofDays(365));
        byte[] caDer = TestCertificates.cert("Saku City CA", ca.verifyingKey(), "Saku City CA", ca, true, null, from, to);
        byte[] recorderLeaf = TestCertificates.cert("recorder minami-es-nvr-1",
                DisclosureFixture.RECORDER.verifyingKey(), "Saku City CA", ca, false, null, from, to);
        DisclosureFixture fx = new DisclosureFixture(dir.resolve("site"), 3, true, List.of(recorderLeaf));
        TrustStore caOnly = TrustStore.builder().addCaCertificateDer(caDer).build();

        // The store itself: only the CA is trusted, the recorder's key through the signature files' chain.
        jp.mimamori.integrity.report.VerificationReport sr = new jp.mimamori.recorder.store.StoreVerifier(
                Optional.of(DisclosureFixture.KEK)).verify(fx.store, jp.mimamori.integrity.verify.VerifyContext.of(caOnly));
        assertTrue(sr.isValid(), sr.render(Locale.ENGLISH));

        // The bundle: the caller gives only the log key's chain; the recorder's comes from the store.
        String logKey = TestCertificates.pem(TestCertificates.cert("saku.example/evidence-log",
                DisclosureFixture.LOG.verifyingKey(), "Saku City CA", ca, false, null, from, to));
        Path bundle = dir.resolve("chain.zip");
        fx.export(DisclosureFixture.police("g13", DisclosureFixture.T0.plusSeconds(1), DisclosureFixture.T0.plusSeconds(3)),
                bundle, new DisclosureExport.Signers(DisclosureFixture.LOG, DisclosureFixture.LOG_NOTE, List.of(),
                        List.of(logKey)));
        List<String> certs;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(bundle.toFile())) {
            certs = z.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.startsWith("certs/")).sorted().toList();
            assertEquals(List.of("certs/00.pem", "certs/01.pem"), certs);
            String carried = new String(z.getInputStream(z.getEntry("certs/01.pem")).readAllBytes(),
                    java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(TestCertificates.pem(recorderLeaf), carried);
        }
        BundleVerifier.Result r = DisclosureFixture.verify(bundle, caOnly);
        assertTrue(r.report().isValid(), DisclosureExportTest.text(r));

        // A store without chains exports what it always did: only the caller's chains.
        DisclosureFixture plain = new DisclosureFixture(dir.resolve("plain-site"), 3);
        Path plainBundle = dir.resolve("plain.zip");
        plain.export(DisclosureFixture.police("g13b", DisclosureFixture.T0.plusSeconds(1),
                DisclosureFixture.T0.plusSeconds(3)), plainBundle, new DisclosureExport.Signers(DisclosureFixture.LOG,
                DisclosureFixture.LOG_NOTE, List.of(), List.of(logKey)));
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(plainBundle.toFile())) {
            assertEquals(List.of("certs/00.pem"), z.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.startsWith("certs/")).toList());
        }
    }
}
