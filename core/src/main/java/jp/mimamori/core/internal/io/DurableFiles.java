package jp.mimamori.core.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file writes, the one implementation every module uses. A file is replaced by writing a hidden
 * sibling temporary file ({@code .NAME.tmp}), forcing it to the device, renaming it over the target atomically
 * and forcing the folder, so that after a crash the target holds either the old or the new bytes, never a
 * mixture, and a replacement that returned survives. A file system that cannot rename atomically is an
 * {@link IOException}, never a silent non-atomic fallback.
 *
 * <pre>{@code
 * DurableFiles.replace(dir.resolve("chain.json"), state.encode());
 * }</pre>
 *
 * <p>Files that hold a secret (private keys, key-encryption keys, key vaults) are written with
 * {@link Access#OWNER_ONLY}: the temporary file is created with mode {@code rw-------} in its creation attributes,
 * so there is no moment at which group or others may read it, whatever the umask (a umask can only remove
 * permissions); the rename keeps the mode. On a file system without POSIX permissions (Windows) the folder's
 * access control applies.
 *
 * <p>Stateless and thread-safe; two writers of one target must be serialised by their caller.
 */
public final class DurableFiles {
    private DurableFiles() {}

    /** Who may read a file written here. */
    public enum Access {
        /** As the process's umask and the folder decide (footage, manifests, logs, public keys). */
        ORDINARY,
        /** The owner only, {@code rw-------}, from the file's creation on (secrets). */
        OWNER_ONLY
    }

    /** The permissions of an owner-only file. */
    public static final Set<PosixFilePermission> OWNER_ONLY = Set.copyOf(PosixFilePermissions.fromString("rw-------"));

    /**
     * Replaces {@code target}'s content with {@code bytes} atomically and durably, creating its folder if
     * needed.
     */
    public static void replace(Path target, byte[] bytes) throws IOException {
        replace(target, bytes, Access.ORDINARY);
    }

    /**
     * Replaces {@code target}'s content with {@code bytes} atomically and durably, creating its folder if
     * needed; with {@link Access#OWNER_ONLY} the file is never readable by group or others, not even for a
     * moment.
     */
    public static void replace(Path target, byte[] bytes, Access access) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        writeSynced(tmp, bytes, access);
        moveAtomic(tmp, target);
    }

    /** The creation attribute {@code rw-------}, or none where the file system has no POSIX permissions. */
    private static FileAttribute<?>[] ownerOnlyAttributes(Path dir) throws IOException {
        if (!Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
    }

    /** Creates {@code file} (which must not exist) with {@code attributes}, writes it whole and forces it. */
    private static void writeSynced(Path file, byte[] bytes, FileAttribute<?>... attributes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /**
     * Writes a whole file and forces it to the device; not atomic by itself. With {@link Access#OWNER_ONLY}
     * an existing file is removed first and the new one created {@code rw-------}, so it is never readable by
     * others (a truncated old file would keep its old mode).
     */
    public static void writeSynced(Path file, byte[] bytes, Access access) throws IOException {
        if (access == Access.ORDINARY) {
            writeSynced(file, bytes);
            return;
        }
        Files.deleteIfExists(file);
        writeSynced(file, bytes, ownerOnlyAttributes(file.toAbsolutePath().getParent()));
    }

    /** Writes a whole file (created or truncated) and forces it to the device; not atomic by itself. */
    public static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /** Renames atomically and forces the target's folder so the rename itself survives a crash. */
    public static void moveAtomic(Path from, Path to) throws IOException {
        moveAtomic(from, to, true);
    }

    /**
     * Renames atomically, replacing {@code to}; forces the folder only if {@code syncDir} (recovery that redoes
     * a lost rename forces it later, once).
     *
     * @throws IOException if the file system cannot rename atomically
     */
    public static void moveAtomic(Path from, Path to, boolean syncDir) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(to + ": the file system cannot rename atomically; crash safety needs it", e);
        }
        if (syncDir) {
            syncDirectory(to.toAbsolutePath().getParent());
        }
    }

    /**
     * Forces a folder's entries (new files, renames, deletions) to the device. Windows cannot open a folder as
     * a channel and makes a rename durable on return, so there it is a no-op; elsewhere a failure is an
     * {@link IOException}.
     */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    /** Overwrites {@code length} bytes at {@code offset} of an open file with zeros (the caller forces). */
    public static void zeroRange(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(length);
        long pos = offset;
        while (zeros.hasRemaining()) {
            pos += ch.write(zeros, pos);
        }
    }
}
