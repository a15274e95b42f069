package jp.mimamori.cli.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jp.mimamori.cli.options.JsonOption;
import jp.mimamori.cli.options.LangOption;
import jp.mimamori.cli.options.NowOption;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options every retention command shares: the retention folder, {@code --now}, {@code --json}, {@code --lang}.
 * {@code --now} exists for simulation only: it is refused, before the folder is opened, unless the folder was
 * created as a simulation (K3-2-2, K3-2-3: a real folder takes its time from the clock alone).
 */
final class Common {
    @Option(names = "--retention", required = true, paramLabel = "DIR",
            description = "retention folder (rules.json, workspace.json, store/, state/)")
    Path dir;

    @Mixin
    NowOption now;

    @Mixin
    JsonOption json;

    @Mixin
    LangOption lang;

    /** Opens the retention folder for writing (finishing interrupted acts) with its own evidence log. */
    RetentionWorkspace open() throws IOException {
        requireSimulationForNow();
        return RetentionWorkspace.open(dir, now.clock());
    }

    /** Opens the retention folder to read only: nothing pending is executed, nothing written to its state. */
    RetentionWorkspace openReadOnly() throws IOException {
        requireSimulationForNow();
        return RetentionWorkspace.openReadOnly(dir, now.clock());
    }

    private void requireSimulationForNow() throws IOException {
        if (now.instant().isPresent() && !RetentionWorkspace.isSimulation(dir)) {
            throw new IllegalArgumentException("--now: acting at a time of one's choosing is for simulation folders"
                    + " only; " + dir + " is a real retention folder and takes its time from the clock (K3-2-2,"
                    + " K3-2-3)");
        }
    }

    static boolean anyError(List<Finding> fs) {
        return fs.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
