package jp.mimamori.retention.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.policy.RetentionSchedule;

/**
 * The incremental retention planner (invariant 2): a segment whose period plus grace has passed and that no
 * hold covers is planned; a segment younger than that, or under a hold, never is.
 *
 * <p>Design, for 10 million segments from 10,000 cameras: one record per camera holding its live segments
 * as a deque in primitive columns sorted by end time (end, duration, sequence, size: 28 bytes a segment, no
 * object per segment), a pointer per camera separating due from not-yet-due segments, and a min-heap of
 * cameras keyed by when their next segment falls due. {@link #plan(Instant)} recomputes every pointer by
 * binary search (O(cameras · log n)); {@link #tick(Instant)} pops only the cameras whose next due time has
 * passed and returns what became due; {@link #add} and {@link #markErased} are O(1) amortised for segments
 * arriving and leaving in time order. Holds are kept per camera and filter segments as they are listed.
 *
 * <pre>{@code
 * RetentionPlanner p = new RetentionPlanner(policy);
 * store.list().forEach(p::add);
 * RetentionPlan now = p.plan(clock.instant());      // what must be erased now, and next due time
 * List<DueSegment> more = p.tick(clock.instant());  // later: only what became due since
 * }</pre>
 *
 * <p>Not thread-safe: one planner per retention service, used under its lock.
 */
public final class RetentionPlanner {
    private final RetentionSchedule policy;
    private final Map<String, Integer> index = new HashMap<>();
    private Cam[] cams = new Cam[16];
    private int camCount;
    private long now = Long.MIN_VALUE;
    private final DueHeap heap = new DueHeap();
    private final List<DueSegment> newlyDue = new ArrayList<>();
    private long segments;

    /** Per-camera compact columns; [head, tail) live or tombstoned, [head, due) past their period. */
    static final class Cam {
        final String id;
        final long dueAfter;
        long[] end = new long[8];
        int[] dur = new int[8];
        long[] seq = new long[8];
        long[] size = new long[8];
        int head;
        int tail;
        int due;
        int live;
        long liveBytes;
        long[] holdFrom = new long[0];
        long[] holdTo = new long[0];

        Cam(String id, long dueAfter) {
            this.id = id;
            this.dueAfter = dueAfter;
        }

        boolean erased(int i) {
            return seq[i] < 0;
        }

        long start(int i) {
            return end[i] - dur[i];
        }

        boolean held(int i) {
            long s = end[i] - dur[i];
            long e = end[i];
            for (int h = 0; h < holdFrom.length; h++) {
                if (e >= holdFrom[h] && s <= holdTo[h]) {
                    return true;
                }
            }
            return false;
        }

        /** First index in [from, tail) whose end is after {@code threshold}. */
        int upperBound(int from, long threshold) {
            int lo = from;
            int hi = tail;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (end[mid] <= threshold) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        void ensureCapacity() {
            if (tail < end.length) {
                return;
            }
            if (head > end.length / 4) {
                int n = tail - head;
                System.arraycopy(end, head, end, 0, n);
                System.arraycopy(dur, head, dur, 0, n);
                System.arraycopy(seq, head, seq, 0, n);
                System.arraycopy(size, head, size, 0, n);
                due -= head;
                tail = n;
                head = 0;
                return;
            }
            int cap = end.length + (end.length >> 1) + 1;
            end = Arrays.copyOf(end, cap);
            dur = Arrays.copyOf(dur, cap);
            seq = Arrays.copyOf(seq, cap);
            size = Arrays.copyOf(size, cap);
        }
    }

    /** A planner for {@code policy}'s periods; add segments with {@link #add}. */
    public RetentionPlanner(RetentionSchedule policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The policy planned by. */
    public RetentionSchedule policy() {
        return policy;
    }

    /** Number of live segments indexed. */
    public long segmentCount() {
        return segments;
    }

    /** Number of cameras seen. */
    public int cameraCount() {
        return camCount;
    }

    private Cam cam(String id) {
        Integer i = index.get(id);
        if (i != null) {
            return cams[i];
        }
        if (camCount == cams.length) {
            cams = Arrays.copyOf(cams, cams.length * 2);
        }
        Cam c = new Cam(id, policy.dueAfter(id).toMillis());
        cams[camCount] = c;
        index.put(id, camCount);
        camCount++;
        return c;
    }

    /** Indexes a recorded segment. */
    public void add(SegmentRef r) {
        add(r.cameraId(), r.sequence(), r.start().toEpochMilli(), r.end().toEpochMilli(), r.sizeBytes());
    }

    /**
     * Indexes a recorded segment by its fields (what {@link #add(SegmentRef)} does, without the object).
     *
     * @throws IllegalArgumentException if the segment spans more than 24 days (stored as an int of ms)
     */
    public void add(String cameraId, long sequence, long startMillis, long endMillis, long sizeBytes) {
        long d = endMillis - startMillis;
        if (d < 0 || d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment " + cameraId + "/" + sequence
                    + ": duration must be within 0..24 days");
        }
        if (sequence < 0 || sizeBytes < 0) {
            throw new IllegalArgumentException("segment " + cameraId + "/" + sequence
                    + ": sequence and size must be >= 0");
        }
        int ci = index.containsKey(cameraId) ? index.get(cameraId) : -1;
        Cam c = cam(cameraId);
        if (ci < 0) {
            ci = camCount - 1;
        }
        c.ensureCapacity();
        int pos = c.tail;
        // Usually appended at the tail; an out-of-order arrival shifts the later ones up.
        while (pos > c.head && (c.end[pos - 1] > endMillis
                || (c.end[pos - 1] == endMillis && Math.abs(c.seq[pos - 1]) > sequence))) {
            pos--;
        }
        int n = c.tail - pos;
        if (n > 0) {
            System.arraycopy(c.end, pos, c.end, pos + 1, n);
            System.arraycopy(c.dur, pos, c.dur, pos + 1, n);
            System.arraycopy(c.seq, pos, c.seq, pos + 1, n);
            System.arraycopy(c.size, pos, c.size, pos + 1, n);
        }
        c.end[pos] = endMillis;
        c.dur[pos] = (int) d;
        c.seq[pos] = sequence;
        c.size[pos] = sizeBytes;
        c.tail++;
        c.live++;
        c.liveBytes += sizeBytes;
        segments++;
        if (now != Long.MIN_VALUE && endMillis + c.dueAfter <= now) {
            // Already past its period when it arrived: due at once.
            if (pos <= c.due) {
                c.due++;
            }
            if (!c.held(pos)) {
                newlyDue.add(due(c, pos));
            }
        } else if (pos < c.due) {
            c.due++;
        }
        if (now != Long.MIN_VALUE) {
            updateHeap(ci, c);
        }
    }

    /** Removes an erased segment from the index; false if it was not indexed. */
    public boolean markErased(String cameraId, long sequence, Instant end) {
        Integer ci = index.get(cameraId);
        if (ci == null) {
            return false;
        }
        Cam c = cams[ci];
        long e = end.toEpochMilli();
        int lo = c.head;
        int hi = c.tail;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (c.end[mid] < e) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < c.tail && c.end[i] == e; i++) {
            if (c.seq[i] == sequence) {
                c.seq[i] = -1 - sequence;
                c.live--;
                c.liveBytes -= c.size[i];
                segments--;
                while (c.head < c.tail && c.erased(c.head)) {
                    c.head++;
                }
                if (c.due < c.head) {
                    c.due = c.head;
                }
                return true;
            }
        }
        return false;
    }

    /** Replaces the holds that filter one camera's segments (the registry calls this on every change). */
    public void holdsChanged(String cameraId, List<Hold> holds) {
        int ci = index.containsKey(cameraId) ? index.get(cameraId) : -1;
        Cam c = cam(cameraId);
        if (ci < 0) {
            ci = camCount - 1;
        }
        boolean[] wasHeld = new boolean[c.due - c.head];
        for (int i = c.head; i < c.due; i++) {
            wasHeld[i - c.head] = c.held(i);
        }
        long[] from = new long[holds.size()];
        long[] to = new long[holds.size()];
        for (int h = 0; h < holds.size(); h++) {
            from[h] = holds.get(h).from().toEpochMilli();
            to[h] = holds.get(h).to().toEpochMilli();
        }
        c.holdFrom = from;
        c.holdTo = to;
        for (int i = c.head; i < c.due; i++) {
            if (wasHeld[i - c.head] && !c.erased(i) && !c.held(i)) {
                newlyDue.add(due(c, i)); // released: past its period, so due at once
            }
        }
    }

    /** Full plan at {@code at}: every due pointer recomputed by binary search, the heap rebuilt. */
    public RetentionPlan plan(Instant at) {
        now = at.toEpochMilli();
        newlyDue.clear();
        heap.clear();
        for (int ci = 0; ci < camCount; ci++) {
            Cam c = cams[ci];
            c.due = c.upperBound(c.head, now - c.dueAfter);
            updateHeap(ci, c);
        }
        return current();
    }

    /**
     * Advances the clock to {@code at} and returns the segments that became due since the last plan or tick
     * (including held segments whose hold was released and late arrivals already past their period). Only
     * the cameras whose next due time passed are touched. A clock that moves back replans in full.
     */
    public List<DueSegment> tick(Instant at) {
        long t = at.toEpochMilli();
        if (now == Long.MIN_VALUE || t < now) {
            plan(at);
            return List.of();
        }
        now = t;
        List<DueSegment> out = new ArrayList<>(newlyDue);
        newlyDue.clear();
        while (!heap.isEmpty() && heap.peekKey() <= t) {
            int ci = heap.peekCamera();
            Cam c = cams[ci];
            int to = c.upperBound(c.due, t - c.dueAfter);
            for (int i = c.due; i < to; i++) {
                if (!c.erased(i) && !c.held(i)) {
                    out.add(due(c, i));
                }
            }
            c.due = to;
            updateHeap(ci, c);
        }
        return out;
    }

    /** The plan as of the last {@link #plan} or {@link #tick}, without recomputing anything. */
    public RetentionPlan current() {
        int n = 0;
        int held = 0;
        for (int ci = 0; ci < camCount; ci++) {
            Cam c = cams[ci];
            for (int i = c.head; i < c.due; i++) {
                if (!c.erased(i)) {
                    if (c.holdFrom.length > 0 && c.held(i)) {
                        held++;
                    } else {
                        n++;
                    }
                }
            }
        }
        String[] names = new String[camCount];
        int[] cam = new int[n];
        long[] seq = new long[n];
        long[] start = new long[n];
        long[] end = new long[n];
        long[] size = new long[n];
        long[] dueAt = new long[n];
        Map<String, Instant> next = new LinkedHashMap<>();
        int k = 0;
        long nextAll = Long.MAX_VALUE;
        for (int ci = 0; ci < camCount; ci++) {
            Cam c = cams[ci];
            names[ci] = c.id;
            for (int i = c.head; i < c.due; i++) {
                if (!c.erased(i) && !(c.holdFrom.length > 0 && c.held(i))) {
                    cam[k] = ci;
                    seq[k] = c.seq[i];
                    start[k] = c.start(i);
                    end[k] = c.end[i];
                    size[k] = c.size[i];
                    dueAt[k] = c.end[i] + c.dueAfter;
                    k++;
                }
            }
            int i = c.due;
            while (i < c.tail && c.erased(i)) {
                i++;
            }
            if (i < c.tail) {
                long d = c.end[i] + c.dueAfter;
                next.put(c.id, Instant.ofEpochMilli(d));
                nextAll = Math.min(nextAll, d);
            }
        }
        return new RetentionPlan(Instant.ofEpochMilli(now == Long.MIN_VALUE ? 0 : now), names, cam, seq, start,
                end, size, dueAt, n, nextAll, held, next);
    }

    private DueSegment due(Cam c, int i) {
        return new DueSegment(c.id, c.seq[i], Instant.ofEpochMilli(c.start(i)), Instant.ofEpochMilli(c.end[i]),
                c.size[i], Instant.ofEpochMilli(c.end[i] + c.dueAfter));
    }

    private void updateHeap(int ci, Cam c) {
        if (c.due < c.tail) {
            heap.set(ci, c.end[c.due] + c.dueAfter);
        } else {
            heap.remove(ci);
        }
    }

    // --- storage budget -------------------------------------------------------------------------------

    /** Bytes of live (not erased) segments. */
    public long liveBytes() {
        long b = 0;
        for (int ci = 0; ci < camCount; ci++) {
            b += cams[ci].liveBytes;
        }
        return b;
    }

    /**
     * Chooses segments to erase so the store fits {@code budgetBytes}: oldest first across cameras, skipping
     * held segments (never erased to make room) and segments already due (erased by the scheduled run).
     * The caller erases them with reason {@code forced} after the scheduled ones.
     */
    public List<DueSegment> forcedCandidates(long budgetBytes) {
        long usage = 0;
        for (int ci = 0; ci < camCount; ci++) {
            Cam c = cams[ci];
            usage += c.liveBytes;
            for (int i = c.head; i < c.due; i++) {
                if (!c.erased(i) && !c.held(i)) {
                    usage -= c.size[i]; // scheduled anyway
                }
            }
        }
        List<DueSegment> out = new ArrayList<>();
        if (usage <= budgetBytes) {
            return out;
        }
        int[] ptr = new int[camCount];
        PriorityQueue<long[]> pq = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        for (int ci = 0; ci < camCount; ci++) {
            ptr[ci] = cams[ci].due;
            pushNextCandidate(pq, ptr, ci);
        }
        while (usage > budgetBytes && !pq.isEmpty()) {
            long[] top = pq.poll();
            int ci = (int) top[1];
            Cam c = cams[ci];
            int i = ptr[ci];
            out.add(due(c, i));
            usage -= c.size[i];
            ptr[ci]++;
            pushNextCandidate(pq, ptr, ci);
        }
        return out;
    }

    private void pushNextCandidate(PriorityQueue<long[]> pq, int[] ptr, int ci) {
        Cam c = cams[ci];
        while (ptr[ci] < c.tail && (c.erased(ptr[ci]) || c.held(ptr[ci]))) {
            ptr[ci]++;
        }
        if (ptr[ci] < c.tail) {
            pq.add(new long[] {c.end[ptr[ci]], ci});
        }
    }

    /** Per-camera figures for the forecast: live bytes, held bytes, span, expiry times. */
    interface CameraVisitor {
        void camera(String id, long dueAfter, long liveBytes, long heldBytes, long firstStart, long lastEnd);

        void segment(long endMillis, long sizeBytes, boolean held);
    }

    void visit(CameraVisitor v) {
        for (int ci = 0; ci < camCount; ci++) {
            Cam c = cams[ci];
            long held = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int i = c.head; i < c.tail; i++) {
                if (c.erased(i)) {
                    continue;
                }
                boolean h = c.holdFrom.length > 0 && c.held(i);
                if (h) {
                    held += c.size[i];
                }
                first = Math.min(first, c.start(i));
                last = Math.max(last, c.end[i]);
                v.segment(c.end[i] + c.dueAfter, c.size[i], h);
            }
            v.camera(c.id, c.dueAfter, c.liveBytes, held, first, last);
        }
    }

    /** Bytes of heap the index columns occupy (arrays only), for the ≤ 64 bytes/segment budget. */
    public long indexBytes() {
        long b = 0;
        for (int ci = 0; ci < camCount; ci++) {
            Cam c = cams[ci];
            b += 16L + 8L * c.end.length + 16L + 4L * c.dur.length + 16L + 8L * c.seq.length + 16L
                    + 8L * c.size.length + 96;
        }
        return b;
    }

    /** A min-heap of camera indexes keyed by next due time, with positions for O(log n) updates. */
    private static final class DueHeap {
        private long[] keys = new long[16];
        private int[] cams = new int[16];
        private int[] pos = new int[16];
        private int n;

        DueHeap() {
            Arrays.fill(pos, -1);
        }

        void clear() {
            for (int i = 0; i < n; i++) {
                pos[cams[i]] = -1;
            }
            n = 0;
        }

        boolean isEmpty() {
            return n == 0;
        }

        long peekKey() {
            return keys[0];
        }

        int peekCamera() {
            return cams[0];
        }

        void set(int cam, long key) {
            if (cam >= pos.length) {
                int old = pos.length;
                pos = Arrays.copyOf(pos, Math.max(cam + 1, old * 2));
                Arrays.fill(pos, old, pos.length, -1);
            }
            int p = pos[cam];
            if (p < 0) {
                if (n == keys.length) {
                    keys = Arrays.copyOf(keys, n * 2);
                    cams = Arrays.copyOf(cams, n * 2);
                }
                keys[n] = key;
                cams[n] = cam;
                pos[cam] = n;
                n++;
                up(n - 1);
            } else {
                keys[p] = key;
                up(p);
                down(pos[cam]);
            }
        }

        void remove(int cam) {
            if (cam >= pos.length || pos[cam] < 0) {
                return;
            }
            int p = pos[cam];
            n--;
            pos[cam] = -1;
            if (p != n) {
                keys[p] = keys[n];
                cams[p] = cams[n];
                pos[cams[p]] = p;
                up(p);
                down(pos[cams[p]]);
            }
        }

        private void up(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] <= keys[i]) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void down(int i) {
            while (true) {
                int l = 2 * i + 1;
                if (l >= n) {
                    return;
                }
                int m = l + 1 < n && keys[l + 1] < keys[l] ? l + 1 : l;
                if (keys[i] <= keys[m]) {
                    return;
                }
                swap(i, m);
                i = m;
            }
        }

        private void swap(int a, int b) {
            long k = keys[a];
            keys[a] = keys[b];
            keys[b] = k;
            int c = cams[a];
            cams[a] = cams[b];
            cams[b] = c;
            pos[cams[a]] = a;
            pos[cams[b]] = b;
        }
    }
}
