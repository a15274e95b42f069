package jp.mimamori.retention.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One owner for a state folder: an exclusive {@link FileChannel#tryLock() file lock} on {@code .lock} inside it,
 * held until {@link #close()}. A second opener fails at once with an {@link IOException} that says whether
 * this process or another one holds the folder (within one JVM the lock is per process, so an overlapping
 * attempt is refused by the JDK with {@link OverlappingFileLockException}, reported the same way).
 */
public final class FolderLock implements Closeable {
    /** The lock file's name inside the folder. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder {@code dir} (created if missing) for this process; {@code what} names it in errors. */
    public static FolderLock acquire(Path dir, String what) throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
            throw new IOException(what + " " + dir + " is open in another process (it holds " + FILE + ")");
        }
        return new FolderLock(ch, l);
    }

    /** Releases the folder; a second call does nothing. */
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
