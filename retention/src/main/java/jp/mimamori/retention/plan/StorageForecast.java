package jp.mimamori.retention.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.RetentionCode;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.text.LocalizedText;

/**
 * Storage pressure, ahead of time (S2): given a byte budget for the store, when will it force erasure before
 * cameras' periods — the failure of today's recorders, which drop the oldest footage "regardless of retention
 * settings" when the disk fills — and how much footage would survive then.
 *
 * <p>Model: each camera keeps recording at its average rate over its live footage; existing segments leave
 * at end + period + grace (held ones stay); new footage stays for its period. Under pressure, oldest-first
 * erasure leaves every camera roughly the same age of footage {@code A}, where
 * {@code Σ rate · min(A, period) = budget − held}. A camera whose period exceeds {@code A} loses footage
 * early: an {@code ERROR} citing S2 when {@code A} is below the floor, a {@code WARNING} citing S2 otherwise.
 *
 * <p>Immutable and thread-safe.
 *
 * @param at               when the forecast was made
 * @param budgetBytes      the store's budget
 * @param usageBytes       live bytes now
 * @param heldBytes        bytes under holds now (never erased to make room)
 * @param steadyStateBytes bytes needed to keep every camera's full period at the current rates
 * @param exceedsAt        when usage first exceeds the budget within the horizon, if it does
 * @param retainedAge      the footage age every camera keeps under pressure (the period when there is none)
 * @param findings         S2 findings, one per affected camera, plus one if the budget is too small overall
 */
public record StorageForecast(Instant at, long budgetBytes, long usageBytes, long heldBytes,
                              long steadyStateBytes, Optional<Instant> exceedsAt, Duration retainedAge,
                              List<Finding> findings) {

    /** Copies the findings. */
    public StorageForecast {
        findings = List.copyOf(findings);
    }

    /**
     * Forecasts over {@code horizon} in steps of {@code step}.
     *
     * @param floor the profile's floor (S2)
     */
    public static StorageForecast of(RetentionPlanner planner, Instant at, long budgetBytes, Duration horizon,
                                     Duration step, Duration floor) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budgetBytes: must be >= 0");
        }
        long now = at.toEpochMilli();
        long stepMs = Math.max(1, step.toMillis());
        int steps = (int) Math.min(100_000, horizon.toMillis() / stepMs + 1);
        long[] leaving = new long[steps + 1];
        List<String> ids = new ArrayList<>();
        List<double[]> cams = new ArrayList<>(); // dueAfter ms, bytes per ms
        long[] totals = new long[2]; // usage, held
        planner.visit(new RetentionPlanner.CameraVisitor() {
            @Override
            public void camera(String id, long dueAfter, long liveBytes, long heldBytes, long first, long last) {
                long span = last > first ? last - first : 0;
                double rate = span > 0 ? (double) liveBytes / span : 0;
                ids.add(id);
                cams.add(new double[] {dueAfter, rate});
                totals[0] += liveBytes;
                totals[1] += heldBytes;
            }

            @Override
            public void segment(long leaveAt, long size, boolean held) {
                if (held) {
                    return;
                }
                long k = leaveAt <= now ? 0 : (leaveAt - now + stepMs - 1) / stepMs;
                if (k <= steps) {
                    leaving[(int) k] += size;
                }
            }
        });
        long usage = totals[0];
        long held = totals[1];
        long steady = held;
        for (double[] c : cams) {
            steady += (long) (c[1] * c[0]);
        }
        // Walk forward: existing unheld bytes leave; new footage accumulates up to each camera's period.
        Instant exceeds = null;
        long existing = usage;
        for (int k = 0; k <= steps; k++) {
            existing -= leaving[k];
            long t = (long) k * stepMs;
            long fresh = 0;
            for (double[] c : cams) {
                fresh += (long) (c[1] * Math.min(t, c[0]));
            }
            if (existing + fresh > budgetBytes) {
                exceeds = Instant.ofEpochMilli(now + t);
                break;
            }
        }
        List<Finding> findings = new ArrayList<>();
        long maxPeriod = 0;
        for (double[] c : cams) {
            maxPeriod = Math.max(maxPeriod, (long) c[0]);
        }
        long age = maxPeriod;
        if (steady > budgetBytes) {
            findings.add(Finding.of(RetentionCode.BUDGET_INSUFFICIENT,
                    Severity.ERROR, Location.entry("store"), "S2",
                    LocalizedText.of("保存容量 " + budgetBytes + " バイトでは各カメラの保存期間分("
                                    + steady + " バイト)を保持できません",
                            "the storage budget of " + budgetBytes + " bytes cannot hold every camera's period ("
                                    + steady + " bytes needed)")));
            // Bisection for the age A every camera keeps under oldest-first erasure.
            long lo = 0;
            long hi = maxPeriod;
            long room = Math.max(0, budgetBytes - held);
            while (lo < hi) {
                long mid = (lo + hi + 1) >>> 1;
                long need = 0;
                for (double[] c : cams) {
                    need += (long) Math.ceil(c[1] * Math.min(mid, c[0]) - 1e-6);
                }
                if (need <= room) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            age = lo;
            for (int i = 0; i < cams.size(); i++) {
                double[] c = cams.get(i);
                if (c[1] == 0 || c[0] <= age) {
                    continue;
                }
                boolean belowFloor = age < floor.toMillis();
                String when = exceeds == null ? "(horizon)" : exceeds.toString();
                String ageH = Duration.ofMillis(age).toHours() + "h";
                findings.add(Finding.of(RetentionCode.BUDGET_FORCES_ERASURE,
                        belowFloor ? Severity.ERROR : Severity.WARNING, Location.entry(ids.get(i)),
                        "S2",
                        LocalizedText.of(when + " 以降、容量不足により映像が保存期間前に消去され、約 " + ageH
                                        + " 分しか残りません" + (belowFloor ? "(下限を下回ります)" : ""),
                                "from " + when + " the budget forces erasure before the period; only about "
                                        + ageH + " of footage would remain"
                                        + (belowFloor ? " (below the floor)" : ""))));
            }
        }
        if (held > budgetBytes) {
            findings.add(Finding.of(RetentionCode.HELD_EXCEEDS_BUDGET,
                    Severity.ERROR, Location.entry("store"), "S2",
                    LocalizedText.of("保全中の映像だけで容量を超えています(保全中の映像は消去しません)",
                            "held footage alone exceeds the budget (held footage is never erased to make room)")));
        }
        return new StorageForecast(at, budgetBytes, usage, held, steady, Optional.ofNullable(exceeds),
                Duration.ofMillis(age), findings);
    }
}
