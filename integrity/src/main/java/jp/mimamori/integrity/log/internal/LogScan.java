package jp.mimamori.integrity.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import jp.mimamori.integrity.merkle.Merkle;

/**
 * Reads {@code records.log} frame by frame and keeps reading past damage: a frame that fails its length, CRC or
 * position is followed by a search for the next valid frame ({@link RecordFile#resync}). What lies between is a
 * damaged record (an edit in the middle, reported at its index, the records after it still read), bytes inserted
 * before the expected record, or — when no valid frame follows — the torn tail of a batch that was never
 * acknowledged. The writer, the read-only reader, the verifier and {@code AnchoredLog} all scan through it, so they
 * agree on what the file holds.
 *
 * <p>Not thread-safe: one scan per reader.
 */
public final class LogScan {
    /** What the scan found next. */
    public enum Kind {
        /** A valid frame at its position (its index may still differ from the position: a reordered record). */
        RECORD,
        /** Bytes that are not a valid frame where record {@code position} should be, with valid frames after. */
        DAMAGED,
        /** Bytes before a valid frame carrying the expected index: something inserted, no record lost. */
        INSERTED,
        /** Bytes at the end that are not a valid frame and that no valid frame follows: a torn tail. */
        TAIL
    }

    /**
     * One item.
     *
     * @param kind     what it is
     * @param position the record position it stands for (for {@code RECORD} and {@code DAMAGED})
     * @param offset   where it starts in the file
     * @param end      where it ends
     * @param frame    the frame ({@code RECORD} only, else null)
     * @param leaf     the leaf hash of the record's payload, or of the damaged bytes (a hash no honest record has)
     */
    public record Item(Kind kind, long position, long offset, long end, RecordFile.Frame frame, byte[] leaf) {}

    private final FileChannel ch;
    private final long length;
    private RecordFile.Scanner scanner;
    private long offset;
    private long position;
    private boolean done;

    /** Scans {@code ch} from {@code offset} (a frame boundary) up to {@code length}, the first record being {@code position}. */
    public LogScan(FileChannel ch, long offset, long length, long position) {
        this.ch = ch;
        this.length = length;
        this.offset = offset;
        this.position = position;
        this.scanner = new RecordFile.Scanner(ch, offset, length);
    }

    /** The next item, or null at the end of the file. */
    public Item next() throws IOException {
        if (done || offset >= length) {
            return null;
        }
        long at = offset;
        RecordFile.Frame f = scanner.next(-1);
        if (f != null) {
            offset = f.next();
            return new Item(Kind.RECORD, position++, at, offset, f, Merkle.leafHash(f.payload()));
        }
        long r = RecordFile.resync(ch, at + 1, length);
        if (r < 0) {
            done = true;
            return new Item(Kind.TAIL, position, at, length, null, null);
        }
        RecordFile.Frame g = RecordFile.readAnyIndex(ch, r, length);
        offset = r;
        scanner = new RecordFile.Scanner(ch, r, length);
        if (g != null && g.index() == position) {
            return new Item(Kind.INSERTED, position, at, r, null, null);
        }
        return new Item(Kind.DAMAGED, position++, at, r, null, damagedLeaf(at, r));
    }

    /** The records position the next item stands for. */
    public long position() {
        return position;
    }

    /** {@code SHA-256(0x00 || bytes)} over the damaged bytes' payload part, read in bounded chunks. */
    private byte[] damagedLeaf(long from, long to) throws IOException {
        long start = to - from > RecordFile.FRAME_HEADER ? from + RecordFile.FRAME_HEADER : from;
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        md.update((byte) 0);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (long p = start; p < to; ) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), to - p));
            RecordFile.readFully(ch, buf, p);
            md.update(buf.array(), 0, buf.limit());
            p += buf.limit();
        }
        return md.digest();
    }
}
