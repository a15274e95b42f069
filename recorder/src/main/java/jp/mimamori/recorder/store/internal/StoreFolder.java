package jp.mimamori.recorder.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;

/**
 * A folder of a store v2 (a camera or segment folder) opened without following links, through a
 * {@link SecureDirectoryStream} where the platform has one (each file then named relative to the opened folder:
 * nothing a link swapped in later can redirect), else checked with {@link ConfinedFiles} file by file. What the
 * erasure of sealed segments and the writer's removal of erased segments' files read and delete through. Not
 * thread-safe: one user at a time.
 */
public final class StoreFolder implements AutoCloseable {
    private final Path root;
    private final Path dir;
    private final SecureDirectoryStream<Path> sds;

    private StoreFolder(Path root, Path dir, SecureDirectoryStream<Path> sds) {
        this.root = root;
        this.dir = dir;
        this.sds = sds;
    }

    /** The folder {@code dir}, a child of {@code root}, or null if it does not exist. */
    public static StoreFolder open(Path root, Path dir) throws IOException {
        DirectoryStream<Path> ds = Files.newDirectoryStream(root);
        if (ds instanceof SecureDirectoryStream<Path> r) {
            try (r) {
                return new StoreFolder(root, dir, r.newDirectoryStream(dir.getFileName(), LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException e) {
                return null;
            } catch (FileSystemException e) {
                throw refused(dir, e);
            }
        }
        ds.close();
        try {
            ConfinedFiles.requireFolder(root, dir);
        } catch (NoSuchFileException e) {
            return null;
        }
        return new StoreFolder(root, dir, null);
    }

    /** A link or non-folder where a folder must be is refused; any other failure stays what it was. */
    private static IOException refused(Path p, FileSystemException e) {
        if (Files.isSymbolicLink(p)) {
            return new ConfinedFiles.RefusedException(p, ConfinedFiles.Refusal.LINK);
        }
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? e
                : new ConfinedFiles.RefusedException(p, ConfinedFiles.Refusal.NOT_A_FOLDER);
    }

    /** The folder's path. */
    public Path path() {
        return dir;
    }

    /** The child folder {@code name}, or null if it does not exist. */
    public StoreFolder folder(String name) throws IOException {
        Path child = dir.resolve(name);
        if (sds == null) {
            try {
                ConfinedFiles.requireFolder(root, child);
            } catch (NoSuchFileException e) {
                return null;
            }
            return new StoreFolder(root, child, null);
        }
        try {
            return new StoreFolder(root, child, sds.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            throw refused(child, e);
        }
    }

    /** Whether an entry {@code name} exists (of any kind; a link is not followed). */
    public boolean exists(String name) throws IOException {
        if (sds == null) {
            return Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
        }
        try {
            sds.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The bytes of the regular file {@code name}, at most {@code max}; empty if it does not exist. */
    public Optional<byte[]> read(String name, int max) throws IOException {
        Path file = dir.resolve(name);
        if (sds == null) {
            try {
                return Optional.of(BoundedFiles.read(root, file, max));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        BasicFileAttributes a;
        try {
            a = sds.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!a.isRegularFile()) { // a FIFO would block the opening
            throw new ConfinedFiles.RefusedException(file, ConfinedFiles.Kind.of(a) == ConfinedFiles.Kind.FOLDER
                    ? ConfinedFiles.Refusal.FOLDER : a.isSymbolicLink() ? ConfinedFiles.Refusal.LINK
                    : ConfinedFiles.Refusal.SPECIAL_FILE);
        }
        if (a.size() > max) {
            throw new IOException(file + ": " + a.size() + " bytes, more than the limit of " + max + " bytes");
        }
        try (SeekableByteChannel ch = sds.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            // Sized by the file (one byte more, to see it grow), never past the limit plus one byte.
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(max, a.size()) + 1);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // until the end or one byte over the size seen
            }
            if (!b.hasRemaining()) {
                if (b.capacity() > max) {
                    throw new IOException(file + ": more than the limit of " + max + " bytes");
                }
                ByteBuffer more = ByteBuffer.allocate(max + 1); // it grew since: read on, with the limit
                more.put(b.flip());
                while (more.hasRemaining() && ch.read(more) >= 0) {
                    // until the end or one byte over the limit
                }
                if (!more.hasRemaining()) {
                    throw new IOException(file + ": more than the limit of " + max + " bytes");
                }
                b = more;
            }
            return Optional.of(java.util.Arrays.copyOf(b.array(), b.position()));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // removed meanwhile
        }
    }

    /** Deletes the file {@code name} (a link itself, never its target); nothing if it does not exist. */
    public void delete(String name) throws IOException {
        if (sds == null) {
            ConfinedFiles.deleteIfExists(root, dir.resolve(name));
            return;
        }
        try {
            sds.deleteFile(Path.of(name));
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    /** Deletes the empty child folder {@code name}; nothing if it does not exist. */
    public void deleteFolder(String name) throws IOException {
        try {
            if (sds == null) {
                Files.delete(dir.resolve(name));
            } else {
                sds.deleteDirectory(Path.of(name));
            }
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        if (sds != null) {
            sds.close();
        }
    }
}
