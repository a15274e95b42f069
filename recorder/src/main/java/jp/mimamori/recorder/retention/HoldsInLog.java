package jp.mimamori.recorder.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.hold.HoldRegistry;

/**
 * The holds file checked against the evidence log (docs/SECURITY.md G7, invariant 3): every hold the log shows
 * placed and never released or expired must be in force in {@code holds.json}. A hold an insider removed from the
 * file, or a file rolled back to before the hold, is refused before anything is erased. The log is the record of
 * the holds; the file is a cache of it.
 *
 * <p>Stateless and thread-safe.
 */
final class HoldsInLog {
    private HoldsInLog() {}

    /**
     * Refuses when a hold in force according to {@code log} is missing from {@code holdsFile}.
     *
     * @throws IOException naming the holds file, the missing holds and the log records that placed them
     */
    static void requireKept(TransparentEvidenceLog log, Path holdsFile) throws IOException {
        Map<String, Long> inForce = new LinkedHashMap<>();
        for (long i = 0; i < log.size(); i++) {
            EvidenceRecord r = log.record(i);
            Object id = r.body().get("hold_id");
            if (!(id instanceof String holdId)) {
                continue;
            }
            if (EvidenceTypes.HOLD_PLACED.equals(r.type())) {
                inForce.put(holdId, i);
            } else if (EvidenceTypes.HOLD_RELEASED.equals(r.type()) || EvidenceTypes.HOLD_EXPIRED.equals(r.type())) {
                inForce.remove(holdId);
            }
        }
        if (inForce.isEmpty()) {
            return;
        }
        // Read only: nothing in the file is finished or written, and no act needs an authority.
        Set<String> kept = HoldRegistry.openReadOnly(holdsFile, log, (p, c) -> false).active().stream()
                .map(Hold::holdId).collect(Collectors.toSet());
        String missing = inForce.entrySet().stream().filter(e -> !kept.contains(e.getKey()))
                .map(e -> e.getKey() + " (log record " + e.getValue() + ")").collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            throw new IOException(holdsFile + ": holds the evidence log shows placed and never released are missing: "
                    + missing + "; the holds file was edited or rolled back — nothing is erased until it is restored"
                    + " (invariant 3, K3-2-2) / 記録上有効な保全が保全ファイルにありません");
        }
    }
}
