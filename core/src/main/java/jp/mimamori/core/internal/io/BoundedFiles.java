package jp.mimamori.core.internal.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads files given from outside with bounded memory: only regular files (a device such as {@code /dev/zero}, a
 * FIFO or a folder is refused before it is opened, so reading never blocks or runs forever), the size checked
 * against the limit before reading, and never more than the limit plus one byte read (a file that grows
 * meanwhile is refused too). Errors are one-line {@link IOException}s naming the file, in English and Japanese:
 * {@link TooLargeException}, {@link ConfinedFiles.RefusedException}.
 *
 * <p>Two ways to name the file: {@link #read(Path, int)} for a path the user gave (a command's argument: a link
 * there is followed, as the user chose it), and {@link #read(Path, Path, int)} for a file inside a folder an
 * adversary may write to (a store, a log, a retention folder, a key folder): reached from its root without
 * following any link ({@link ConfinedFiles}). {@link #newInputStream(Path, Path, long)} streams such a file with
 * the same limit, for readers that parse as they go.
 *
 * <pre>{@code
 * byte[] rules = BoundedFiles.read(Path.of("rules.json"), 16 << 20);
 * Path log = Path.of("log");
 * byte[] checkpoint = BoundedFiles.read(log, log.resolve("checkpoint"), 64 << 10);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class BoundedFiles {
    private BoundedFiles() {}

    /** The file is larger than the limit its reader allows. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long size;
        private final long limit;

        TooLargeException(Path file, long size, long limit) {
            this(file, size, limit, true);
        }

        TooLargeException(Path file, long size, long limit, boolean sizeKnown) {
            super(file + ": " + (sizeKnown ? size + " bytes, more" : "more") + " than the limit of " + limit
                    + " bytes / ファイルが大きすぎます(上限 " + limit + " バイト)");
            this.size = size;
            this.limit = limit;
        }

        /** The size seen (at least {@code limit + 1} when the file grew while it was read). */
        public long size() {
            return size;
        }

        /** The limit. */
        public long limit() {
            return limit;
        }
    }

    /**
     * All bytes of {@code file}, a path the user gave (a link is followed), at most {@code maxBytes} of them.
     *
     * @throws ConfinedFiles.RefusedException if it is a folder, device or FIFO
     * @throws TooLargeException              if it holds more than {@code maxBytes} bytes
     * @throws IOException                    if it does not exist or cannot be read
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        checkLimit(maxBytes);
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new ConfinedFiles.RefusedException(file, a.isDirectory() ? ConfinedFiles.Refusal.FOLDER
                    : ConfinedFiles.Refusal.SPECIAL_FILE);
        }
        if (a.size() > maxBytes) {
            throw new TooLargeException(file, a.size(), maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return readAtMost(in, file, maxBytes);
        }
    }

    /**
     * All bytes of the regular file {@code file} inside {@code root}, reached without following any link
     * ({@link ConfinedFiles#open(Path, Path)}), at most {@code maxBytes} of them.
     *
     * @throws ConfinedFiles.RefusedException if it or a folder on the way is a link, it is a folder, device or
     *                                        FIFO, or it lies outside {@code root}
     * @throws TooLargeException              if it holds more than {@code maxBytes} bytes
     * @throws IOException                    if it does not exist or cannot be read
     */
    public static byte[] read(Path root, Path file, int maxBytes) throws IOException {
        checkLimit(maxBytes);
        try (FileChannel ch = ConfinedFiles.open(root, file)) {
            return readAtMost(ch, file, maxBytes);
        }
    }

    /**
     * All bytes of the regular file {@code name} in the open folder {@code folder}, reached without following any
     * link ({@link ConfinedFiles.Folder#open(String)}), at most {@code maxBytes} of them: {@link #read(Path, Path,
     * int)} for a reader that holds the folder open.
     *
     * @throws ConfinedFiles.RefusedException if it is a link, folder, device or FIFO, or not one path element
     * @throws TooLargeException              if it holds more than {@code maxBytes} bytes
     * @throws IOException                    if it does not exist or cannot be read
     */
    public static byte[] read(ConfinedFiles.Folder folder, String name, int maxBytes) throws IOException {
        checkLimit(maxBytes);
        try (FileChannel ch = folder.open(name)) {
            return readAtMost(ch, folder.path().resolve(name), maxBytes);
        }
    }

    /** {@link #read(ConfinedFiles.Folder, String, int)}, empty when the file does not exist (or went meanwhile). */
    public static java.util.Optional<byte[]> readIfExists(ConfinedFiles.Folder folder, String name, int maxBytes)
            throws IOException {
        try {
            return java.util.Optional.of(read(folder, name, maxBytes));
        } catch (java.nio.file.NoSuchFileException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * A stream over the regular file {@code file} inside {@code root} (reached as {@link #read(Path, Path, int)}
     * reaches it) that fails with a {@link TooLargeException} instead of reading more than {@code maxBytes}; the
     * size is checked when it is opened too.
     */
    public static InputStream newInputStream(Path root, Path file, long maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes: must not be negative");
        }
        FileChannel ch = ConfinedFiles.open(root, file);
        try {
            long size = ch.size();
            if (size > maxBytes) {
                throw new TooLargeException(file, size, maxBytes);
            }
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new LimitedStream(Channels.newInputStream(ch), file, maxBytes);
    }

    /**
     * The text of {@code file} (a path the user gave) as UTF-8, at most {@code maxBytes} bytes of it.
     *
     * @throws IOException as {@link #read(Path, int)} does, and if the bytes are not UTF-8
     */
    public static String readUtf8(Path file, int maxBytes) throws IOException {
        return utf8(file, read(file, maxBytes));
    }

    /**
     * The text of {@code file} inside {@code root} as UTF-8, at most {@code maxBytes} bytes of it.
     *
     * @throws IOException as {@link #read(Path, Path, int)} does, and if the bytes are not UTF-8
     */
    public static String readUtf8(Path root, Path file, int maxBytes) throws IOException {
        return utf8(file, read(root, file, maxBytes));
    }

    private static String utf8(Path file, byte[] b) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text / UTF-8 のテキストではありません", e);
        }
    }

    private static void checkLimit(int maxBytes) {
        if (maxBytes < 0 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes: must be within 0.." + (Integer.MAX_VALUE - 1));
        }
    }

    /** The channel's bytes, its size checked first, never more than the limit plus one byte read. */
    private static byte[] readAtMost(FileChannel ch, Path file, int maxBytes) throws IOException {
        long size = ch.size();
        if (size > maxBytes) {
            throw new TooLargeException(file, size, maxBytes);
        }
        byte[] b = new byte[(int) size + 1]; // one more: a file that grew is read on, up to the limit
        int n = 0;
        while (true) {
            if (n == b.length) {
                if (n > maxBytes) {
                    throw new TooLargeException(file, n, maxBytes, false);
                }
                b = java.util.Arrays.copyOf(b, (int) Math.min((long) maxBytes + 1, Math.max(2L * n, 8192)));
            }
            int r = ch.read(java.nio.ByteBuffer.wrap(b, n, b.length - n));
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n == b.length ? b : java.util.Arrays.copyOf(b, n);
    }

    private static byte[] readAtMost(InputStream in, Path file, int maxBytes) throws IOException {
        byte[] b = in.readNBytes(maxBytes + 1);
        if (b.length > maxBytes) {
            throw new TooLargeException(file, b.length, maxBytes, false);
        }
        return b;
    }

    /** Fails instead of passing more than its limit. */
    private static final class LimitedStream extends FilterInputStream {
        private final Path file;
        private final long limit;
        private long count;

        LimitedStream(InputStream in, Path file, long limit) {
            super(in);
            this.file = file;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, limit - count + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, limit - count + 1));
            count(s);
            return s;
        }

        private void count(long n) throws TooLargeException {
            count += n;
            if (count > limit) {
                throw new TooLargeException(file, count, limit, false);
            }
        }
    }
}
