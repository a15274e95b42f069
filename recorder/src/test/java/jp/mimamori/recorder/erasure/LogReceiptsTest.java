package jp.mimamori.recorder.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            log.append(EvidenceRecord.of(EvidenceTypes.ERASURE_RECEIPT, Instant.EPOCH, Map.of("camera", "cam-01",
                    "sequence", 4L, "manifest_hash", HASH, "outcome", "erased")));
            log.append(EvidenceRecord.of(EvidenceTypes.ERASURE_RECEIPT, Instant.EPOCH, Map.of("camera", "cam-01",
                    "sequence", 5L, "manifest_hash", HASH, "outcome", "failed")));
            List<ErasureReceipt> rs = LogReceipts.read(log);
            assertEquals(2, rs.size());
            assertEquals(4, rs.get(0).sequence());
            assertTrue(rs.get(0).erased());
            assertEquals(5, rs.get(1).sequence());
        }
    }

    @Test
    @DisplayName("invariant 4: a receipt record without its fields is an error naming the record index")
    void malformedReceipt_namesTheRecord() throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            log.append(EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.EPOCH, Map.of("camera", "cam-01")));
            log.append(EvidenceRecord.of(EvidenceTypes.ERASURE_RECEIPT, Instant.EPOCH, Map.of("camera", "cam-01")));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogReceipts.read(log));
            assertTrue(e.getMessage().startsWith("log record 1: "), e.getMessage());
        }
    }
}
