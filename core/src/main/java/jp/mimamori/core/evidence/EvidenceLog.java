package jp.mimamori.core.evidence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only log of accountability records (REQUIREMENTS.md, cross-cutting: "everything that matters for
 * accountability is appended to a tamper-evident log").
 *
 * <p>An implementation acknowledges a record only once it is durable: when {@link #append} returns, the record
 * survives a crash. Implementations are safe for use from many threads.
 *
 * <pre>{@code
 * EvidenceReceipt r = log.append(EvidenceRecord.of(EvidenceTypes.HOLD_PLACED, clock.instant(),
 *         Map.of("camera", "cam-1", "principal", "op-7", "reason", "investigation 2026-118")));
 * }</pre>
 */
public interface EvidenceLog {

    /**
     * Appends one record and returns once it is durable.
     *
     * @throws IOException if the record could not be made durable; it is then not in the log
     */
    EvidenceReceipt append(EvidenceRecord record) throws IOException;

    /**
     * Appends records in order as one batch, returning once all are durable. The default appends them one by
     * one; durable logs override it to share one sync across the batch.
     *
     * @throws IOException if the batch could not be made durable; records before the failure may be in the log
     */
    default List<EvidenceReceipt> appendAll(List<EvidenceRecord> records) throws IOException {
        List<EvidenceReceipt> receipts = new ArrayList<>(records.size());
        for (EvidenceRecord r : records) {
            receipts.add(append(r));
        }
        return receipts;
    }

    /** Number of records appended so far (the log's tree size). */
    long size();
}
