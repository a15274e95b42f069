package jp.mimamori.retention.erase;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.segment.SegmentRef;

/**
 * One erasure the engine carried out: the store's reference to the segment (with its time range and size,
 * which the log does not keep) and the {@link ErasureReceipt} logged for it (K3-2-3).
 *
 * <pre>{@code
 * for (Erasure e : service.runScheduled("svc-retention")) {
 *     System.out.println(e.render(Locale.JAPANESE));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param segment the erased segment (no image data)
 * @param receipt the receipt, as logged
 */
public record Erasure(SegmentRef segment, ErasureReceipt receipt) {
    /** Validates that both name the same segment. */
    public Erasure {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(receipt, "receipt");
        if (!segment.cameraId().equals(receipt.camera()) || segment.sequence() != receipt.sequence()
                || !segment.manifestHash().equals(receipt.manifestHash())) {
            throw new IllegalArgumentException("receipt: names another segment than " + segment.cameraId() + "/"
                    + segment.sequence());
        }
    }

    /** The erasure of {@code s}, with its receipt made from the other fields. */
    static Erasure of(String erasureId, SegmentRef s, ErasureMethod method, ErasureReason reason, Instant erasedAt,
                      String principal, boolean erased, String note, boolean simulated) {
        return new Erasure(s, new ErasureReceipt(erasureId, s.cameraId(), s.sequence(), s.manifestHash(), method,
                reason, erasedAt, principal, erased, note, simulated));
    }

    /** Whether the segment was erased (outcome {@code erased}), not {@code failed}. */
    public boolean erased() {
        return receipt.erased();
    }

    /** The {@code erasure.receipt} evidence record ({@link ErasureReceipt#toRecord()}). */
    public EvidenceRecord toRecord() {
        return receipt.toRecord();
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
        ErasureReceipt r = receipt;
        String what = segment.cameraId() + "/" + segment.sequence() + " [" + segment.start() + " – "
                + segment.end() + "]";
        if (ja) {
            return "消去証明 " + r.erasureId() + ": " + what + " 方法=" + r.method().wireName() + " 理由="
                    + r.reason().wireName() + " 日時=" + r.erasedAt() + " 実施者=" + r.principal() + " 結果="
                    + (r.erased() ? "消去済み" : "失敗") + " manifest sha-256=" + segment.manifestHash()
                    + " 注記: " + r.note();
        }
        return "erasure receipt " + r.erasureId() + ": " + what + " method=" + r.method().wireName() + " reason="
                + r.reason().wireName() + " at=" + r.erasedAt() + " by=" + r.principal() + " outcome="
                + (r.erased() ? "erased" : "failed") + " manifest sha-256=" + segment.manifestHash() + " note: "
                + r.note();
    }
}
