package jp.mimamori.cli.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import jp.mimamori.cli.Main;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import jp.mimamori.testing.SampleRules;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract for retention commands: exit 0 all well, 1 found something, 2 usage or input error. */
class RetentionCommandsTest {
    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    @TempDir
    Path dir;

    /**
     * A Saku school retention folder under the sample rules with a permit to erase for {@code svc} from the
     * manager {@code head-ito}, ten daily segments of es-gate recorded; a simulation folder or a real one.
     */
    private Path workspace(boolean simulation) throws Exception {
        Path r = dir.resolve(simulation ? "saku-sim" : "saku");
        ObjectNode t = (ObjectNode) JSON.readTree(SampleRules.bytes(SampleRules.SAKU));
        ((ArrayNode) t.get("principals")).addObject().put("id", "svc").put("name", "retention service")
                .put("organization", "Saku City");
        ObjectNode p = t.putArray("permits").addObject().put("id", "p-svc").put("principal", "svc")
                .put("issued_by", "head-ito").put("from", "2026-04-01T00:00:00Z").put("until", "2100-01-01T00:00:00Z");
        p.putArray("actions").add("ERASE");
        RetentionWorkspace.create(r, JSON.writeValueAsBytes(t), simulation);
        try (RetentionWorkspace ws = RetentionWorkspace.open(r, Clock.fixed(T0, ZoneOffset.UTC),
                KeyEncryptionKeyProvider.generateFile(dir.resolve("secrets").resolve(r.getFileName() + ".kek")))) {
            for (int i = 0; i < 10; i++) {
                Instant s = T0.plus(Duration.ofDays(i));
                SegmentRef ref = new SegmentRef("es-gate", i, s, s.plus(Duration.ofHours(1)), 1000,
                        HexFormat.of().formatHex(new byte[32]));
                ws.store().record(ref, new byte[1000]);
            }
        }
        return r;
    }

    private Path workspace() throws Exception {
        return workspace(true);
    }

    /** The workspace's key-encryption key file, kept apart from the retention folder. */
    private String kek(Path r) {
        return dir.resolve("secrets").resolve(r.getFileName() + ".kek").toString();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String[] out = new String[1];
    private static String[] err = new String[1];

    private static int run(String... args) {
        PrintStream old = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ByteArrayOutputStream ebuf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(ebuf, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
            out[0] = buf.toString(StandardCharsets.UTF_8);
            err[0] = ebuf.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("K3-2-2, K3-2-3, K3-1-1 (attack): retention run --now 2099 --principal anyone erases nothing in a real folder")
    void runAsAnyoneInTheFuture_erasesNothing() throws Exception {
        Path r = workspace(false);
        assertEquals(2, run("retention", "run", "--retention", r.toString(), "--kek", kek(r), "--now", "2099-01-01T00:00:00Z",
                "--principal", "anyone"));
        assertEquals("mimamori: --now: acting at a time of one's choosing is for simulation folders only; " + r
                + " is a real retention folder and takes its time from the clock (K3-2-2, K3-2-3)\n", err[0]);
        // Without --now the clock says the footage is due (10 segments of April 2026, kept 14 days).
        assertEquals(1, run("retention", "run", "--retention", r.toString(), "--kek", kek(r), "--principal", "anyone"));
        assertTrue(err[0].startsWith("mimamori: anyone may not erase footage of camera es-gate: no designation or"
                + " permit allows anyone to erase recorded footage of"), err[0]);
        assertTrue(err[0].contains("(S1, K3-1-1, K3-1-3); nothing was erased"), err[0]);
        assertEquals(1, run("retention", "run", "--retention", r.toString(), "--kek", kek(r), "--principal", "vp-kato"),
                "an operator may not either");
        assertEquals(0, run("retention", "plan", "--retention", r.toString(), "--kek", kek(r), "--json"));
        assertTrue(out[0].contains("\"due\" : [ {"), out[0]);
        assertTrue(!loggedTypes(r).contains("erasure.intent"), "nothing was even intended");
        assertEquals(0, run("retention", "run", "--retention", r.toString(), "--kek", kek(r), "--principal", "svc", "--json"));
        assertTrue(out[0].contains("\"outcome\" : \"erased\""), out[0]);
        assertTrue(out[0].contains("\"simulated\" : false"), "a real folder's receipts are real: " + out[0]);
    }

    @Test
    @DisplayName("K3-2-3, invariant 6 (attack): a forged journal line is reported by plan and hold list, refused by run")
    void forgedJournalLine_isReportedAndRefused() throws Exception {
        Path r = workspace();
        Path journal = r.resolve("state/erasure.journal");
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "I er-00 es-gate 3 0 1 1000 " + "0".repeat(64) + " crypto-erase scheduled c3Zj 1"
                + " 0badc0de\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        assertEquals(1, run("retention", "plan", "--retention", r.toString(), "--kek", kek(r), "--now", "2026-04-20T00:00:00Z"));
        // The workspace's journal is its header line (K3-2-3: a compacted journal), so the appended line is line 2.
        assertTrue(out[0].contains("ERROR K3-2-3 JOURNAL_TAMPERED erasure.journal: line 2 of the erasure journal fails"
                + " its HMAC-SHA256 (forged or edited)"), out[0]);
        assertEquals(1, run("hold", "list", "--retention", r.toString(), "--kek", kek(r)));
        assertTrue(err[0].contains("JOURNAL_TAMPERED"), err[0]);
        assertEquals(1, run("retention", "run", "--retention", r.toString(), "--kek", kek(r), "--principal", "svc", "--now",
                "2026-04-20T00:00:00Z"));
        assertTrue(err[0].matches("(?s)mimamori: ERROR K3-2-3 JOURNAL_TAMPERED erasure\\.journal line 2"
                + " \\(byte \\d+\\): fails its HMAC-SHA256.*"), err[0]);
        assertTrue(!loggedTypes(r).contains("erasure.intent"), "nothing executed");
    }

    @Test
    @DisplayName("S2: retention plan exits 1 when the budget forecast finds an ERROR, 0 otherwise")
    void plan_exitCodes() throws Exception {
        Path r = workspace();
        assertEquals(0, run("retention", "plan", "--retention", r.toString(), "--kek", kek(r), "--now", "2026-04-20T00:00:00Z"));
        assertEquals(1, run("retention", "plan", "--retention", r.toString(), "--kek", kek(r), "--now", "2026-04-20T00:00:00Z",
                "--budget", "1000"));
        assertEquals(2, run("retention", "plan", "--retention", dir.resolve("none").toString()));
        assertEquals(2, run("retention", "plan", "--retention", r.toString(), "--kek", kek(r), "--now", "yesterday"));
    }

    @Test
    @DisplayName("K3-2-3, invariant 3: hold then run erases only what is due and unheld, with receipts marked simulated")
    void holdThenRun_erasesUnheldDue() throws Exception {
        Path r = workspace();
        assertEquals(0, run("hold", "place", "--retention", r.toString(), "--kek", kek(r), "--camera", "es-gate",
                "--from", "2026-04-02T00:00:00Z", "--to", "2026-04-02T00:30:00Z", "--principal", "head-ito",
                "--reason", "case 1", "--now", "2026-04-10T00:00:00Z"));
        assertEquals(2, run("hold", "place", "--retention", r.toString(), "--kek", kek(r), "--camera", "es-gate",
                "--from", "2026-04-02T00:00:00Z", "--to", "2026-04-02T00:30:00Z", "--principal", "intruder",
                "--reason", "x"));
        assertEquals(0, run("retention", "run", "--retention", r.toString(), "--kek", kek(r), "--principal", "svc", "--now",
                "2026-04-20T00:00:00Z", "--json"));
        assertTrue(out[0].contains("\"principal\" : \"svc\""), out[0]);
        assertTrue(out[0].contains("\"simulated\" : true"), "a run at --now in a simulation folder: " + out[0]);
        assertTrue(out[0].contains("\"outcome\" : \"erased\""), out[0]);
        assertEquals(0, run("retention", "plan", "--retention", r.toString(), "--kek", kek(r), "--now", "2026-04-20T00:00:00Z",
                "--json"));
        assertTrue(out[0].contains("\"held_overdue\" : 1"), out[0]);
        assertTrue(loggedTypes(r).contains("erasure.receipt"));
    }

    @Test
    @DisplayName("K3-2-3: sanitize certify writes a signed certificate and logs it")
    void sanitizeCertify_writesSignedCertificate() throws Exception {
        Path r = workspace();
        Path cert = dir.resolve("cert.json");
        assertEquals(0, run("keys", "generate", "--out", dir.resolve("k").toString()));
        String key = dir.resolve("k/private.pem").toString();
        // No signing key: refused (a throw-away key would certify nothing), and nothing written or logged.
        assertEquals(2, run("sanitize", "certify", "--id", "c-0", "--performed-by", "Sato", "--organization",
                "Saku City", "--media-type", "HDD", "--manufacturer", "WD", "--model", "Purple", "--serial", "S1",
                "--source", "NVR school-1", "--method", "purge", "--technique", "cryptographic erase", "--tool",
                "hdparm 9.65", "--verification-details", "read-back", "--destination", "recycling", "--validated-by",
                "Suzuki", "--out", cert.toString(), "--retention", r.toString()));
        assertFalse(Files.exists(cert));
        assertEquals(0, run("sanitize", "certify", "--key", key, "--id", "c-1", "--performed-by", "Sato", "--organization",
                "Saku City", "--media-type", "HDD", "--manufacturer", "WD", "--model", "Purple", "--serial", "S1",
                "--source", "NVR school-1", "--method", "purge", "--technique", "cryptographic erase", "--tool",
                "hdparm 9.65", "--verification-details", "read-back", "--destination", "recycling", "--validated-by",
                "Suzuki", "--out", cert.toString(), "--retention", r.toString(), "--lang", "ja"));
        assertTrue(Files.readString(cert).contains("\"sig\""));
        assertTrue(out[0].contains("媒体消去証明書"));
        assertTrue(loggedTypes(r).contains("sanitization.certificate"));
        assertEquals(2, run("sanitize", "certify", "--id", "c-2", "--performed-by", "Sato", "--organization",
                "Saku City", "--media-type", "HDD", "--manufacturer", "WD", "--model", "Purple", "--serial", "S1",
                "--source", "NVR", "--method", "wipe", "--technique", "x", "--tool", "t",
                "--verification-details", "v", "--destination", "d", "--validated-by", "S", "--out", cert.toString()));
    }

    /**
     * One record appended to the folder's records.log by hand, as an insider would: no key, no writer.
     *
     * @return its index
     */
    private static long appendFrameByHand(Path retention, jp.mimamori.core.evidence.EvidenceRecord r) throws Exception {
        Path logDir = retention.resolve("log");
        long index = jp.mimamori.integrity.log.AnchoredLog.read(logDir, java.util.List.of()).size();
        byte[] payload = jp.mimamori.integrity.log.internal.RecordCodec.encode(r);
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(
                jp.mimamori.integrity.log.internal.RecordFile.FRAME_HEADER + payload.length);
        jp.mimamori.integrity.log.internal.RecordFile.putFrame(frame, index, payload);
        frame.flip();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                logDir.resolve(jp.mimamori.integrity.log.TransparentEvidenceLog.RECORDS), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(frame);
        }
        return index;
    }

    /** Places the hold on es-gate's segment 1 (2026-04-02) through the CLI and returns its id. */
    private String placeHoldOnSegment1(Path r) {
        assertEquals(0, run("hold", "place", "--retention", r.toString(), "--kek", kek(r), "--camera", "es-gate",
                "--from", "2026-04-02T00:00:00Z", "--to", "2026-04-02T00:30:00Z", "--principal", "head-ito",
                "--reason", "police request 2026-118", "--now", "2026-04-10T00:00:00Z"));
        assertTrue(out[0].startsWith("placed hold-"), out[0]);
        return out[0].substring("placed ".length()).trim();
    }

    /** Whether es-gate's segment {@code seq} is still live in the folder's store. */
    private boolean live(Path r, long seq) throws Exception {
        return jp.mimamori.retention.store.FileSegmentStore.cryptoErase(r.resolve("store"),
                KeyEncryptionKeyProvider.file(Path.of(kek(r))).get()).find("es-gate", seq).isPresent();
    }

    @Test
    @DisplayName("G7, K3-4, K3-2-2, invariant 3 (attack): an unsigned hold.released appended to the log by hand is"
            + " reported by retention plan, hold list and retention run (exit 1) naming its index and reason, in"
            + " English and Japanese; the hold stays in force and the held segment is not erased")
    void forgedHoldReleaseAppendedToTheLog_isReported_heldSegmentNotErased_exit1_G7_K3_4() throws Exception {
        Path r = workspace();
        String holdId = placeHoldOnSegment1(r);
        long forged = appendFrameByHand(r, new jp.mimamori.core.evidence.HoldRecord.Released(holdId, "es-gate",
                "head-ito", "case closed", Instant.parse("2026-04-11T00:00:00Z")).toRecord());
        String line = "log record " + forged + " (hold.released " + holdId + ") does not count: not signed by the"
                + " retention key";
        assertEquals(1, run("retention", "plan", "--retention", r.toString(), "--kek", kek(r), "--now",
                "2026-04-20T00:00:00Z"));
        assertTrue(out[0].contains("ERROR K3-4, K3-2-2 HOLD_RECORD_REFUSED "), out[0]);
        assertTrue(out[0].contains(line), out[0]);
        assertEquals(1, run("retention", "plan", "--retention", r.toString(), "--kek", kek(r), "--now",
                "2026-04-20T00:00:00Z", "--lang", "ja"));
        assertTrue(out[0].contains("証跡ログの記録 " + forged + "(hold.released " + holdId + ")は数えません"), out[0]);
        assertEquals(1, run("hold", "list", "--retention", r.toString(), "--kek", kek(r)));
        assertTrue(err[0].contains(line), err[0]);
        assertTrue(out[0].startsWith(holdId + " es-gate "), "still in force: " + out[0]);
        assertEquals(1, run("retention", "run", "--retention", r.toString(), "--kek", kek(r), "--principal", "svc",
                "--now", "2026-04-20T00:00:00Z"));
        assertTrue(out[0].contains(line), out[0]);
        assertTrue(live(r, 1), "the held segment is not erased");
        assertTrue(!live(r, 0) && !live(r, 2), "unheld due segments are");
    }

    @Test
    @DisplayName("G7, K3-4, K3-2-2, invariant 3 (attack): a hold.released signed by another key appended to the log"
            + " and the hold deleted from holds.json: retention run refuses in one line (exit 2) naming the hold and"
            + " the release it did not count; nothing is erased or even intended")
    void releaseSignedByAnotherKey_andHoldDeletedFromTheFile_runRefuses_nothingErased_G7_K3_4() throws Exception {
        Path r = workspace();
        String holdId = placeHoldOnSegment1(r);
        jp.mimamori.testing.TestSigner other = jp.mimamori.testing.TestSigner.generate();
        long forged = appendFrameByHand(r, new jp.mimamori.core.evidence.HoldRecord.Released(holdId, "es-gate",
                "head-ito", "case closed", Instant.parse("2026-04-11T00:00:00Z")).signed(other).toRecord());
        Files.writeString(r.resolve("state/holds.json"), "{\"format\":\"mimamori-holds\",\"version\":1,\"holds\":[]}");
        assertEquals(2, run("retention", "run", "--retention", r.toString(), "--kek", kek(r), "--principal", "svc",
                "--now", "2026-04-20T00:00:00Z"));
        assertEquals(1, err[0].strip().lines().count(), err[0]);
        assertTrue(err[0].contains("missing: " + holdId + " (log record "), err[0]);
        assertTrue(err[0].contains("log record " + forged + " (hold.released " + holdId + ") does not count: signed by"
                + " key " + other.keyId().substring(0, 16)), err[0]);
        assertTrue(!loggedTypes(r).contains("erasure.intent"), "nothing was even intended");
        assertTrue(live(r, 0) && live(r, 1), "nothing erased");
    }

    /** The record types in the retention folder's tamper-evident log. */
    private static java.util.Set<String> loggedTypes(Path retention) throws Exception {
        java.util.Set<String> types = new java.util.HashSet<>();
        try (var log = jp.mimamori.integrity.log.TransparentEvidenceLog.open(retention.resolve("log"))) {
            for (long i = 0; i < log.size(); i++) {
                types.add(log.record(i).type());
            }
        }
        return types;
    }
}
