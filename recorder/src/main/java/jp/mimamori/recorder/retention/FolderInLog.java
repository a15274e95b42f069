package jp.mimamori.recorder.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.mimamori.core.crypto.Verifier;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.evidence.HoldRecord;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.RetentionCode;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.hold.HoldRegistry;

/**
 * A retention folder's files held against its evidence log, in one pass over the log (docs/SECURITY.md G7, G8):
 * <ul>
 *   <li>only hold records signed by the folder's own retention key count ({@link HoldRecord}): a
 *       {@code hold.placed}, {@code hold.released} or {@code hold.expired} frame without a valid signature by it —
 *       appended by hand, signed by another key, or written before hold records were signed — places, releases
 *       and expires nothing, and is reported as an ERROR {@code HOLD_RECORD_REFUSED} naming its index and why
 *       (K3-4, K3-2-2) when it names one of this folder's holds or cameras (a log shared by several folders holds
 *       theirs too, signed by their own keys);</li>
 *   <li>every hold the signed records show placed and never released or expired must be in force in
 *       {@code holds.json}, with the camera, range and expiry it was placed with — a hold an insider removed from
 *       or narrowed in the file, or a file rolled back to before the hold, is refused before anything is erased
 *       (invariant 3); so is a release or expiry written into the file as pending without the retention key's
 *       signature of the record it would log;</li>
 *   <li>the operating rules in force are on record: when {@code rules.json} differs from the latest
 *       {@code rules.changed} record of its rules id (or none exists), a writer's open appends one naming its
 *       SHA-256, so a rewrite of periods or grants is in the log before the rules act (K3-2-2, K4-1).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class FolderInLog {
    private FolderInLog() {}

    /** The requirements a refused hold record cites: the log's integrity and the retention it protects. */
    private static final List<String> REQS = List.of("K3-4", "K3-2-2");

    /**
     * What one pass over the log found.
     *
     * @param holdsInForce the signed {@code hold.placed} record (and its index) of every hold in force
     * @param ownHolds     every hold id a counted {@code hold.placed} names, in force or not
     * @param refused      every hold record that does not count
     * @param refusedFor   per hold id, the refused records naming it, as one line each
     * @param rulesHash    the rules hash the log last recorded for the rules id
     */
    private record Scan(Map<String, Placed> holdsInForce, java.util.Set<String> ownHolds, List<Refused> refused,
                        Map<String, List<String>> refusedFor, Optional<String> rulesHash) {}

    /** A hold record that does not count: the hold and camera it names, and its finding. */
    private record Refused(String holdId, Object camera, Finding finding) {}

    /** A signed placement in force and its index. */
    private record Placed(HoldRecord.Placed record, long index) {}

    private static Scan scan(TransparentEvidenceLog log, String rulesId, Verifier retentionKey) throws IOException {
        Map<String, Placed> inForce = new LinkedHashMap<>();
        java.util.Set<String> ownHolds = new java.util.HashSet<>();
        List<Refused> refused = new ArrayList<>();
        Map<String, List<String>> refusedFor = new LinkedHashMap<>();
        Optional<String> rulesHash = Optional.empty();
        for (long i = 0; i < log.size(); i++) {
            EvidenceRecord r = log.record(i);
            if (EvidenceTypes.RULES_CHANGED.equals(r.type()) && rulesId.equals(r.body().get("rules_id"))
                    && r.body().get("rules_hash") instanceof String h) {
                rulesHash = Optional.of(h);
            }
            if (!HoldRecord.isHoldType(r.type())) {
                continue;
            }
            Optional<HoldRecord> counted = counted(r, i, retentionKey, refused, refusedFor);
            if (counted.isEmpty()) {
                continue;
            }
            if (counted.get() instanceof HoldRecord.Placed p) {
                inForce.put(p.holdId(), new Placed(p, i));
                ownHolds.add(p.holdId());
            } else {
                inForce.remove(counted.get().holdId());
            }
        }
        return new Scan(inForce, ownHolds, refused, refusedFor, rulesHash);
    }

    /** The hold record at {@code index} if it counts: well formed and signed by the retention key; else reported. */
    private static Optional<HoldRecord> counted(EvidenceRecord r, long index, Verifier retentionKey,
                                                List<Refused> refused, Map<String, List<String>> refusedFor) {
        String holdId = r.body().get("hold_id") instanceof String h ? h : "?";
        LocalizedText why;
        try {
            HoldRecord h = HoldRecord.fromRecord(r);
            if (h.signature().isEmpty()) {
                why = LocalizedText.of("保存期間管理の鍵による署名がありません(偽造、又は署名導入前の記録)",
                        "not signed by the retention key (forged, or written before hold records were signed)");
            } else if (!h.signature().get().keyId().equals(retentionKey.keyId())) {
                why = LocalizedText.of("この保存フォルダの保存期間管理の鍵ではない鍵 " + h.signature().get().keyId().substring(0, 16)
                                + "… による署名です",
                        "signed by key " + h.signature().get().keyId().substring(0, 16)
                                + "…, not by this folder's retention key");
            } else {
                try {
                    h.verifySignature(retentionKey);
                    return Optional.of(h);
                } catch (SignatureInvalidException e) {
                    why = LocalizedText.of("署名が検証できません(改変)", "its signature does not verify (edited)");
                }
            }
        } catch (InvalidDocumentException e) {
            why = LocalizedText.of("保全の記録として読めません: " + e.getMessage(),
                    "not a well-formed hold record: " + e.getMessage());
        }
        String effectJa = EvidenceTypes.HOLD_PLACED.equals(r.type()) ? "保全を設定しません" : "保全は解除されず有効なままです";
        String effectEn = EvidenceTypes.HOLD_PLACED.equals(r.type()) ? "it places nothing"
                : "it ends nothing: the hold stays in force";
        LocalizedText msg = LocalizedText.of(
                "証跡ログの記録 " + index + "(" + r.type() + " " + holdId + ")は数えません: " + why.ja() + "。"
                        + effectJa + "(不変条件3)",
                "log record " + index + " (" + r.type() + " " + holdId + ") does not count: " + why.en() + "; "
                        + effectEn + " (invariant 3)");
        refused.add(new Refused(holdId, r.body().get("camera"), new Finding(RetentionCode.HOLD_RECORD_REFUSED,
                Severity.ERROR, Location.entry("log").withIndex(index), REQS, msg)));
        refusedFor.computeIfAbsent(holdId, k -> new ArrayList<>()).add(msg.en());
        return Optional.empty();
    }

    /**
     * Refuses a holds file that lacks or narrows a hold in force according to the signed hold records of
     * {@code log}, or carries a pending release or expiry the retention key did not sign; when {@code record},
     * appends a {@code rules.changed} record if {@code rulesJson} is not the rules the log last recorded for
     * their id.
     *
     * @param retentionKey the folder's own retention public key: the only key whose hold records count
     * @return one ERROR {@code HOLD_RECORD_REFUSED} finding per hold record of the log that does not count
     * @throws IOException in one line naming the holds file, the holds missing or changed, the log records that
     *                     placed them and the refused records that named them
     */
    static List<Finding> check(TransparentEvidenceLog log, Path holdsFile, OperatingRules rules, byte[] rulesJson,
                               Verifier retentionKey, Instant now, boolean record) throws IOException {
        Scan s = scan(log, rules.id(), retentionKey);
        // Read only: nothing in the file is finished or written, and no act needs an authority.
        HoldRegistry file = HoldRegistry.openReadOnly(holdsFile, log, (p, c) -> false);
        Map<String, Hold> kept = file.active().stream().collect(Collectors.toMap(Hold::holdId, h -> h, (a, b) -> a));
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> refusedHere = new ArrayList<>();
        for (Placed p : s.holdsInForce().values()) {
            Hold h = kept.get(p.record().holdId());
            Optional<String> field = h == null ? Optional.empty() : differs(h, p.record());
            if (h == null) {
                missing.add(p.record().holdId() + " (log record " + p.index() + ")");
            } else if (field.isPresent()) {
                changed.add(p.record().holdId() + " (" + field.get() + " differs from log record " + p.index() + ")");
            }
            if (h == null || field.isPresent()) {
                refusedHere.addAll(s.refusedFor().getOrDefault(p.record().holdId(), List.of()));
            }
        }
        if (!missing.isEmpty() || !changed.isEmpty()) {
            String what = (missing.isEmpty() ? "" : "holds the evidence log shows placed and never released are"
                    + " missing: " + String.join(", ", missing))
                    + (missing.isEmpty() || changed.isEmpty() ? "" : "; ")
                    + (changed.isEmpty() ? "" : "holds the evidence log shows placed and never released are changed"
                    + " in the holds file: " + String.join(", ", changed));
            String forged = refusedHere.isEmpty() ? "" : "; " + String.join("; ", refusedHere) + " (K3-4, K3-2-2)";
            throw new IOException(holdsFile + ": " + what + "; the holds file was edited or rolled back — nothing is"
                    + " erased until it is restored (invariant 3, K3-2-2)" + forged
                    + " / 記録上有効な保全が保全ファイルにないか変更されています");
        }
        for (HoldRecord act : file.pendingActs()) {
            try {
                act.verifySignature(retentionKey);
            } catch (SignatureInvalidException e) {
                throw new IOException(holdsFile + ": the pending " + act.type() + " of " + act.holdId()
                        + " is not signed by the retention key (" + e.getMessage() + "); the holds file was edited"
                        + " — the hold stays in force and nothing is erased until it is restored (invariant 3,"
                        + " K3-2-2) / 保全ファイルの未完了の解除に保存期間管理の鍵の署名がありません");
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
        // A log shared by several retention folders (a city's) holds their hold records too, signed by their own
        // keys: a refused record is this folder's concern when it names one of its holds or cameras.
        java.util.Set<String> cameras = rules.cameras().stream().map(c -> c.id()).collect(Collectors.toSet());
        return s.refused().stream().filter(x -> s.ownHolds().contains(x.holdId()) || kept.containsKey(x.holdId())
                || cameras.contains(x.camera())).map(Refused::finding).toList();
    }

    /** The first field in which the holds file's hold differs from its signed placement, if any. */
    private static Optional<String> differs(Hold h, HoldRecord.Placed p) {
        if (!h.cameraId().equals(p.camera())) {
            return Optional.of("camera");
        }
        if (!millis(h.from()).equals(p.from())) {
            return Optional.of("from");
        }
        if (!millis(h.to()).equals(p.to())) {
            return Optional.of("to");
        }
        if (!h.expires().map(FolderInLog::millis).equals(p.expires())) {
            return Optional.of("expires");
        }
        return Optional.empty();
    }

    private static Instant millis(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
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
