package jp.mimamori.recorder.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.HoldRecord;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.RetentionCode;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import jp.mimamori.retention.erase.Erasure;
import jp.mimamori.testing.SampleRules;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/SECURITY.md G7, performed through the library: an insider with write access to the retention folder but
 * not the retention key appends a forged {@code hold.released} frame to the log (no key is needed to append), with
 * or without removing the hold from {@code holds.json}, so that held footage is erased with lawful-looking
 * receipts. Hold records count only when signed by the folder's retention key (K3-4, K3-2-2, invariant 3).
 */
class SignedHoldRecordsTest {
    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
    /** Every one of the ten daily segments is past Saku's 14-day period then. */
    private static final Instant LATER = T0.plus(Duration.ofDays(30));
    private static final Instant HELD_FROM = T0.plus(Duration.ofDays(2));

    @TempDir
    Path dir;
    Path ws;
    KeyEncryptionKeyProvider kek;
    String holdId;

    /** A Saku simulation folder with one es-gate segment a day for ten days and a hold on the day-2 segment. */
    @BeforeEach
    void folderWithAHold() throws Exception {
        ws = dir.resolve("sim");
        kek = KeyEncryptionKeyProvider.generateFile(dir.resolve("secrets/site.kek"));
        RetentionWorkspace.create(ws, SampleRules.bytes(SampleRules.SAKU), true);
        try (RetentionWorkspace w = RetentionWorkspace.open(ws, at(T0), kek)) {
            for (int i = 0; i < 10; i++) {
                Instant s = T0.plus(Duration.ofDays(i));
                w.store().record(new SegmentRef("es-gate", i, s, s.plus(Duration.ofHours(1)), 100, "0".repeat(64)),
                        new byte[100]);
            }
        }
        try (RetentionWorkspace w = RetentionWorkspace.open(ws, at(T0.plus(Duration.ofDays(10))), kek)) {
            holdId = w.service().placeHold("es-gate", HELD_FROM, HELD_FROM.plus(Duration.ofHours(1)), "head-ito",
                    "police request 2026-118", Optional.empty()).holdId();
        }
    }

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    /**
     * One record appended to records.log by hand, as an insider would: no key, no writer — a frame as
     * docs/FORMATS.md "Records file" gives it (length, index, CRC-32C over both and the payload, the canonical
     * JSON of the record).
     */
    private long appendFrameByHand(EvidenceRecord r) throws Exception {
        Path logDir = ws.resolve("log");
        long index = AnchoredLog.read(logDir, List.of()).size();
        byte[] payload = CanonicalJson.encode(java.util.Map.of("type", r.type(), "time",
                java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                        .withZone(ZoneOffset.UTC).format(r.occurredAt()), "body", r.body()));
        ByteBuffer frame = ByteBuffer.allocate(16 + payload.length);
        frame.putInt(payload.length).putLong(index);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(frame.array(), 0, 12);
        crc.update(payload);
        frame.putInt((int) crc.getValue()).put(payload);
        frame.flip();
        try (FileChannel ch = FileChannel.open(logDir.resolve(TransparentEvidenceLog.RECORDS),
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(frame);
        }
        return index;
    }

    private HoldRecord.Released forgedRelease() {
        return new HoldRecord.Released(holdId, "es-gate", "head-ito", "case closed", T0.plus(Duration.ofDays(11)));
    }

    /** The holds file as an insider leaves it after deleting the hold. */
    private void removeTheHoldFromTheHoldsFile() throws IOException {
        Files.writeString(ws.resolve("state/holds.json"), "{\"format\":\"mimamori-holds\",\"version\":1,\"holds\":[]}");
    }

    private List<Long> liveSequences() throws Exception {
        try (RetentionWorkspace w = RetentionWorkspace.openReadOnly(ws, at(LATER), kek)) {
            return w.store().list().stream().map(SegmentRef::sequence).sorted().toList();
        }
    }

    @Test
    @DisplayName("G7, K3-4, K3-2-2, invariant 3: an unsigned hold.released appended to the log by hand releases"
            + " nothing: the hold stays in force, retention erases every due segment but the held one, and the open"
            + " reports the record by index and reason")
    void forgedUnsignedReleaseAppendedToTheLog_holdStaysInForce_nothingHeldErased_G7_K3_4() throws Exception {
        long forged = appendFrameByHand(forgedRelease().toRecord());
        try (RetentionWorkspace w = RetentionWorkspace.open(ws, at(LATER), kek)) {
            assertEquals(1, w.logFindings().size(), w.logFindings().toString());
            Finding f = w.logFindings().get(0);
            assertEquals(RetentionCode.HOLD_RECORD_REFUSED, f.code());
            assertEquals(Severity.ERROR, f.severity());
            assertEquals(List.of("K3-4", "K3-2-2"), f.requirements());
            assertEquals(java.util.OptionalLong.of(forged), f.where().index());
            assertEquals("log record " + forged + " (hold.released " + holdId + ") does not count: not signed by the"
                    + " retention key (forged, or written before hold records were signed); it ends nothing: the hold"
                    + " stays in force (invariant 3)", f.message().en());
            assertTrue(f.message().ja().contains("証跡ログの記録 " + forged), f.message().ja());
            assertEquals(List.of(holdId), w.service().holds().stream().map(h -> h.holdId()).toList());
            List<Erasure> done = w.service().runScheduled("head-ito");
            assertEquals(9, done.stream().filter(Erasure::erased).count());
            assertTrue(done.stream().noneMatch(e -> e.segment().sequence() == 2), "the held segment is not erased");
        }
        assertEquals(List.of(2L), liveSequences());
    }

    @Test
    @DisplayName("G7, K3-4, K3-2-2, invariant 3 (the full attack): a forged hold.released in the log and the hold"
            + " deleted from holds.json: the open is refused in one line naming the hold, the record that placed it"
            + " and the forged release with its reason; nothing is erased")
    void forgedReleaseAndHoldRemovedFromTheFile_isRefused_nothingErased_G7_K3_4() throws Exception {
        long forged = appendFrameByHand(forgedRelease().toRecord());
        removeTheHoldFromTheHoldsFile();
        IOException e = assertThrows(IOException.class, () -> RetentionWorkspace.open(ws, at(LATER), kek));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.startsWith(ws.resolve("state/holds.json") + ": holds the evidence log shows placed and never"
                + " released are missing: " + holdId + " (log record "), m);
        assertTrue(m.contains("(invariant 3, K3-2-2)"), m);
        assertTrue(m.contains("log record " + forged + " (hold.released " + holdId + ") does not count: not signed by"
                + " the retention key"), m);
        assertTrue(m.contains("(K3-4, K3-2-2)"), m);
        assertThrows(IOException.class, () -> RetentionWorkspace.openReadOnly(ws, at(LATER), kek), "read-only too");
        assertEquals(java.util.stream.LongStream.range(0, 10).boxed().toList(), liveSequencesUnchecked());
    }

    @Test
    @DisplayName("G7, K3-4, K3-2-2: a hold.released signed by a key that is not the folder's retention key releases"
            + " nothing, with or without the holds file edited; the reason names the other key")
    void releaseSignedByAnotherKey_releasesNothing_G7_K3_4() throws Exception {
        TestSigner other = TestSigner.generate();
        long forged = appendFrameByHand(forgedRelease().signed(other).toRecord());
        try (RetentionWorkspace w = RetentionWorkspace.open(ws, at(LATER), kek)) {
            assertEquals(1, w.logFindings().size(), w.logFindings().toString());
            assertEquals("log record " + forged + " (hold.released " + holdId + ") does not count: signed by key "
                    + other.keyId().substring(0, 16) + "…, not by this folder's retention key; it ends nothing: the"
                    + " hold stays in force (invariant 3)", w.logFindings().get(0).message().en());
            assertEquals(1, w.service().holds().size());
        }
        removeTheHoldFromTheHoldsFile();
        IOException e = assertThrows(IOException.class, () -> RetentionWorkspace.open(ws, at(LATER), kek));
        assertTrue(e.getMessage().contains("missing: " + holdId), e.getMessage());
        assertTrue(e.getMessage().contains("signed by key " + other.keyId().substring(0, 16)), e.getMessage());
        assertEquals(java.util.stream.LongStream.range(0, 10).boxed().toList(), liveSequencesUnchecked());
    }

    @Test
    @DisplayName("G7, K3-2-2, invariant 3: a release written into holds.json as pending (state releasing) without the"
            + " retention key's signature is refused before the writer could log it with a genuine signature")
    void pendingReleaseWrittenIntoTheHoldsFile_isRefused_nothingErased_G7_K3_2_2() throws Exception {
        Path holds = ws.resolve("state/holds.json");
        String edited = Files.readString(holds).replaceFirst("\"state\" : \"active\"",
                "\"state\" : \"releasing\", \"act_principal\" : \"head-ito\", \"act_reason\" : \"closed\","
                        + " \"act_at\" : \"2026-04-12T00:00:00Z\"");
        assertTrue(edited.contains("releasing"), edited);
        Files.writeString(holds, edited);
        IOException e = assertThrows(IOException.class, () -> RetentionWorkspace.open(ws, at(LATER), kek));
        assertTrue(e.getMessage().contains("the pending hold.released of " + holdId + " is not signed by the"
                + " retention key"), e.getMessage());
        assertTrue(e.getMessage().contains("(invariant 3, K3-2-2)"), e.getMessage());
        try (TransparentEvidenceLog log = RetentionWorkspace.openLog(ws)) {
            for (long i = 0; i < log.size(); i++) {
                assertFalse(log.record(i).type().equals("hold.released"), "no release was logged");
            }
        }
        assertEquals(java.util.stream.LongStream.range(0, 10).boxed().toList(), liveSequencesUnchecked());
    }

    @Test
    @DisplayName("G7, K3-2-2, invariant 3: a hold narrowed in holds.json (its end moved before the held segment) is"
            + " refused against its signed hold.placed record")
    void holdNarrowedInTheHoldsFile_isRefusedAgainstItsSignedRecord_G7_K3_2_2() throws Exception {
        Path holds = ws.resolve("state/holds.json");
        String end = HELD_FROM.plus(Duration.ofHours(1)).toString();
        String edited = Files.readString(holds).replace("\"from\" : \"" + HELD_FROM + "\"",
                "\"from\" : \"" + T0.minus(Duration.ofDays(2)) + "\"").replace("\"to\" : \"" + end + "\"",
                "\"to\" : \"" + T0.minus(Duration.ofDays(1)) + "\"");
        assertTrue(edited.contains(T0.minus(Duration.ofDays(1)).toString()), edited);
        Files.writeString(holds, edited);
        IOException e = assertThrows(IOException.class, () -> RetentionWorkspace.open(ws, at(LATER), kek));
        assertTrue(e.getMessage().contains("changed in the holds file: " + holdId + " (from differs from log record "),
                e.getMessage());
        assertEquals(java.util.stream.LongStream.range(0, 10).boxed().toList(), liveSequencesUnchecked());
    }

    @Test
    @DisplayName("G7, K3-2-2: the retention service signs every hold record it logs with the folder's retention key"
            + " (retention.public.pem verifies them), and a genuine release counts")
    void genuineHoldRecords_areSignedByTheRetentionKey_andCount_G7_K3_2_2() throws Exception {
        try (RetentionWorkspace w = RetentionWorkspace.open(ws, at(T0.plus(Duration.ofDays(11))), kek)) {
            w.service().releaseHold(holdId, "head-ito", "case closed");
            w.service().placeHold("es-gate", HELD_FROM, HELD_FROM, "head-ito", "case 2",
                    Optional.of(T0.plus(Duration.ofDays(12))));
        }
        try (RetentionWorkspace w = RetentionWorkspace.open(ws, at(LATER), kek)) {
            assertTrue(w.logFindings().isEmpty(), w.logFindings().toString());
            assertEquals(10, w.service().runScheduled("head-ito").stream().filter(Erasure::erased).count(),
                    "released and expired: everything due is erased");
        }
        VerifyingKey pub = VerifyingKey.fromPem(Files.readString(ws.resolve(RetentionWorkspace.RETENTION_PUBLIC_KEY)));
        List<String> types = new java.util.ArrayList<>();
        try (TransparentEvidenceLog log = RetentionWorkspace.openLog(ws)) {
            for (long i = 0; i < log.size(); i++) {
                EvidenceRecord r = log.record(i);
                if (HoldRecord.isHoldType(r.type())) {
                    HoldRecord.fromRecord(r).verifySignature(pub);
                    types.add(r.type());
                }
            }
        }
        assertEquals(List.of("hold.placed", "hold.released", "hold.placed", "hold.expired"), types);
    }

    @Test
    @DisplayName("G7, K3-2-2: in a log shared with another retention folder, that folder's hold records (its cameras,"
            + " its holds, its key) are not this folder's concern; a record naming this folder's camera is")
    void anotherFoldersHoldRecordsInASharedLog_areNotReported_G7_K3_2_2() throws Exception {
        TestSigner otherService = TestSigner.generate();
        HoldRecord.Placed theirs = new HoldRecord.Placed("hold-00000000beef", "ch-entrance", T0, T0, "mgr-soumu",
                "their case", Optional.empty(), T0.plus(Duration.ofDays(11)));
        appendFrameByHand(theirs.signed(otherService).toRecord());
        appendFrameByHand(new HoldRecord.Released(theirs.holdId(), "ch-entrance", "mgr-soumu", "closed",
                T0.plus(Duration.ofDays(12))).signed(otherService).toRecord());
        try (RetentionWorkspace w = RetentionWorkspace.open(ws, at(LATER), kek)) {
            assertTrue(w.logFindings().isEmpty(), w.logFindings().toString());
        }
        long ours = appendFrameByHand(new HoldRecord.Placed("hold-00000000cafe", "es-gate", T0, T0, "head-ito",
                "planted", Optional.empty(), T0.plus(Duration.ofDays(13))).signed(otherService).toRecord());
        try (RetentionWorkspace w = RetentionWorkspace.open(ws, at(LATER), kek)) {
            assertEquals(List.of(java.util.OptionalLong.of(ours)),
                    w.logFindings().stream().map(f -> f.where().index()).toList());
            assertTrue(w.logFindings().get(0).message().en().endsWith("it places nothing (invariant 3)"),
                    w.logFindings().toString());
        }
    }

    /** The live segments, read from the store's index without opening the workspace (which may refuse). */
    private List<Long> liveSequencesUnchecked() throws Exception {
        return jp.mimamori.retention.store.FileSegmentStore.cryptoErase(ws.resolve("store"), kek.get()).list().stream()
                .map(SegmentRef::sequence).sorted().toList();
    }
}
