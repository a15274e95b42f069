package jp.mimamori.cli.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import picocli.CommandLine.Parameters;

/** The evidence-log folder a {@code log} subcommand works on (its first argument). */
public final class LogFolder {
    @Parameters(index = "0", paramLabel = "LOGDIR", description = "the evidence log folder")
    Path dir;

    /**
     * The folder, checked to hold an evidence log.
     *
     * @throws IllegalArgumentException (exit 2) if it holds no {@code records.log}
     */
    public Path dir() {
        require(dir, "");
        return dir;
    }

    /** Opens the log; the caller closes it. */
    public TransparentEvidenceLog open() throws IOException {
        return TransparentEvidenceLog.open(dir());
    }

    /**
     * Checks that {@code dir} is an evidence log folder.
     *
     * @param option the option that named it, such as {@code "--log: "}, or empty for an argument
     */
    public static void require(Path dir, String option) {
        Path records = dir.resolve(TransparentEvidenceLog.RECORDS);
        Optional<ConfinedFiles.Kind> kind;
        try {
            kind = Files.isDirectory(dir) ? ConfinedFiles.kind(dir, records) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (kind.isEmpty()) {
            throw new IllegalArgumentException(option + dir + ": not an evidence log folder (no "
                    + TransparentEvidenceLog.RECORDS + ") / 証跡ログのフォルダではありません");
        }
        if (kind.get() != ConfinedFiles.Kind.FILE) {
            throw new UncheckedIOException(new ConfinedFiles.RefusedException(records,
                    kind.get() == ConfinedFiles.Kind.LINK ? ConfinedFiles.Refusal.LINK
                            : ConfinedFiles.Refusal.SPECIAL_FILE));
        }
    }
}
