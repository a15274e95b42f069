package jp.mimamori.recorder.erasure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.log.TransparentEvidenceLog;

/**
 * Reads the {@link EvidenceTypes#ERASURE_RECEIPT} records of an evidence log as the verifier's
 * {@link ErasureReceipt}s, so a segment erased under retention is told apart from one deleted by tampering
 * (K3-2-3, invariant 4).
 *
 * <pre>{@code
 * try (TransparentEvidenceLog log = TransparentEvidenceLog.open(Path.of("log"))) {
 *     VerifyContext ctx = new VerifyContext(trust, LogReceipts.read(log));
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe; reading is as safe as the log's own reads.
 */
public final class LogReceipts {
    private LogReceipts() {}

    /**
     * Every erasure receipt in the log, in log order.
     *
     * @throws IllegalArgumentException naming the record index if a receipt lacks its fields
     */
    public static List<ErasureReceipt> read(TransparentEvidenceLog log) throws IOException {
        List<ErasureReceipt> out = new ArrayList<>();
        for (long i = 0; i < log.size(); i++) {
            EvidenceRecord r = log.record(i);
            if (EvidenceTypes.ERASURE_RECEIPT.equals(r.type())) {
                try {
                    out.add(ErasureReceipt.fromRecord(r));
                } catch (InvalidDocumentException e) {
                    // A malformed receipt (one without an outcome among them) never excuses a missing segment.
                    throw new IllegalArgumentException("log record " + i + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
