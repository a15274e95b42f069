package jp.mimamori.cli.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import picocli.CommandLine.Option;

/**
 * {@code --kek FILE}: the key-encryption key, 32 raw bytes in a file kept <em>outside</em> what it protects and
 * readable by its owner only (a file group or others can read is refused, naming it; override for file systems
 * without POSIX permissions: {@link InputFiles#ALLOW_WITHOUT_POSIX_ENV}). The one {@code --kek} of the CLI, read
 * and created through the library's {@link KeyEncryptionKeyProvider}:
 * <ul>
 *   <li>an encrypted store ({@code seal}, {@code record}, {@code verify}): default {@code STORE.kek} beside the store
 *       folder, created owner-only by the writers ({@link #readOrCreate(Path)});</li>
 *   <li>a retention folder ({@code retention}, {@code hold}): no default in or beside the folder — {@code --kek},
 *       else the file named by {@value #FILE_ENV}, else the base64 key in {@value #KEY_ENV}
 *       ({@link #provider()}).</li>
 * </ul>
 * For production keep the KEK in an HSM or key store and use the library API, which takes the KEK from the caller.
 */
public final class KekOption {
    /** The environment variable naming a retention folder's KEK file when {@code --kek} is not given. */
    public static final String FILE_ENV = "MIMAMORI_KEK_FILE";
    /** The environment variable holding the base64 KEK when neither {@code --kek} nor {@link #FILE_ENV} is set. */
    public static final String KEY_ENV = "MIMAMORI_KEK";

    @Option(names = "--kek", paramLabel = "FILE",
            description = "key-encryption key file (32 bytes, owner-only), kept apart from what it protects;"
                    + " a store's default: STORE.kek beside the store; a retention folder's: $" + FILE_ENV
                    + ", else the base64 key in $" + KEY_ENV)
    Path file;

    private static boolean allowWithoutPosix() {
        return "1".equals(System.getenv(InputFiles.ALLOW_WITHOUT_POSIX_ENV));
    }

    /** The KEK file for {@code store}: as given, or the default beside it. */
    public Path file(Path store) {
        if (file != null) {
            return file;
        }
        Path abs = store.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".kek");
    }

    /** A store's KEK if its file exists (readers: verify). */
    public Optional<KeyEncryptionKey> read(Path store) throws IOException {
        Path f = file(store);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(get(KeyEncryptionKeyProvider.file(f, allowWithoutPosix())));
    }

    /** A store's KEK, created owner-only if its file does not exist yet (writers: seal, record). */
    public KeyEncryptionKey readOrCreate(Path store) throws IOException {
        Path f = file(store);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return get(KeyEncryptionKeyProvider.generateFile(f));
        }
        return get(KeyEncryptionKeyProvider.file(f, allowWithoutPosix()));
    }

    /**
     * A retention folder's KEK provider: {@code --kek}, else {@value #FILE_ENV}, else {@value #KEY_ENV}.
     *
     * @throws IllegalArgumentException (a usage error) when none is given
     */
    public KeyEncryptionKeyProvider provider() {
        if (file != null) {
            return KeyEncryptionKeyProvider.file(file, allowWithoutPosix());
        }
        String named = System.getenv(FILE_ENV);
        if (named != null && !named.isBlank()) {
            return KeyEncryptionKeyProvider.file(Path.of(named), allowWithoutPosix());
        }
        if (System.getenv(KEY_ENV) != null) {
            return KeyEncryptionKeyProvider.environment(KEY_ENV);
        }
        throw new IllegalArgumentException("--kek: the retention folder's key-encryption key is needed and is not"
                + " kept in the folder; give --kek FILE or set " + FILE_ENV + " / 鍵暗号化鍵を --kek で指定してください");
    }

    private static KeyEncryptionKey get(KeyEncryptionKeyProvider p) throws IOException {
        try {
            return p.get();
        } catch (CryptoException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
