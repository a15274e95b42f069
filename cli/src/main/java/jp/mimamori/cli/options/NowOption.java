package jp.mimamori.cli.options;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --now INSTANT}: the time to act at, for replaying or testing; default the system clock. */
public final class NowOption {
    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "the time to act at, ISO-8601 (default: the system clock)")
    Instant now;

    /** A clock fixed at {@code --now}, or the system clock (UTC). */
    public Clock clock() {
        return now == null ? Clock.systemUTC() : Clock.fixed(now, ZoneOffset.UTC);
    }

    /** The {@code --now} instant, if given. */
    public Optional<Instant> instant() {
        return Optional.ofNullable(now);
    }
}
