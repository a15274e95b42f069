package jp.mimamori.retention.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.testing.InMemoryEvidenceLog;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoldRegistryTest {
    private static final Instant T = Instant.parse("2026-04-10T09:00:00Z");
    private static final HoldAuthority MANAGERS = (p, c) -> p.startsWith("mgr-");

    @TempDir
    Path dir;

    @Test
    @DisplayName("Invariant 3: an unauthorised principal cannot place or release a hold; nothing is logged")
    void unauthorised_isDeniedAndNothingLogged() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        HoldRegistry r = HoldRegistry.open(dir.resolve("holds.json"), log, MANAGERS, TestSigner.RETENTION);
        HoldDeniedException e = assertThrows(HoldDeniedException.class,
                () -> r.place("cam-1", T, T, "visitor", "curious", Optional.empty(), T));
        assertEquals("visitor is not authorised to place holds on camera cam-1 (invariant 3, K3-1-1)",
                e.getMessage());
        assertEquals(0, log.size());
        Hold h = r.place("cam-1", T, T.plusSeconds(60), "mgr-1", "police request 118", Optional.empty(), T);
        assertThrows(HoldDeniedException.class, () -> r.release(h.holdId(), "operator-2", "done", T));
        assertEquals(1, r.active().size());
    }

    @Test
    @DisplayName("Invariant 3: placing and releasing are logged with principal and reason and survive reopening")
    void placeAndRelease_loggedAndPersisted() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        HoldRegistry r = HoldRegistry.open(dir.resolve("holds.json"), log, MANAGERS, TestSigner.RETENTION);
        Hold h = r.place("cam-1", T.minus(Duration.ofHours(2)), T, "mgr-1", "police request 118", Optional.empty(), T);
        assertTrue(HoldRegistry.open(dir.resolve("holds.json"), log, MANAGERS, TestSigner.RETENTION).isHeld("cam-1",
                T.minusSeconds(60), T.minusSeconds(30)));
        HoldRegistry again = HoldRegistry.open(dir.resolve("holds.json"), log, MANAGERS, TestSigner.RETENTION);
        assertThrows(IllegalArgumentException.class, () -> again.release(h.holdId(), "mgr-1", " ", T));
        again.release(h.holdId(), "mgr-1", "case closed", T.plusSeconds(5));
        assertTrue(HoldRegistry.open(dir.resolve("holds.json"), log, MANAGERS, TestSigner.RETENTION).active().isEmpty());
        List<EvidenceRecord> recs = log.records();
        assertEquals(List.of(EvidenceTypes.HOLD_PLACED, EvidenceTypes.HOLD_RELEASED),
                recs.stream().map(EvidenceRecord::type).toList());
        assertEquals("police request 118", recs.get(0).string("reason").orElseThrow());
        assertEquals("case closed", recs.get(1).string("reason").orElseThrow());
        assertEquals(h.holdId(), recs.get(1).string("hold_id").orElseThrow());
    }

    @Test
    @DisplayName("Invariant 3: a hold expires only at its recorded expiry, and only with a logged hold.expired")
    void expiry_onlyExplicitAndLogged() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        HoldRegistry r = HoldRegistry.open(dir.resolve("holds.json"), log, MANAGERS, TestSigner.RETENTION);
        r.place("cam-1", T, T, "mgr-1", "disclosure in progress", Optional.of(T.plus(Duration.ofDays(7))), T);
        r.place("cam-1", T, T, "mgr-1", "investigation", Optional.empty(), T);
        assertTrue(r.expire(T.plus(Duration.ofDays(6))).isEmpty());
        assertEquals(1, r.expire(T.plus(Duration.ofDays(7))).size());
        assertEquals(1, r.active().size());
        assertTrue(r.expire(T.plus(Duration.ofDays(3650))).isEmpty());
        assertEquals(EvidenceTypes.HOLD_EXPIRED, log.records().get(2).type());
    }

    @Test
    @DisplayName("Invariant 3: a crash while the release is being logged keeps the hold in force and logs on reopen")
    void crashDuringReleaseLogging_holdStaysThenReleaseIsLogged() throws Exception {
        InMemoryEvidenceLog good = new InMemoryEvidenceLog();
        HoldRegistry r = HoldRegistry.open(dir.resolve("holds.json"), good, MANAGERS, TestSigner.RETENTION);
        Hold h = r.place("cam-1", T, T, "mgr-1", "case", Optional.empty(), T);
        EvidenceLog failing = new EvidenceLog() {
            @Override
            public EvidenceReceipt append(EvidenceRecord record) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public long size() {
                return 0;
            }
        };
        HoldRegistry crashing = HoldRegistry.open(dir.resolve("holds.json"), failing, MANAGERS, TestSigner.RETENTION);
        assertThrows(IOException.class, () -> crashing.release(h.holdId(), "mgr-1", "closed", T));
        assertTrue(Files.readString(dir.resolve("holds.json")).contains("releasing"));
        HoldRegistry reopened = HoldRegistry.open(dir.resolve("holds.json"), good, MANAGERS, TestSigner.RETENTION);
        assertFalse(reopened.isHeld("cam-1", T, T));
        assertEquals(EvidenceTypes.HOLD_RELEASED, good.records().get(good.records().size() - 1).type());
    }

    @Test
    @DisplayName("G7, K3-2-2: every hold record the registry logs is signed by the retention key, and a release"
            + " interrupted by a crash is written to the holds file with the signature of the record it then logs")
    void everyLoggedHoldRecord_isSignedByTheRetentionKey_evenAfterACrash_G7_K3_2_2() throws Exception {
        InMemoryEvidenceLog good = new InMemoryEvidenceLog();
        HoldRegistry r = HoldRegistry.open(dir.resolve("holds.json"), good, MANAGERS, TestSigner.RETENTION);
        Hold h = r.place("cam-1", T, T, "mgr-1", "case", Optional.empty(), T);
        r.place("cam-1", T, T, "mgr-1", "disclosure", Optional.of(T.plus(Duration.ofDays(1))), T);
        r.expire(T.plus(Duration.ofDays(2)));
        EvidenceLog failing = new EvidenceLog() {
            @Override
            public EvidenceReceipt append(EvidenceRecord record) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public long size() {
                return 0;
            }
        };
        HoldRegistry crashing = HoldRegistry.open(dir.resolve("holds.json"), failing, MANAGERS, TestSigner.RETENTION);
        assertThrows(IOException.class, () -> crashing.release(h.holdId(), "mgr-1", "closed", T.plusSeconds(9)));
        List<jp.mimamori.core.evidence.HoldRecord> pending = HoldRegistry.openReadOnly(dir.resolve("holds.json"),
                good, MANAGERS).pendingActs();
        assertEquals(1, pending.size());
        pending.get(0).verifySignature(TestSigner.RETENTION);
        HoldRegistry.open(dir.resolve("holds.json"), good, MANAGERS, TestSigner.RETENTION);
        assertEquals(List.of(EvidenceTypes.HOLD_PLACED, EvidenceTypes.HOLD_PLACED, EvidenceTypes.HOLD_EXPIRED,
                EvidenceTypes.HOLD_RELEASED), good.records().stream().map(EvidenceRecord::type).toList());
        for (EvidenceRecord rec : good.records()) {
            jp.mimamori.core.evidence.HoldRecord.fromRecord(rec).verifySignature(TestSigner.RETENTION);
        }
        assertEquals(pending.get(0), jp.mimamori.core.evidence.HoldRecord.fromRecord(good.records().get(3)),
                "the record logged is the one signed before the crash");
    }

    @Test
    @DisplayName("G7, K3-2-2, invariant 3 (attack): a release written into holds.json as pending without the retention"
            + " key's signature is never logged on its behalf: the open is refused and the hold stays in the file")
    void pendingReleaseWrittenIntoTheFile_isNeverLoggedSigned_G7_K3_2_2() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        HoldRegistry.open(dir.resolve("holds.json"), log, MANAGERS, TestSigner.RETENTION)
                .place("cam-1", T, T, "mgr-1", "case", Optional.empty(), T);
        String edited = Files.readString(dir.resolve("holds.json")).replace("\"state\" : \"active\"",
                "\"state\" : \"releasing\", \"act_principal\" : \"mgr-1\", \"act_reason\" : \"x\","
                        + " \"act_at\" : \"2026-04-10T10:00:00Z\"");
        Files.writeString(dir.resolve("holds.json"), edited);
        IOException e = assertThrows(IOException.class,
                () -> HoldRegistry.open(dir.resolve("holds.json"), log, MANAGERS, TestSigner.RETENTION));
        assertTrue(e.getMessage().contains("is not signed by the retention key"), e.getMessage());
        assertEquals(List.of(EvidenceTypes.HOLD_PLACED), log.records().stream().map(EvidenceRecord::type).toList());
        assertTrue(HoldRegistry.openReadOnly(dir.resolve("holds.json"), log, MANAGERS).isHeld("cam-1", T, T));
    }
}
