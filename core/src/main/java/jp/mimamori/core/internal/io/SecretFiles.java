package jp.mimamori.core.internal.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads a file that holds a secret (a private key, a key-encryption key) only if no one but its owner can read
 * it: a file readable or writable by group or others is refused, with a one-line {@link IOException} naming the
 * file, its mode and the fix, before a byte of it is read. Files the library writes are owner-only from their
 * creation ({@link DurableFiles.Access#OWNER_ONLY}). On a file system without POSIX permissions the check
 * cannot be made, and the read is refused unless the caller explicitly allows it
 * ({@code allowWithoutPosix}). Stateless and thread-safe.
 *
 * <pre>{@code
 * byte[] pem = SecretFiles.read(Path.of("keys/recorder.private.pem"), 1 << 20, false);
 * }</pre>
 */
public final class SecretFiles {
    private SecretFiles() {}

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    /** A secret file that others can read (or cannot be checked). */
    public static final class ExposedSecretException extends IOException {
        private static final long serialVersionUID = 1L;

        ExposedSecretException(String message) {
            super(message);
        }
    }

    /**
     * Checks that {@code file} is readable by its owner only.
     *
     * @throws ExposedSecretException if group or others may read or write it, or (unless
     *                                {@code allowWithoutPosix}) its file system has no POSIX permissions
     */
    public static void requireOwnerOnly(Path file, boolean allowWithoutPosix) throws IOException {
        // The mode that protects the bytes is the target's, so links are followed here.
        PosixFileAttributeView v = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        Set<PosixFilePermission> mode;
        try {
            mode = v == null ? null : v.readAttributes().permissions();
        } catch (UnsupportedOperationException e) {
            mode = null;
        }
        if (mode == null) {
            if (allowWithoutPosix) {
                return;
            }
            throw new ExposedSecretException(file + ": this file system has no POSIX permissions, so the secret's"
                    + " protection cannot be checked; allow it explicitly (MIMAMORI_ALLOW_KEYS_WITHOUT_POSIX=1) /"
                    + " 権限を確認できないファイルシステムです。明示的に許可してください (K3-2-3)");
        }
        Set<PosixFilePermission> exposed = EnumSet.noneOf(PosixFilePermission.class);
        exposed.addAll(mode);
        exposed.retainAll(OTHERS);
        if (!exposed.isEmpty()) {
            throw new ExposedSecretException(file + ": holds a secret but is readable or writable by group or others"
                    + " (mode " + PosixFilePermissions.toString(mode) + "); run chmod 600 on it / 秘密鍵ファイルが"
                    + "所有者以外に読めます。chmod 600 で所有者のみにしてください (K3-2-3)");
        }
    }

    /**
     * {@link #requireOwnerOnly}, then {@link BoundedFiles#read}.
     *
     * @throws IOException naming the file: exposed, not a regular file, too large or unreadable
     */
    public static byte[] read(Path file, int maxBytes, boolean allowWithoutPosix) throws IOException {
        if (!Files.isRegularFile(file)) {
            // BoundedFiles names the defect (missing, a folder, a device) in its own words.
            return BoundedFiles.read(file, maxBytes);
        }
        requireOwnerOnly(file, allowWithoutPosix);
        return BoundedFiles.read(file, maxBytes);
    }
}
