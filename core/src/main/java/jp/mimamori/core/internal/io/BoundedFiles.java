package jp.mimamori.core.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a whole file given from outside with bounded memory: the file must be a regular file (a device such as
 * {@code /dev/zero}, a FIFO or a folder is refused before it is opened, so reading never blocks or runs
 * forever), its size is checked against the limit before reading, and never more than the limit plus one byte
 * is read (a file that grows meanwhile is refused too). Errors are one-line {@link IOException}s naming the
 * file, in English and Japanese. Stateless and thread-safe.
 *
 * <pre>{@code
 * byte[] rules = BoundedFiles.read(Path.of("rules.json"), 16 << 20);
 * }</pre>
 */
public final class BoundedFiles {
    private BoundedFiles() {}

    /** The file is larger than the limit its reader allows. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long size;
        private final long limit;

        TooLargeException(Path file, long size, long limit) {
            super(file + ": " + size + " bytes, more than the limit of " + limit + " bytes / ファイルが大きすぎます(上限 "
                    + limit + " バイト)");
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

    /** The file is not a regular file: a folder, a device or a FIFO. */
    public static final class NotRegularFileException extends IOException {
        private static final long serialVersionUID = 1L;

        NotRegularFileException(Path file, String kind) {
            super(file + ": " + kind + ", not a regular file; give a file / 通常のファイルではありません");
        }
    }

    /**
     * All bytes of {@code file}, at most {@code maxBytes} of them.
     *
     * @throws NotRegularFileException if it is a folder, device or FIFO
     * @throws TooLargeException       if it holds more than {@code maxBytes} bytes
     * @throws IOException             if it does not exist or cannot be read
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        if (maxBytes < 0 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes: must be within 0.." + (Integer.MAX_VALUE - 1));
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new NotRegularFileException(file, a.isDirectory() ? "a folder" : "a device, FIFO or socket");
        }
        if (a.size() > maxBytes) {
            throw new TooLargeException(file, a.size(), maxBytes);
        }
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(maxBytes + 1);
        }
        if (b.length > maxBytes) {
            throw new TooLargeException(file, b.length, maxBytes);
        }
        return b;
    }

    /**
     * The text of {@code file} as UTF-8, at most {@code maxBytes} bytes of it.
     *
     * @throws IOException as {@link #read(Path, int)} does, and if the bytes are not UTF-8
     */
    public static String readUtf8(Path file, int maxBytes) throws IOException {
        byte[] b = read(file, maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text / UTF-8 のテキストではありません", e);
        }
    }
}
