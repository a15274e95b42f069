package jp.mimamori.retention.erase;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A clock that says it is not the real time: an erasure engine on it produces receipts marked
 * {@code simulated} (K3-2-3), so footage erased in a simulation can never pass for footage erased on time. Only
 * a simulation folder is opened on one ({@code RetentionWorkspace} wraps the clock of every simulation folder
 * and refuses a simulated clock for a real one); the library otherwise takes its time from the embedder's clock
 * as it is.
 *
 * <pre>{@code
 * Clock sim = SimulatedClock.of(Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC));
 * }</pre>
 *
 * <p>Thread-safe when the clock it wraps is.
 */
public final class SimulatedClock extends Clock {
    private final Clock base;

    private SimulatedClock(Clock base) {
        this.base = base;
    }

    /** {@code base}, marked as simulated (a clock already marked is returned as it is). */
    public static SimulatedClock of(Clock base) {
        Objects.requireNonNull(base, "base");
        return base instanceof SimulatedClock s ? s : new SimulatedClock(base);
    }

    /** Whether {@code clock} is a simulated one. */
    public static boolean isSimulated(Clock clock) {
        return clock instanceof SimulatedClock;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SimulatedClock(base.withZone(zone));
    }

    @Override
    public Instant instant() {
        return base.instant();
    }

    @Override
    public long millis() {
        return base.millis();
    }

    @Override
    public String toString() {
        return "SimulatedClock[" + base + "]";
    }
}
