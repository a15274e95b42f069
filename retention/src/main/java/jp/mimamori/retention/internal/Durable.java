package jp.mimamori.retention.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file operations. A file is replaced by writing a sibling temporary file, forcing it to the device,
 * renaming it over the target atomically and forcing the directory, so that after a crash the target holds
 * either the old or the new bytes, never a mixture.
 */
public final class Durable {
    private Durable() {}

    /** Writes {@code bytes} to {@code target} crash-safely (temp file, fsync, atomic rename, directory fsync). */
    public static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        writeSynced(tmp, bytes);
        moveAtomic(tmp, target);
    }

    /** Writes a whole file and forces it to the device. */
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

    /** Renames atomically and forces the parent directory so the rename itself survives a crash. */
    public static void moveAtomic(Path from, Path to) throws IOException {
        moveAtomic(from, to, true);
    }

    /** Renames atomically; forces the directory only if {@code syncDir} (when recovery redoes a lost rename). */
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

    /** Forces a directory's entries to the device (a no-op where the platform cannot open directories). */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; its rename is durable on return.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    /** Overwrites {@code length} bytes at {@code offset} of an existing file with zeros and forces them. */
    public static void zeroRange(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(length);
        long pos = offset;
        while (zeros.hasRemaining()) {
            pos += ch.write(zeros, pos);
        }
    }
}
