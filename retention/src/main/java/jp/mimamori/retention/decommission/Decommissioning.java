package jp.mimamori.retention.decommission;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.erase.Erasure;
import jp.mimamori.retention.erase.ErasureDeniedException;
import jp.mimamori.retention.erase.ErasureEngine;
import jp.mimamori.retention.erase.ErasableStore;

/**
 * The decommissioning workflow (K4-3-2). Run it again after a blocking hold is released: it is idempotent
 * and erases what is left.
 *
 * <p>Stateless; thread-safe.
 */
public final class Decommissioning {
    private Decommissioning() {}

    /**
     * What the operator reports.
     *
     * <p>Every implementation is an immutable record; thread-safe.
     *
     * @param cameraId         the camera taken out of service
     * @param principal        who decommissions (the installer or operation manager)
     * @param cameraRemovedAt  when the camera was physically removed
     * @param signageRemovedAt when the signage (K2-3) was removed
     * @param designationIds   the designations (operation manager, operators, contractors) to close
     * @param note             free text ({@code ""} if none)
     */
    public record Request(String cameraId, String principal, Instant cameraRemovedAt, Instant signageRemovedAt,
                          List<String> designationIds, String note) {
        /** Validates presence; {@code note} may be empty, never null. */
        public Request {
            Objects.requireNonNull(cameraId, "cameraId");
            Objects.requireNonNull(principal, "principal");
            if (principal.isBlank()) {
                throw new IllegalArgumentException("principal: decommissioning names who did it (K4-3-2)");
            }
            Objects.requireNonNull(cameraRemovedAt, "cameraRemovedAt");
            Objects.requireNonNull(signageRemovedAt, "signageRemovedAt");
            designationIds = List.copyOf(designationIds);
            Objects.requireNonNull(note, "note");
        }
    }

    /**
     * What happened.
     *
     * <p>Immutable and thread-safe.
     *
     * @param receipts     erasure receipts of the camera's remaining segments
     * @param heldRemaining segments kept because a hold covers them
     * @param complete     whether nothing of the camera remains
     */
    public record Result(List<Erasure> receipts, List<SegmentRef> heldRemaining, boolean complete) {
        /** Copies. */
        public Result {
            receipts = List.copyOf(receipts);
            heldRemaining = List.copyOf(heldRemaining);
        }
    }

    /**
     * Runs the workflow: erase (asking the rules first, as every erasure does), close designations, log
     * {@link EvidenceTypes#DECOMMISSION}.
     *
     * @throws ErasureDeniedException if the rules do not allow the request's principal to erase the camera's
     *                                footage now; nothing was erased or logged
     */
    public static Result run(Request req, ErasableStore store, ErasureEngine engine, EvidenceLog log, Clock clock)
            throws IOException, ErasureDeniedException {
        engine.requireAuthorised(req.principal(), req.cameraId());
        List<SegmentRef> mine = new ArrayList<>();
        for (SegmentRef s : store.list()) {
            if (s.cameraId().equals(req.cameraId())) {
                mine.add(s);
            }
        }
        List<Erasure> receipts = new ArrayList<>();
        List<SegmentRef> held = new ArrayList<>();
        for (int i = 0; i < mine.size(); i += 1000) {
            ErasureEngine.Batch b = engine.erase(mine.subList(i, Math.min(mine.size(), i + 1000)),
                    ErasureReason.DECOMMISSION, req.principal());
            receipts.addAll(b.receipts());
            held.addAll(b.refused());
        }
        Instant now = clock.instant();
        List<EvidenceRecord> recs = new ArrayList<>();
        for (String d : req.designationIds()) {
            recs.add(EvidenceRecord.of(EvidenceTypes.DESIGNATION_REVOKED, now, Map.of("designation_id", d,
                    "camera", req.cameraId(), "revoked_by", req.principal(),
                    "reason", "camera decommissioned (K4-3-2)", "requirements", List.of("K4-3-2"))));
        }
        List<String> ids = new ArrayList<>();
        receipts.forEach(r -> ids.add(r.receipt().erasureId()));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("camera", req.cameraId());
        b.put("principal", req.principal());
        b.put("camera_removed_at", req.cameraRemovedAt().toString());
        b.put("signage_removed_at", req.signageRemovedAt().toString());
        b.put("segments_erased", (long) receipts.size());
        b.put("erasure_ids", ids);
        b.put("held_remaining", (long) held.size());
        b.put("designations_closed", req.designationIds());
        b.put("complete", held.isEmpty());
        b.put("note", req.note());
        b.put("requirements", List.of("K4-3-2", "K2-3", "K3-2-3"));
        recs.add(EvidenceRecord.of(EvidenceTypes.DECOMMISSION, now, b));
        log.appendAll(recs);
        return new Result(receipts, held, held.isEmpty());
    }
}
