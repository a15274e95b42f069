package jp.mimamori.core.internal.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One owner for a folder (or for one thing kept in it): an exclusive {@link FileChannel#tryLock() file lock} on a
 * lock file inside it, held until {@link #close()}. A second opener fails at once with an {@link IOException}
 * that says whether this process or another one holds it (within one JVM the lock is per process, so an
 * overlapping attempt is refused by the JDK with {@link OverlappingFileLockException}, reported the same way).
 * The lock file stays behind after close: deleting it would let two openers lock two different files.
 */
public final class FolderLock implements Closeable {
    /** The default lock file's name inside the folder. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder {@code dir} (created if missing) for this process; {@code what} names it in errors. */
    public static FolderLock acquire(Path dir, String what) throws IOException {
        return acquire(dir, FILE, what);
    }

    /**
     * Takes the lock file {@code lockName} in folder {@code dir} (both created if missing) for this process;
     * {@code what} names the locked thing in errors.
     */
    public static FolderLock acquire(Path dir, String lockName, String what) throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(lockName), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            ch.close();
            throw new IOException(what + " " + dir + " is already open in this process; close it first");
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            throw new IOException(what + " " + dir + " is open in another process (it holds " + lockName + ")");
        }
        return new FolderLock(ch, l);
    }

    /** Whether this lock is still held (not yet closed). */
    public boolean isHeld() {
        return channel.isOpen();
    }

    /** Releases the lock; a second call does nothing. */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
