package jp.mimamori.cli.options;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import picocli.CommandLine.Option;

/**
 * {@code --kek FILE}: the key-encryption key of an encrypted store, 32 raw bytes in a file kept <em>outside</em>
 * the store (default: {@code STORE.kek} beside the store folder), readable by its owner only. Copying or
 * deleting the store folder never carries its key; for production keep the KEK in an HSM or key store and use
 * the library API, which takes the KEK from the caller. The one place the CLI reads or creates a KEK file.
 */
public final class KekOption {
    /** A KEK file's exact length. */
    public static final int BYTES = 32;

    @Option(names = "--kek", paramLabel = "FILE",
            description = "key-encryption key file of an encrypted store (default: STORE.kek beside the store)")
    Path file;

    /** The KEK file for {@code store}: as given, or the default beside it. */
    public Path file(Path store) {
        if (file != null) {
            return file;
        }
        Path abs = store.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".kek");
    }

    /** The KEK if its file exists (readers: verify). */
    public Optional<KeyEncryptionKey> read(Path store) throws IOException {
        Path f = file(store);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return Optional.of(load(f));
    }

    /** The KEK, created (owner-only) if its file does not exist yet (writers: seal). */
    public KeyEncryptionKey readOrCreate(Path store) throws IOException {
        Path f = file(store);
        if (!Files.exists(f)) {
            byte[] k = new byte[BYTES];
            new SecureRandom().nextBytes(k);
            Path dir = f.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try {
                Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(f);
            } catch (FileAlreadyExistsException e) {
                return load(f);
            }
            Files.write(f, k);
            java.util.Arrays.fill(k, (byte) 0);
        }
        return load(f);
    }

    private static KeyEncryptionKey load(Path f) throws IOException {
        byte[] k = BoundedFiles.read(f, BYTES);
        if (k.length != BYTES) {
            throw new IOException(f.getFileName() + ": a KEK file holds exactly " + BYTES + " bytes"
                    + " / KEK ファイルは " + BYTES + " バイトです");
        }
        try {
            return KeyEncryptionKey.create(SecretBytes.copyOf(k));
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }
}
