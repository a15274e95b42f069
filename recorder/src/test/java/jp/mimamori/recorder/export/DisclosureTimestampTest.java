package jp.mimamori.recorder.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.bundle.BundleManifest;
import jp.mimamori.integrity.bundle.BundleTimestamp;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.timestamp.Timestamps;
import jp.mimamori.integrity.timestamp.internal.TestTsa;
import jp.mimamori.integrity.verify.BundleVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle carries the RFC 3161 timestamps of the log that show it held the camera's {@code segment.sealed} records
 * by a TSA's time, and its verifier checks them (K3-2-4, K3-4; docs/FORMATS.md "Export bundle v1").
 */
class DisclosureTimestampTest {
    static final Instant STAMPED = DisclosureFixture.T0.plus(Duration.ofHours(1));

    @TempDir
    static Path dir;
    static TestTsa tsa;
    static Path bundle;
    /** The size of the log's first timestamped checkpoint: every segment.sealed record. */
    static long stampedSize;

    @BeforeAll
    static void export() throws Exception {
        tsa = TestTsa.create(new SecureRandom(), DisclosureFixture.T0);
        DisclosureFixture fx = new DisclosureFixture(dir.resolve("site"), 5);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(fx.logDir)) {
            stampedSize = log.size();
            stamp(log, STAMPED);
            // a later record and a later timestamp: the bundle carries the earliest that covers its records
            log.append(EvidenceRecord.of(EvidenceTypes.RULES_CHANGED, STAMPED, Map.of("note", "later")));
            stamp(log, STAMPED.plus(Duration.ofHours(1)));
        }
        bundle = dir.resolve("s-1.zip");
        assertInstanceOf(DisclosureOutcome.Exported.class, fx.export(DisclosureFixture.police("s-1",
                DisclosureFixture.T0.plusMillis(3_300), DisclosureFixture.T0.plusMillis(6_500)), bundle));
    }

    static void stamp(TransparentEvidenceLog log, Instant at) throws Exception {
        Path cp = LogCheckpoints.write(log, DisclosureFixture.LOG_NOTE, List.of(), at);
        LogCheckpoints.writeTimestamp(cp, tsa.respond(Timestamps.request(Files.readAllBytes(cp), new SecureRandom()),
                at));
    }

    static BundleVerifier.Result verify(Path zip, boolean withRoot) {
        return (withRoot ? new BundleVerifier(List.of(tsa.caCertificate())) : new BundleVerifier())
                .check(zip, VerifyContext.of(DisclosureFixture.trust()));
    }

    static String text(BundleVerifier.Result r) {
        return r.report().render(Locale.ENGLISH) + r.renderCoverage(Locale.ENGLISH);
    }

    @Test
    @DisplayName("K3-2-4/K3-4: the earliest timestamped checkpoint covering the sealing records is carried, with its response and consistency proof")
    void timestampedLog_bundleCarriesEarliestCoveringTimestamp() throws Exception {
        Map<String, byte[]> e = Repack.read(bundle);
        BundleManifest m = BundleManifest.parse(e.get("bundle.json"));
        assertEquals(List.of(stampedSize), m.timestamps());
        byte[] stored = Files.readAllBytes(dir.resolve("site/log/checkpoints")
                .resolve(String.format("%020d.checkpoint", stampedSize)));
        assertArrayEquals(stored, e.get(BundleTimestamp.checkpointEntry(stampedSize)));
        assertArrayEquals(Files.readAllBytes(dir.resolve("site/log/checkpoints")
                .resolve(String.format("%020d.checkpoint.tsr", stampedSize))), e.get(BundleTimestamp.responseEntry(
                stampedSize)));
        assertFalse(BundleTimestamp.parseConsistency(e.get(BundleTimestamp.consistencyEntry(stampedSize))).isEmpty());
        assertEquals(3, e.keySet().stream().filter(n -> n.startsWith("timestamps/")).count());
    }

    @Test
    @DisplayName("K3-2-4/K3-4: with the TSA root the bundle is VALID and states by when the log held the sealing records")
    void withTsaRoot_validAndStatesTheTime() {
        BundleVerifier.Result r = verify(bundle, true);
        assertTrue(r.report().isValid(), text(r));
        assertTrue(r.report().findings().stream().noneMatch(f -> f.code() == VerificationCode.TIMESTAMP_UNCHECKED
                || f.code() == VerificationCode.TIMESTAMP_INVALID), text(r));
        String coverage = r.renderCoverage(Locale.ENGLISH);
        assertTrue(coverage.contains("RFC 3161: the log held records 0–" + (stampedSize - 1) + " by " + STAMPED
                + " (TSA CN=Mimamori Test TSA"), coverage);
        assertTrue(coverage.contains("segment.sealed of es-gate segments 0–4"), coverage);
        assertTrue(r.renderCoverage(Locale.JAPANESE).contains("es-gate セグメント 0–4 の封印記録"),
                r.renderCoverage(Locale.JAPANESE));
    }

    @Test
    @DisplayName("K3-2-4: without a TSA root a sound timestamp is TIMESTAMP_UNCHECKED (INFO) and the bundle stays VALID")
    void withoutTsaRoot_timestampUncheckedInfo_stillValid() {
        BundleVerifier.Result r = verify(bundle, false);
        assertTrue(r.report().isValid(), text(r));
        assertEquals(1, r.report().findings(VerificationCode.TIMESTAMP_UNCHECKED).size(), text(r));
        assertEquals(Severity.INFO, r.report().findings(VerificationCode.TIMESTAMP_UNCHECKED).get(0).severity());
        assertTrue(r.renderCoverage(Locale.ENGLISH).contains("is not checked (no TSA root given)"), text(r));
    }

    @Test
    @DisplayName("K3-2-4: a changed RFC 3161 response is TIMESTAMP_INVALID, with or without the TSA root")
    void changedResponse_timestampInvalid() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("tsr.zip"), e -> {
            byte[] tsr = e.get(BundleTimestamp.responseEntry(stampedSize));
            tsr[tsr.length - 10] ^= 1; // inside the token's signature
            return e;
        });
        for (boolean root : List.of(true, false)) {
            BundleVerifier.Result r = verify(copy, root);
            assertFalse(r.report().isValid(), text(r));
            assertEquals(1, r.report().findings(VerificationCode.TIMESTAMP_INVALID).size(), text(r));
            assertFalse(r.renderCoverage(Locale.ENGLISH).contains("RFC 3161"), text(r));
        }
    }

    @Test
    @DisplayName("K3-2-4: a response from a TSA the verifier does not trust is TIMESTAMP_INVALID")
    void otherTsaRoot_timestampInvalid() throws Exception {
        TestTsa other = TestTsa.create(new SecureRandom(), DisclosureFixture.T0);
        BundleVerifier.Result r = new BundleVerifier(List.of(other.caCertificate()))
                .check(bundle, VerifyContext.of(DisclosureFixture.trust()));
        assertFalse(r.report().isValid(), text(r));
        assertEquals(1, r.report().findings(VerificationCode.TIMESTAMP_INVALID).size(), text(r));
    }

    @Test
    @DisplayName("K3-4: an altered consistency proof is PROOF_INVALID and the time is not stated")
    void alteredConsistencyProof_proofInvalid() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("consistency.zip"), e -> {
            String text = new String(e.get(BundleTimestamp.consistencyEntry(stampedSize)), StandardCharsets.US_ASCII);
            char c = text.charAt(0);
            e.put(BundleTimestamp.consistencyEntry(stampedSize), ((c == 'A' ? 'B' : 'A') + text.substring(1))
                    .getBytes(StandardCharsets.US_ASCII));
            return e;
        });
        BundleVerifier.Result r = verify(copy, true);
        assertFalse(r.report().isValid(), text(r));
        assertTrue(r.report().findings(VerificationCode.PROOF_INVALID).stream()
                .anyMatch(f -> f.where().toString().contains("consistency")), text(r));
        assertFalse(r.renderCoverage(Locale.ENGLISH).contains("RFC 3161"), text(r));
    }

    @Test
    @DisplayName("K3-4: a timestamp entry removed while bundle.json names it is TIMESTAMP_INVALID")
    void missingTimestampEntry_timestampInvalid() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("gone.zip"), e -> {
            e.remove(BundleTimestamp.checkpointEntry(stampedSize));
            return e;
        });
        BundleVerifier.Result r = verify(copy, true);
        assertFalse(r.report().isValid(), text(r));
        assertEquals(1, r.report().findings(VerificationCode.TIMESTAMP_INVALID).size(), text(r));
    }

    @Test
    @DisplayName("K3-4: a bundle from a log without any timestamp has no timestamps entry nor member and verifies as before")
    void logWithoutTimestamp_noTimestampEntries() throws Exception {
        DisclosureFixture plain = new DisclosureFixture(dir.resolve("plain-site"), 5);
        Path out = dir.resolve("plain.zip");
        plain.export(DisclosureFixture.police("s-1", DisclosureFixture.T0.plusMillis(3_300),
                DisclosureFixture.T0.plusMillis(6_500)), out);
        Map<String, byte[]> e = Repack.read(out);
        assertTrue(e.keySet().stream().noneMatch(n -> n.startsWith("timestamps/")), e.keySet().toString());
        assertFalse(new String(e.get("bundle.json"), StandardCharsets.UTF_8).contains("timestamps"));
        BundleVerifier.Result r = verify(out, true);
        assertTrue(r.report().isValid(), text(r));
        assertTrue(r.report().findings().stream().noneMatch(f -> f.code() == VerificationCode.TIMESTAMP_UNCHECKED),
                text(r));
    }

    @Test
    @DisplayName("K3-4: with the embedder's TSA the checkpoint signed for the bundle is timestamped, stored in the log and carried: the disclosure record is covered")
    void exporterTsa_stampsItsCheckpoint_disclosureCovered() throws Exception {
        DisclosureFixture fx = new DisclosureFixture(dir.resolve("tsa-site"), 5);
        Path out = dir.resolve("tsa.zip");
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(fx.logDir)) {
            assertInstanceOf(DisclosureOutcome.Exported.class, new DisclosureExport(fx.engine, fx.store,
                    java.util.Optional.of(DisclosureFixture.KEK), log, DisclosureExport.Signers.of(DisclosureFixture.LOG,
                    DisclosureFixture.LOG_NOTE), DisclosureFixture.CLOCK)
                    .withTimestampAuthority(req -> tsa.respond(req, DisclosureFixture.CLOCK.instant()))
                    .disclose(DisclosureFixture.police("s-2", DisclosureFixture.T0.plusMillis(3_300),
                            DisclosureFixture.T0.plusMillis(6_500)), DisclosureFixture.handover(), out));
        }
        BundleManifest m = BundleManifest.parse(Repack.read(out).get("bundle.json"));
        assertEquals(List.of(m.log().treeSize()), m.timestamps());
        assertTrue(Files.isRegularFile(fx.logDir.resolve("checkpoints")
                .resolve(String.format("%020d.checkpoint.tsr", m.log().treeSize()))));
        BundleVerifier.Result r = verify(out, true);
        assertTrue(r.report().isValid(), text(r));
        String coverage = r.renderCoverage(Locale.ENGLISH);
        assertTrue(coverage.contains("by " + DisclosureFixture.CLOCK.instant() + " (TSA"), coverage);
        assertTrue(coverage.contains("segment.sealed of es-gate segments 0–4, the decision, the disclosure record"),
                coverage);
    }

    @Test
    @DisplayName("K3-4: a TSA whose response does not cover the checkpoint fails the export and leaves no bundle")
    void exporterTsa_badResponse_noBundle() throws Exception {
        DisclosureFixture fx = new DisclosureFixture(dir.resolve("bad-tsa-site"), 5);
        Path out = dir.resolve("bad-tsa.zip");
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(fx.logDir)) {
            DisclosureExport export = new DisclosureExport(fx.engine, fx.store,
                    java.util.Optional.of(DisclosureFixture.KEK), log, DisclosureExport.Signers.of(DisclosureFixture.LOG,
                    DisclosureFixture.LOG_NOTE), DisclosureFixture.CLOCK)
                    .withTimestampAuthority(req -> tsa.respond(Timestamps.request(new byte[] {1, 2, 3},
                            new SecureRandom()), DisclosureFixture.CLOCK.instant()));
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> export.disclose(DisclosureFixture.police("s-3", DisclosureFixture.T0.plusMillis(3_300),
                            DisclosureFixture.T0.plusMillis(6_500)), DisclosureFixture.handover(), out));
            assertTrue(e.getMessage().contains("TSA"), e.getMessage());
        }
        assertFalse(Files.exists(out));
    }

    /** Interop: OpenSSL's RFC 3161 verifier accepts the timestamp entries of an exported bundle as they are. */
    @Test
    @DisplayName("K3-2-4: openssl ts -verify accepts an exported timestamp entry over its checkpoint entry")
    void opensslTsVerify_acceptsExportedEntries() throws Exception {
        Assumptions.assumeTrue(onPath("openssl"), "openssl not on PATH: skipping the openssl ts -verify interop test");
        Map<String, byte[]> e = Repack.read(bundle);
        Path work = Files.createDirectories(dir.resolve("openssl"));
        Files.write(work.resolve("x.checkpoint"), e.get(BundleTimestamp.checkpointEntry(stampedSize)));
        Files.write(work.resolve("x.checkpoint.tsr"), e.get(BundleTimestamp.responseEntry(stampedSize)));
        Files.writeString(work.resolve("ca.pem"), TestTsa.pem(tsa.caCertificate()));
        Files.writeString(work.resolve("tsa.pem"), TestTsa.pem(tsa.tsaCertificate()));
        Process p = new ProcessBuilder("openssl", "ts", "-verify", "-data", "x.checkpoint", "-in", "x.checkpoint.tsr",
                "-CAfile", "ca.pem").directory(work.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Verification: OK"), out);
    }

    static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
