package jp.mimamori.retention.erase;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.segment.SegmentRef;

/**
 * What is kept of an erased segment: its identity and manifest hash, how, when, by whom and why it was erased,
 * and the outcome (K3-2-3). Logged as {@link EvidenceTypes#ERASURE_RECEIPT}, whose fields the integrity
 * verifier reads to report {@code SEGMENT_ERASED}.
 *
 * @param erasureId the id shared by the intent and the receipt
 * @param segment   the erased segment (no image data)
 * @param method    how
 * @param reason    scheduled, forced or decommission
 * @param erasedAt  when
 * @param principal who ran the erasure
 * @param erased    {@code true} for outcome {@code erased}, {@code false} for {@code failed}
 * @param note      caveats and details (for overwrite, the SSD/flash/CoW limitation)
 */
public record ErasureReceipt(String erasureId, SegmentRef segment, ErasureMethod method, ErasureReason reason,
                             Instant erasedAt, String principal, boolean erased, String note) {

    /** Validates presence. */
    public ErasureReceipt {
        Objects.requireNonNull(erasureId, "erasureId");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(erasedAt, "erasedAt");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(note, "note");
    }

    /** The {@code erasure.receipt} evidence record with exactly the fields {@link EvidenceTypes} lists. */
    public EvidenceRecord toRecord() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("erasure_id", erasureId);
        b.put("camera", segment.cameraId());
        b.put("sequence", segment.sequence());
        b.put("manifest_hash", segment.manifestHash());
        b.put("hash_alg", "sha-256");
        b.put("method", method.wireName());
        b.put("erased_at", erasedAt.toString());
        b.put("principal", principal);
        b.put("outcome", erased ? "erased" : "failed");
        b.put("note", note);
        b.put("reason", reason.wireName());
        b.put("requirements", reason == ErasureReason.DECOMMISSION ? List.of("K3-2-3", "K4-3-2")
                : reason == ErasureReason.FORCED ? List.of("K3-2-3", "S2") : List.of("K3-2-2", "K3-2-3"));
        return EvidenceRecord.of(EvidenceTypes.ERASURE_RECEIPT, erasedAt, b);
    }

    /** The matching {@code erasure.intent} record, logged before anything is erased. */
    static EvidenceRecord intent(String erasureId, SegmentRef s, ErasureMethod m, ErasureReason r, Instant at,
                                 String principal) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("erasure_id", erasureId);
        b.put("camera", s.cameraId());
        b.put("sequence", s.sequence());
        b.put("manifest_hash", s.manifestHash());
        b.put("method", m.wireName());
        b.put("reason", r.wireName());
        b.put("principal", principal);
        return EvidenceRecord.of(EvidenceTypes.ERASURE_INTENT, at, b);
    }

    /** One line for people, in Japanese or English. */
    public String render(Locale locale) {
        boolean ja = "ja".equals(locale.getLanguage());
        String what = segment.cameraId() + "/" + segment.sequence() + " [" + segment.start() + " – "
                + segment.end() + "]";
        if (ja) {
            return "消去証明 " + erasureId + ": " + what + " 方法=" + method.wireName() + " 理由="
                    + reason.wireName() + " 日時=" + erasedAt + " 実施者=" + principal + " 結果="
                    + (erased ? "消去済み" : "失敗") + " manifest sha-256=" + segment.manifestHash()
                    + " 注記: " + note;
        }
        return "erasure receipt " + erasureId + ": " + what + " method=" + method.wireName() + " reason="
                + reason.wireName() + " at=" + erasedAt + " by=" + principal + " outcome="
                + (erased ? "erased" : "failed") + " manifest sha-256=" + segment.manifestHash() + " note: " + note;
    }
}
