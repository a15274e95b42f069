package jp.mimamori.cli.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Severity;
import picocli.CommandLine.Option;

/** Options every retention command shares. */
final class Common {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--retention", required = true, description = "retention folder (policy.json, store/, state/)")
    Path dir;

    @Option(names = "--now", description = "the time to act at, ISO-8601 (default: the system clock)")
    String now;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--lang", defaultValue = "en", description = "ja or en (default: ${DEFAULT-VALUE})")
    String lang;

    Clock clock() {
        if (now == null) {
            return Clock.systemUTC();
        }
        try {
            return Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--now: not an ISO-8601 instant (2026-04-01T09:00:00Z): " + now);
        }
    }

    Locale locale() {
        return Locale.forLanguageTag(lang);
    }

    static boolean anyError(List<Finding> fs) {
        return fs.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
