package jp.mimamori.core.decision;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of {@link DecisionEngine#create(jp.mimamori.core.rules.OperatingRules,
 * jp.mimamori.core.profile.GuidelineProfile, EngineOptions)}. Immutable and thread-safe; each {@code with…} returns
 * a copy.
 *
 * <pre>{@code
 * EngineOptions o = EngineOptions.defaults().withHolds(holds)
 *         .acknowledging(new FindingsAcknowledgement("mgr-soumu", "signage ordered"));
 * }</pre>
 *
 * @param acknowledgement accept rules with ERROR findings, recorded in every decision; default none, so such rules
 *                        are refused
 * @param holds           which footage holds keep beyond its retention period; default {@link FootageHolds#NONE}
 * @param clock           the clock of the compliance check run at creation; default the system clock (UTC)
 */
public record EngineOptions(Optional<FindingsAcknowledgement> acknowledgement, FootageHolds holds, Clock clock) {
    /** Validates that every part is present. */
    public EngineOptions {
        Objects.requireNonNull(acknowledgement, "acknowledgement");
        Objects.requireNonNull(holds, "holds");
        Objects.requireNonNull(clock, "clock");
    }

    /** No acknowledgement, no holds, the system clock. */
    public static EngineOptions defaults() {
        return new EngineOptions(Optional.empty(), FootageHolds.NONE, Clock.systemUTC());
    }

    /** These options, accepting rules with ERROR findings under {@code a}. */
    public EngineOptions acknowledging(FindingsAcknowledgement a) {
        return new EngineOptions(Optional.of(a), holds, clock);
    }

    /** These options with {@code h} telling which footage holds keep. */
    public EngineOptions withHolds(FootageHolds h) {
        return new EngineOptions(acknowledgement, h, clock);
    }

    /** These options with the compliance check run as of {@code c}'s instant. */
    public EngineOptions withClock(Clock c) {
        return new EngineOptions(acknowledgement, holds, c);
    }
}
