package jp.mimamori.recorder.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.hold.HoldRegistry;

/**
 * A retention folder's files held against its evidence log, in one pass over the log (docs/SECURITY.md G7, G8):
 * <ul>
 *   <li>every hold the log shows placed and never released or expired must be in force in {@code holds.json} —
 *       a hold an insider removed from the file, or a file rolled back to before the hold, is refused before
 *       anything is erased (invariant 3);</li>
 *   <li>the operating rules in force are on record: when {@code rules.json} differs from the latest
 *       {@code rules.changed} record of its rules id (or none exists), a writer's open appends one naming its
 *       SHA-256, so a rewrite of periods or grants is in the log before the rules act (K3-2-2, K4-1).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class FolderInLog {
    private FolderInLog() {}

    /** What one pass over the log found. */
    private record Scan(Map<String, Long> holdsInForce, Optional<String> rulesHash) {}

    private static Scan scan(TransparentEvidenceLog log, String rulesId) throws IOException {
        Map<String, Long> inForce = new LinkedHashMap<>();
        Optional<String> rulesHash = Optional.empty();
        for (long i = 0; i < log.size(); i++) {
            EvidenceRecord r = log.record(i);
            if (EvidenceTypes.RULES_CHANGED.equals(r.type()) && rulesId.equals(r.body().get("rules_id"))
                    && r.body().get("rules_hash") instanceof String h) {
                rulesHash = Optional.of(h);
            }
            if (!(r.body().get("hold_id") instanceof String holdId)) {
                continue;
            }
            if (EvidenceTypes.HOLD_PLACED.equals(r.type())) {
                inForce.put(holdId, i);
            } else if (EvidenceTypes.HOLD_RELEASED.equals(r.type()) || EvidenceTypes.HOLD_EXPIRED.equals(r.type())) {
                inForce.remove(holdId);
            }
        }
        return new Scan(inForce, rulesHash);
    }

    /**
     * Refuses a holds file that lacks a hold in force according to {@code log}; when {@code record}, appends a
     * {@code rules.changed} record if {@code rulesJson} is not the rules the log last recorded for their id.
     *
     * @throws IOException naming the holds file, the missing holds and the log records that placed them
     */
    static void check(TransparentEvidenceLog log, Path holdsFile, OperatingRules rules, byte[] rulesJson,
                      Instant now, boolean record) throws IOException {
        Scan s = scan(log, rules.id());
        if (!s.holdsInForce().isEmpty()) {
            // Read only: nothing in the file is finished or written, and no act needs an authority.
            Set<String> kept = HoldRegistry.openReadOnly(holdsFile, log, (p, c) -> false).active().stream()
                    .map(Hold::holdId).collect(Collectors.toSet());
            String missing = s.holdsInForce().entrySet().stream().filter(e -> !kept.contains(e.getKey()))
                    .map(e -> e.getKey() + " (log record " + e.getValue() + ")").collect(Collectors.joining(", "));
            if (!missing.isEmpty()) {
                throw new IOException(holdsFile + ": holds the evidence log shows placed and never released are"
                        + " missing: " + missing + "; the holds file was edited or rolled back — nothing is erased"
                        + " until it is restored (invariant 3, K3-2-2) / 記録上有効な保全が保全ファイルにありません");
            }
        }
        String hash = sha256(rulesJson);
        if (record && !s.rulesHash().equals(Optional.of(hash))) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rules_id", rules.id());
            body.put("version", rules.version());
            body.put("profile", rules.profileRef());
            body.put("rules_hash", hash);
            body.put("requirements", List.of("K4-1", "K3-2-2"));
            log.append(EvidenceRecord.of(EvidenceTypes.RULES_CHANGED, now, body));
        }
    }

    /** The lowercase hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
