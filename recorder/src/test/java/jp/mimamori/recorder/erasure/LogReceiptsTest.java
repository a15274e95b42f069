package jp.mimamori.recorder.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.testing.Receipts;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erasure receipts read back from the evidence log for the verifier (K3-2-3, invariant 4). */
class LogReceiptsTest {
    private static final String HASH = "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    @DisplayName("K3-2-3: only erasure.receipt records are read, in log order")
    void read_takesOnlyReceiptsInOrder() throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            log.append(EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.EPOCH, Map.of("camera", "cam-01")));
            log.append(Receipts.erased("cam-01", 4, HASH).toRecord());
            ErasureReceipt failed = Receipts.erased("cam-01", 5, HASH);
            log.append(new ErasureReceipt(failed.erasureId(), "cam-01", 5, HASH, failed.method(), failed.reason(),
                    failed.erasedAt(), failed.principal(), false, "not erased").toRecord());
            List<ErasureReceipt> rs = LogReceipts.read(log);
            assertEquals(2, rs.size());
            assertEquals(4, rs.get(0).sequence());
            assertTrue(rs.get(0).erased());
            assertEquals(5, rs.get(1).sequence());
            assertFalse(rs.get(1).erased());
        }
    }

    @Test
    @DisplayName("invariant 4: a receipt record without an outcome is an error naming the record index, never erased")
    void malformedReceipt_namesTheRecord() throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            log.append(EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.EPOCH, Map.of("camera", "cam-01")));
            Map<String, Object> noOutcome = new java.util.HashMap<>(Receipts.erased("cam-01", 4, HASH).toRecord()
                    .body());
            noOutcome.remove("outcome");
            log.append(EvidenceRecord.of(EvidenceTypes.ERASURE_RECEIPT, Instant.EPOCH, noOutcome));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogReceipts.read(log));
            assertTrue(e.getMessage().startsWith("log record 1: "), e.getMessage());
            assertTrue(e.getMessage().contains("outcome: required field is missing"), e.getMessage());
        }
    }
}
