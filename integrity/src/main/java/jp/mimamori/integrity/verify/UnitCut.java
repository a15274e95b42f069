package jp.mimamori.integrity.verify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.mimamori.integrity.manifest.UnitIndex;

/**
 * Cuts a segment's recorded bytes (stored as one sequence) into the units the index lists, as content hashes
 * for {@link UnitAlignment}. The units follow each other with the index's lengths; where a cut does not match,
 * the next units, the previous units and the index's stated offset are tried at that position (bounded), so a
 * unit dropped from, replayed in or moved within the bytes is reported as such rather than as every later unit
 * modified. Bytes no unit accounts for become one inserted unit; units past the end are absent (missing).
 */
final class UnitCut {
    /** How many units before and after the expected one are tried where a cut does not match. */
    static final int WINDOW = 64;
    private static final int BUFFER = 64 * 1024;

    private final RecordingSource.Bytes bytes;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    private final MessageDigest md = SegmentCheck.digest();
    private long size;
    private long budget;

    private UnitCut(RecordingSource.Bytes bytes) {
        this.bytes = bytes;
    }

    /** The units found, as hashes, in the order found. */
    static List<byte[]> cut(UnitIndex idx, RecordingSource.Units.Contiguous units) {
        List<UnitIndex.Entry> entries = idx.units();
        int n = entries.size();
        byte[][] exp = new byte[n][];
        long[] len = new long[n];
        for (int i = 0; i < n; i++) {
            exp[i] = entries.get(i).hash();
            len[i] = entries.get(i).length();
        }
        long[] off = units.offsets();
        UnitCut c = new UnitCut(units.bytes());
        List<byte[]> act = new ArrayList<>();
        try {
            c.size = units.bytes().size();
        } catch (IOException e) {
            return act;
        }
        c.budget = c.size + (64L << 20);
        long p = 0;
        int j = 0;
        while (j < n && p < c.size) {
            if (c.matches(p, len[j], exp[j])) {
                act.add(exp[j]);
                p += len[j];
                j++;
                continue;
            }
            int found = -1;
            for (int d = 1; d <= WINDOW && found < 0 && c.budget > 0; d++) {
                for (int t : new int[] {j + d, j - d}) {
                    if (t >= 0 && t < n && c.matches(p, len[t], exp[t])) {
                        found = t;
                        break;
                    }
                }
            }
            if (found >= 0) {
                act.add(exp[found]);
                p += len[found];
                if (found > j) {
                    j = found + 1;
                }
                continue;
            }
            if (j < off.length && off[j] > p && off[j] < c.size && c.matches(off[j], len[j], exp[j])) {
                act.add(c.hash(p, off[j] - p)); // bytes inserted before the unit
                p = off[j];
                continue;
            }
            act.add(c.hash(p, Math.min(len[j], c.size - p))); // this unit, changed
            p += len[j];
            j++;
        }
        if (p < c.size) {
            act.add(c.hash(p, c.size - p)); // bytes after the last unit
        }
        return act;
    }

    private boolean matches(long p, long length, byte[] expected) {
        if (length > size - p) {
            return false;
        }
        budget -= length;
        return Arrays.equals(hash(p, length), expected);
    }

    /**
     * SHA-256 of {@code length} bytes at {@code p}; bytes that cannot be read (a damaged encrypted chunk) give an
     * empty hash, which matches no unit, and the bytes after them are read on.
     */
    private byte[] hash(long p, long length) {
        md.reset();
        long pos = p;
        long end = p + length;
        try {
            while (pos < end) {
                buf.clear();
                buf.limit((int) Math.min(BUFFER, end - pos));
                int r = bytes.read(pos, buf);
                if (r <= 0) {
                    break;
                }
                buf.flip();
                md.update(buf);
                pos += r;
            }
        } catch (IOException e) {
            return new byte[0];
        }
        return md.digest();
    }
}
