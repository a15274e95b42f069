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

/** Options every retention command shares: the retention folder, {@code --now}, {@code --json}, {@code --lang}. */
final class Common {
    @Option(names = "--retention", required = true, paramLabel = "DIR",
            description = "retention folder (policy.json, store/, state/)")
    Path dir;

    @Mixin
    NowOption now;

    @Mixin
    JsonOption json;

    @Mixin
    LangOption lang;

    /** Opens the retention folder at {@code --now} with its own evidence log. */
    RetentionWorkspace open() throws IOException {
        return RetentionWorkspace.open(dir, now.clock());
    }

    static boolean anyError(List<Finding> fs) {
        return fs.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
