package jp.mimamori.cli.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jp.mimamori.cli.options.JsonOption;
import jp.mimamori.cli.options.KekOption;
import jp.mimamori.cli.options.LangOption;
import jp.mimamori.cli.options.NowOption;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options every retention command shares: the retention folder, its key-encryption key (kept apart from the
 * folder: {@code --kek FILE}, else the file named by {@code MIMAMORI_KEK_FILE}, else the base64 key in
 * {@code MIMAMORI_KEK}), {@code --now}, {@code --json}, {@code --lang}.
 * {@code --now} exists for simulation only: it is refused, before the folder is opened, unless the folder was
 * created as a simulation (K3-2-2, K3-2-3: a real folder takes its time from the clock alone).
 */
final class Common {
    @Option(names = "--retention", required = true, paramLabel = "DIR",
            description = "retention folder (rules.json, workspace.json, store/, state/)")
    Path dir;

    @Mixin
    KekOption kek;

    @Mixin
    NowOption now;

    @Mixin
    JsonOption json;

    @Mixin
    LangOption lang;

    /** Opens the retention folder for writing (finishing interrupted acts) with its own evidence log. */
    RetentionWorkspace open() throws IOException {
        requireSimulationForNow();
        return RetentionWorkspace.open(dir, now.clock(), kek());
    }

    /** The KEK's provider: {@code --kek}, else the environment; a usage error when none is given. */
    KeyEncryptionKeyProvider kek() {
        return kek.provider();
    }

    /** Opens the retention folder to read only: nothing pending is executed, nothing written to its state. */
    RetentionWorkspace openReadOnly() throws IOException {
        requireSimulationForNow();
        return RetentionWorkspace.openReadOnly(dir, now.clock(), kek());
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
