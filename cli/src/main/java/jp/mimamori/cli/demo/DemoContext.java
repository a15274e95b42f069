package jp.mimamori.cli.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import jp.mimamori.core.evidence.EvidenceLog;

/**
 * What every demo section shares: the workspace folder (DESIGN.md: keys/, rules/, store/, log/, exports/),
 * where to print, the language, the simulated clock and the evidence log every decision lands in.
 *
 * @param out      workspace root
 * @param print    where the narrative goes
 * @param locale   language of messages
 * @param clock    the demo's clock
 * @param evidence the evidence log of the run
 */
public record DemoContext(Path out, PrintStream print, Locale locale, Clock clock, EvidenceLog evidence) {
    /** A sub-folder of the workspace, such as {@code "rules"}. */
    public Path dir(String name) {
        return out.resolve(name);
    }
}
