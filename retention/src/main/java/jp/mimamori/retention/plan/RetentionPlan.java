package jp.mimamori.retention.plan;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What must be erased at {@link #at()}: the due segments that no hold covers (invariant 2), held in compact
 * columns, plus when the next segment falls due. Immutable.
 */
public final class RetentionPlan {
    private final Instant at;
    private final String[] cameras;
    private final int[] camera;
    private final long[] sequence;
    private final long[] start;
    private final long[] end;
    private final long[] size;
    private final long[] dueAt;
    private final int count;
    private final long nextDueAt;
    private final int heldOverdue;
    private final Map<String, Instant> nextDueByCamera;

    RetentionPlan(Instant at, String[] cameras, int[] camera, long[] sequence, long[] start, long[] end,
                  long[] size, long[] dueAt, int count, long nextDueAt, int heldOverdue,
                  Map<String, Instant> nextDueByCamera) {
        this.at = at;
        this.cameras = cameras;
        this.camera = camera;
        this.sequence = sequence;
        this.start = start;
        this.end = end;
        this.size = size;
        this.dueAt = dueAt;
        this.count = count;
        this.nextDueAt = nextDueAt;
        this.heldOverdue = heldOverdue;
        this.nextDueByCamera = Map.copyOf(nextDueByCamera);
    }

    /** The time the plan was made for. */
    public Instant at() {
        return at;
    }

    /** Number of segments to erase now. */
    public int size() {
        return count;
    }

    /** The {@code i}-th due segment (ordered by camera, then end time). */
    public DueSegment get(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return new DueSegment(cameras[camera[i]], sequence[i], Instant.ofEpochMilli(start[i]),
                Instant.ofEpochMilli(end[i]), size[i], Instant.ofEpochMilli(dueAt[i]));
    }

    /** The due segments as a list view. */
    public List<DueSegment> segments() {
        return new AbstractList<>() {
            @Override
            public DueSegment get(int i) {
                return RetentionPlan.this.get(i);
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /** Total bytes the plan frees. */
    public long bytes() {
        long b = 0;
        for (int i = 0; i < count; i++) {
            b += size[i];
        }
        return b;
    }

    /** When the next not-yet-due segment falls due, if any. */
    public Optional<Instant> nextDueAt() {
        return nextDueAt == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(nextDueAt));
    }

    /** Per camera, when its next segment falls due (cameras with nothing pending are absent). */
    public Map<String, Instant> nextDueByCamera() {
        return nextDueByCamera;
    }

    /** Segments past their period that holds keep (not in the plan, invariant 3). */
    public int heldOverdue() {
        return heldOverdue;
    }
}
