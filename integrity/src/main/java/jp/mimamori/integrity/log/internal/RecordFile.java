package jp.mimamori.integrity.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The frame layout of {@code records.log} (docs/FORMATS.md, "Evidence log and checkpoints"):
 *
 * <pre>
 * file   = header frame*
 * header = "mimamori-log v1\n"                      (16 bytes, ASCII)
 * frame  = length:u32  index:u64  crc:u32  payload  (big-endian; 16-byte frame header)
 *          length = payload bytes, 1 .. {@value #MAX_PAYLOAD}
 *          index  = the record's zero-based position in the log
 *          crc    = CRC-32C over length, index and payload
 *          payload = the record's canonical JSON bytes
 * </pre>
 *
 * A frame that is cut short, has a bad length or CRC, or carries an unexpected index ends the valid log; on
 * open the log cuts everything from there on (the torn tail of an unacknowledged batch).
 */
public final class RecordFile {
    private RecordFile() {}

    /** The file header. */
    public static final byte[] HEADER = "mimamori-log v1\n".getBytes(StandardCharsets.US_ASCII);
    /** Bytes before a frame's payload. */
    public static final int FRAME_HEADER = 16;
    /** Largest payload a frame may carry (1 MiB). */
    public static final int MAX_PAYLOAD = 1 << 20;

    /** Writes one frame into {@code buf}. */
    public static void putFrame(ByteBuffer buf, long index, byte[] payload) {
        CRC32C crc = new CRC32C();
        int start = buf.position();
        buf.putInt(payload.length).putLong(index);
        crc.update(buf.array(), buf.arrayOffset() + start, 12);
        crc.update(payload);
        buf.putInt((int) crc.getValue()).put(payload);
    }

    /** A frame read back: its payload and the offset just after it. */
    public record Frame(long index, byte[] payload, long next) {}

    /**
     * Reads the frame at {@code offset}, or returns {@code null} if none valid is there (end of file, torn,
     * bad length, bad CRC, or an index other than {@code expectedIndex}).
     */
    public static Frame read(FileChannel ch, long offset, long fileSize, long expectedIndex) throws IOException {
        if (fileSize - offset < FRAME_HEADER) {
            return null;
        }
        ByteBuffer h = ByteBuffer.allocate(FRAME_HEADER);
        readFully(ch, h, offset);
        h.flip();
        int len = h.getInt();
        long index = h.getLong();
        int crcStored = h.getInt();
        if (len <= 0 || len > MAX_PAYLOAD || fileSize - offset - FRAME_HEADER < len || index != expectedIndex) {
            return null;
        }
        ByteBuffer p = ByteBuffer.allocate(len);
        readFully(ch, p, offset + FRAME_HEADER);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, 12);
        crc.update(p.array());
        if ((int) crc.getValue() != crcStored) {
            return null;
        }
        return new Frame(index, p.array(), offset + FRAME_HEADER + len);
    }

    /**
     * Reads the frame at {@code offset} whatever index it carries (for the verifier, which reports a
     * mismatching index as a reordered record), or {@code null} if none valid is there.
     */
    public static Frame readAnyIndex(FileChannel ch, long offset, long fileSize) throws IOException {
        if (fileSize - offset < FRAME_HEADER) {
            return null;
        }
        ByteBuffer h = ByteBuffer.allocate(FRAME_HEADER);
        readFully(ch, h, offset);
        long index = h.getLong(4);
        return read(ch, offset, fileSize, index);
    }

    /**
     * Reads frames sequentially through a large buffer (one system call per megabytes, not two per frame), for
     * replay on open and for scans. Same validity rules as {@link #read}.
     */
    public static final class Scanner {
        private final FileChannel ch;
        private final long fileSize;
        private final ByteBuffer buf = ByteBuffer.allocate(2 * MAX_PAYLOAD + FRAME_HEADER);
        private long bufStart;
        private long offset;

        /** Scans from {@code offset}. */
        public Scanner(FileChannel ch, long offset, long fileSize) {
            this.ch = ch;
            this.offset = offset;
            this.fileSize = fileSize;
            this.bufStart = offset;
            buf.limit(0);
        }

        /** The offset of the next frame. */
        public long offset() {
            return offset;
        }

        private boolean ensure(int bytes) throws IOException {
            long have = bufStart + buf.limit() - offset;
            if (have >= bytes) {
                return true;
            }
            if (fileSize - offset < bytes) {
                return false;
            }
            buf.clear();
            bufStart = offset;
            int want = (int) Math.min(buf.capacity(), fileSize - offset);
            buf.limit(want);
            readFully(ch, buf, offset);
            buf.flip();
            return true;
        }

        /** The next frame if valid and carrying {@code expectedIndex} (any index when negative), else null. */
        public Frame next(long expectedIndex) throws IOException {
            if (!ensure(FRAME_HEADER)) {
                return null;
            }
            int p = (int) (offset - bufStart);
            int len = buf.getInt(p);
            long index = buf.getLong(p + 4);
            int crcStored = buf.getInt(p + 12);
            if (len <= 0 || len > MAX_PAYLOAD || (expectedIndex >= 0 && index != expectedIndex)) {
                return null;
            }
            if (!ensure(FRAME_HEADER + len)) {
                return null;
            }
            p = (int) (offset - bufStart);
            CRC32C crc = new CRC32C();
            crc.update(buf.array(), p, 12);
            crc.update(buf.array(), p + FRAME_HEADER, len);
            if ((int) crc.getValue() != crcStored) {
                return null;
            }
            byte[] payload = new byte[len];
            System.arraycopy(buf.array(), p + FRAME_HEADER, payload, 0, len);
            offset += FRAME_HEADER + len;
            return new Frame(index, payload, offset);
        }
    }

    /** Frame indexes above this are not looked for when resynchronising (2^40 records is far beyond any log). */
    private static final long MAX_RESYNC_INDEX = 1L << 40;

    /**
     * The offset of the first valid frame (any index) at or after {@code from}, or -1 if none follows: how a
     * reader finds the records after a damaged one, so that an edit in the middle is told from a torn tail. Scans
     * byte by byte, checking only candidates whose length and index are plausible.
     */
    public static long resync(FileChannel ch, long from, long fileSize) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (long base = from; fileSize - base >= FRAME_HEADER; ) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), fileSize - base));
            readFully(ch, buf, base);
            int n = buf.limit();
            for (int p = 0; p + FRAME_HEADER <= n; p++) {
                int len = buf.getInt(p);
                long index = buf.getLong(p + 4);
                long at = base + p;
                if (len > 0 && len <= MAX_PAYLOAD && index >= 0 && index < MAX_RESYNC_INDEX
                        && fileSize - at - FRAME_HEADER >= len && read(ch, at, fileSize, index) != null) {
                    return at;
                }
            }
            base += Math.max(1, n - FRAME_HEADER + 1);
        }
        return -1;
    }

    /** Reads exactly {@code buf.remaining()} bytes at {@code pos}. */
    public static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at offset " + pos);
            }
            pos += n;
        }
    }
}
