package jp.mimamori.integrity.bundle.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Writes a ZIP archive of STORED entries (method 0: the bytes in the archive are the bytes given), every entry
 * in ZIP64 form (sizes and offsets in a ZIP64 extended information field), a fixed DOS time of 1980-01-01 00:00
 * and Unix mode 0644, so the archive is the same for the same entries. The CRC-32 of an entry streamed from an
 * {@link InputStream} is written into its local header after its data (the writer seeks back), so no entry is
 * read twice. Not thread-safe.
 */
public final class StoredZipWriter implements Closeable {
    static final int LOCAL = 0x04034b50;
    static final int CENTRAL = 0x02014b50;
    static final int END = 0x06054b50;
    static final int END64 = 0x06064b50;
    static final int LOCATOR64 = 0x07064b50;
    static final int VERSION = 45;
    static final int MADE_BY = (3 << 8) | VERSION;
    static final int DOS_DATE = 0x21;
    static final long MODE_FILE = 0100644L << 16;
    static final int ZIP64 = 0x0001;

    private record Written(String name, long offset, long size, int crc) {}

    private final FileChannel out;
    private final List<Written> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final byte[] buffer = new byte[1 << 20];
    private long position;

    /** Creates (or truncates) {@code file}. */
    public StoredZipWriter(Path file) throws IOException {
        this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    /** Adds an entry with these bytes. */
    public void add(String name, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        long offset = header(name, data.length, (int) crc.getValue());
        write(ByteBuffer.wrap(data));
        entries.add(new Written(name, offset, data.length, (int) crc.getValue()));
    }

    /**
     * Adds an entry of exactly {@code length} bytes read from {@code in}.
     *
     * @throws IOException if {@code in} ends early
     */
    public void add(String name, long length, InputStream in) throws IOException {
        long offset = header(name, length, 0);
        CRC32 crc = new CRC32();
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException(name + ": the source ended " + left + " bytes early");
            }
            crc.update(buffer, 0, n);
            write(ByteBuffer.wrap(buffer, 0, n));
            left -= n;
        }
        ByteBuffer c = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).flip();
        while (c.hasRemaining()) {
            out.write(c, offset + 14 + (4 - c.remaining()));
        }
        entries.add(new Written(name, offset, length, (int) crc.getValue()));
    }

    /**
     * Adds an entry of exactly {@code length} bytes of {@code file} from {@code offset}: the CRC-32 is computed
     * from the file mapped into memory, then the bytes are copied file to file by the kernel
     * ({@link FileChannel#transferTo}), never through the Java heap.
     *
     * @throws IOException if the file is shorter than the region
     */
    public void add(String name, long length, Path file, long offset) throws IOException {
        try (FileChannel src = FileChannel.open(file, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (src.size() < offset + length) {
                throw new IOException(name + ": the source is shorter than the clip");
            }
            CRC32 crc = new CRC32();
            for (long at = 0; at < length; ) {
                long n = Math.min(1L << 30, length - at);
                crc.update(src.map(FileChannel.MapMode.READ_ONLY, offset + at, n));
                at += n;
            }
            long headerAt = header(name, length, (int) crc.getValue());
            out.position(position); // transferTo writes at the channel's position; every other write is positional
            long done = 0;
            while (done < length) {
                long n = src.transferTo(offset + done, length - done, out);
                if (n <= 0) {
                    throw new IOException(name + ": the copy stopped " + (length - done) + " bytes early");
                }
                done += n;
            }
            position += length;
            entries.add(new Written(name, headerAt, length, (int) crc.getValue()));
        }
    }

    private long header(String name, long size, int crc) throws IOException {
        BundleLayout.checkName(name);
        if (!names.add(name)) {
            throw new IllegalArgumentException("name: " + name + " added twice");
        }
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(30 + n.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(LOCAL).putShort((short) VERSION).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) DOS_DATE).putInt(crc).putInt(-1).putInt(-1)
                .putShort((short) n.length).putShort((short) 20).put(n)
                .putShort((short) ZIP64).putShort((short) 16).putLong(size).putLong(size);
        long offset = position;
        write(b.flip());
        return offset;
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            position += out.write(b, position);
        }
    }

    /** Writes the central directory and the end records, forces the file to the device and closes it. */
    @Override
    public void close() throws IOException {
        try {
            long cdStart = position;
            for (Written e : entries) {
                byte[] n = e.name().getBytes(StandardCharsets.US_ASCII);
                ByteBuffer b = ByteBuffer.allocate(46 + n.length + 28).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(CENTRAL).putShort((short) MADE_BY).putShort((short) VERSION).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putShort((short) DOS_DATE).putInt(e.crc())
                        .putInt(-1).putInt(-1).putShort((short) n.length).putShort((short) 28).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putInt((int) MODE_FILE).putInt(-1).put(n)
                        .putShort((short) ZIP64).putShort((short) 24).putLong(e.size()).putLong(e.size())
                        .putLong(e.offset());
                write(b.flip());
            }
            long cdSize = position - cdStart;
            long end64 = position;
            ByteBuffer z = ByteBuffer.allocate(56 + 20 + 22).order(ByteOrder.LITTLE_ENDIAN);
            z.putInt(END64).putLong(44).putShort((short) MADE_BY).putShort((short) VERSION).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(cdSize).putLong(cdStart);
            z.putInt(LOCATOR64).putInt(0).putLong(end64).putInt(1);
            z.putInt(END).putShort((short) 0).putShort((short) 0).putShort((short) -1).putShort((short) -1)
                    .putInt(-1).putInt(-1).putShort((short) 0);
            write(z.flip());
            out.truncate(position);
            out.force(true);
        } finally {
            out.close();
        }
    }
}
