package jp.mimamori.cli.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.JsonOption;
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
 */
final class Common {
    /** The environment variable naming the KEK file when {@code --kek} is not given. */
    static final String KEK_FILE_ENV = "MIMAMORI_KEK_FILE";
    /** The environment variable holding the base64 KEK when neither {@code --kek} nor the file variable is set. */
    static final String KEK_ENV = "MIMAMORI_KEK";

    @Option(names = "--retention", required = true, paramLabel = "DIR",
            description = "retention folder (policy.json, store/, state/)")
    Path dir;

    @Option(names = "--kek", paramLabel = "FILE",
            description = "key-encryption key file (32 bytes, owner-only), kept apart from the retention folder;"
                    + " default: $" + KEK_FILE_ENV + ", else the base64 key in $" + KEK_ENV)
    Path kek;

    @Mixin
    NowOption now;

    @Mixin
    JsonOption json;

    @Mixin
    LangOption lang;

    /** Opens the retention folder at {@code --now} with its own evidence log. */
    RetentionWorkspace open() throws IOException {
        return RetentionWorkspace.open(dir, now.clock(), kek());
    }

    /** The KEK's provider: {@code --kek}, else the environment; a usage error when none is given. */
    KeyEncryptionKeyProvider kek() {
        boolean allow = "1".equals(System.getenv(InputFiles.ALLOW_WITHOUT_POSIX_ENV));
        if (kek != null) {
            return KeyEncryptionKeyProvider.file(kek, allow);
        }
        String file = System.getenv(KEK_FILE_ENV);
        if (file != null && !file.isBlank()) {
            return KeyEncryptionKeyProvider.file(Path.of(file), allow);
        }
        if (System.getenv(KEK_ENV) != null) {
            return KeyEncryptionKeyProvider.environment(KEK_ENV);
        }
        throw new IllegalArgumentException("--kek: the retention folder's key-encryption key is needed and is not"
                + " kept in the folder; give --kek FILE or set " + KEK_FILE_ENV + " / 鍵暗号化鍵を --kek で指定してください");
    }

    static boolean anyError(List<Finding> fs) {
        return fs.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
