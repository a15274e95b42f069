package jp.mimamori.bench.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.retention.plan.DueSegment;
import jp.mimamori.retention.plan.RetentionPlan;
import jp.mimamori.retention.plan.RetentionPlanner;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionSchedule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning over 10,000,000 segments from 10,000 cameras (1,000 twenty-minute segments each, 14-day period):
 * a full plan from scratch, and the steady-state tick (clock +1 minute, newly due segments erased from the
 * index, the cameras' next recordings added). Targets: full ≤ 1 s, tick ≤ 10 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class PlannerBench {
    static final int CAMERAS = 10_000;
    static final int PER_CAMERA = 1_000;
    static final long SEG_MS = Duration.ofMinutes(20).toMillis();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    RetentionPlanner planner;
    String[] ids;
    long[] nextSeq;
    long now;

    /** Builds the 10M-segment index, cameras staggered by a few seconds so their due times interleave. */
    static RetentionPlanner build(String[] ids, long[] nextSeq) {
        RetentionPlanner p = new RetentionPlanner(RetentionSchedule.builder(RetentionBounds.of(ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0").orElseThrow())).build());
        for (int c = 0; c < CAMERAS; c++) {
            ids[c] = "cam-" + c;
            long offset = c * 113L;
            for (int i = 0; i < PER_CAMERA; i++) {
                long start = T0.toEpochMilli() + offset + i * SEG_MS;
                p.add(ids[c], i, start, start + SEG_MS, 50_000_000L);
            }
            nextSeq[c] = PER_CAMERA;
        }
        return p;
    }

    /** One index per trial. */
    @Setup(Level.Trial)
    public void setup() {
        ids = new String[CAMERAS];
        nextSeq = new long[CAMERAS];
        planner = build(ids, nextSeq);
        // Recording ends at T0 + 1000 × 20 min ≈ 13.9 days; plan 14 days after the first tenth of it.
        now = T0.toEpochMilli() + PER_CAMERA * SEG_MS / 10 + Duration.ofDays(14).toMillis();
        planner.plan(Instant.ofEpochMilli(now));
    }

    /** A full plan: every camera's due pointer by binary search, ~1M due segments materialised. */
    @Benchmark
    public RetentionPlan fullPlan() {
        return planner.plan(Instant.ofEpochMilli(now));
    }

    /** The steady-state tick. */
    @State(Scope.Benchmark)
    public static class Steady {
        RetentionPlanner planner;
        String[] ids;
        long[] nextSeq;
        long now;
        java.util.Map<String, Integer> index = new java.util.HashMap<>();

        /** A fresh index, with everything due erased, so each tick sees only what the minute brings. */
        @Setup(Level.Trial)
        public void setup() {
            ids = new String[CAMERAS];
            nextSeq = new long[CAMERAS];
            planner = build(ids, nextSeq);
            for (int c = 0; c < CAMERAS; c++) {
                index.put(ids[c], c);
            }
            now = T0.toEpochMilli() + Duration.ofDays(14).toMillis() + SEG_MS * 50;
            RetentionPlan p = planner.plan(Instant.ofEpochMilli(now));
            for (DueSegment d : p.segments()) {
                planner.markErased(d.cameraId(), d.sequence(), d.end());
            }
        }
    }

    /** Clock +1 minute: tick, erase what became due from the index, add each such camera's next segment. */
    @Benchmark
    public int tick(Steady s) {
        s.now += 60_000;
        List<DueSegment> due = s.planner.tick(Instant.ofEpochMilli(s.now));
        for (DueSegment d : due) {
            s.planner.markErased(d.cameraId(), d.sequence(), d.end());
            int c = s.index.get(d.cameraId());
            long seq = s.nextSeq[c]++;
            long start = T0.toEpochMilli() + c * 113L + seq * SEG_MS;
            s.planner.add(d.cameraId(), seq, start, start + SEG_MS, 50_000_000L);
        }
        return due.size();
    }
}
