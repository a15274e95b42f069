package jp.mimamori.recorder.store.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.UnitIndex;

/**
 * The binary unit index of a store v2 segment ({@code units.idx}, docs/FORMATS.md "Store v2"): a 128-byte
 * header and one 64-byte record per unit, all integers big-endian.
 * <pre>
 * header   0  16  magic, ASCII "mimamori-unitidx"
 *         16   4  version = 1
 *         20   4  record length = 64
 *         24   8  sequence number of the segment
 *         32   8  unit count n (1 .. 2^20)
 *         40   1  camera id length L (1..64)
 *         41  64  camera id, ASCII, zero-padded
 *        105  23  zero
 * record   0   8  offset of the unit in the recorded bytes
 *          8   8  length of the unit in bytes
 *         16   8  capture time, microseconds since the epoch (signed)
 *         24   1  flags: bit 0 = keyframe (a decoder can start here); other bits zero
 *         25   7  zero
 *         32  32  SHA-256 of the unit's bytes
 * </pre>
 * The file is exactly {@code 128 + 64 n} bytes. It is not signed: the verifier trusts its hashes and capture
 * times only after they hash to the signed Merkle root, and its offsets never (they are a cache for random
 * access; the units follow each other with the listed lengths).
 *
 * @param index     camera, sequence, and per unit capture time, hash and length
 * @param offsets   the offset of each unit
 * @param keyframes which units are keyframes
 */
public record UnitIndexFile(UnitIndex index, long[] offsets, BitSet keyframes) {
    /** The magic. */
    public static final String MAGIC = "mimamori-unitidx";
    /** The header length. */
    public static final int HEADER = 128;
    /** The record length. */
    public static final int RECORD = 64;

    /** Validates and copies. */
    public UnitIndexFile {
        Objects.requireNonNull(index, "index");
        offsets = offsets.clone();
        keyframes = (BitSet) keyframes.clone();
        if (offsets.length != index.units().size() || index.firstIndex() != 0
                || index.unitCount() != index.units().size()) {
            throw new IllegalArgumentException("offsets: one per unit of a whole segment");
        }
    }

    /** The {@code offsets} component, as a copy. */
    @Override
    public long[] offsets() {
        return offsets.clone();
    }

    /** The {@code keyframes} component, as a copy. */
    @Override
    public BitSet keyframes() {
        return (BitSet) keyframes.clone();
    }

    /** The file's bytes. */
    public byte[] encode() {
        int n = offsets.length;
        ByteBuffer b = ByteBuffer.allocate(HEADER + RECORD * n);
        b.put(MAGIC.getBytes(StandardCharsets.US_ASCII));
        b.putInt(1).putInt(RECORD).putLong(index.sequence()).putLong(n);
        byte[] cam = index.camera().getBytes(StandardCharsets.US_ASCII);
        b.put((byte) cam.length).put(cam);
        b.position(HEADER);
        for (int i = 0; i < n; i++) {
            UnitIndex.Entry e = index.units().get(i);
            b.putLong(offsets[i]).putLong(e.length()).putLong(e.captureUs());
            b.put((byte) (keyframes.get(i) ? 1 : 0));
            b.position(b.position() + 7);
            b.put(e.hash());
        }
        return b.array();
    }

    /** Parses the file's bytes (at most {@link #maxBytes()}); anything malformed names the offset and rule. */
    public static UnitIndexFile parse(byte[] bytes) throws ManifestFormatException {
        if (bytes.length < HEADER) {
            throw new ManifestFormatException("units.idx: shorter than its 128-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[16];
        b.get(magic);
        if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new ManifestFormatException("units.idx: magic is not \"" + MAGIC + "\"");
        }
        int version = b.getInt();
        int rec = b.getInt();
        if (version != 1 || rec != RECORD) {
            throw new ManifestFormatException("units.idx: version " + version + " / record length " + rec
                    + "; expected 1 / 64");
        }
        long seq = b.getLong();
        long n = b.getLong();
        if (n < 1 || n > UnitIndex.MAX_UNITS) {
            throw new ManifestFormatException("units.idx: unit count " + n + " outside 1.." + UnitIndex.MAX_UNITS);
        }
        if (bytes.length != HEADER + RECORD * n) {
            throw new ManifestFormatException("units.idx: " + bytes.length + " bytes; " + n + " units need "
                    + (HEADER + RECORD * n));
        }
        int len = b.get() & 0xFF;
        if (len < 1 || len > 64) {
            throw new ManifestFormatException("units.idx: camera id length " + len + " outside 1..64");
        }
        byte[] cam = new byte[len];
        b.get(cam);
        for (int i = 41 + len; i < HEADER; i++) {
            if (bytes[i] != 0) {
                throw new ManifestFormatException("units.idx: header byte " + i + " must be zero");
            }
        }
        String camera = new String(cam, StandardCharsets.US_ASCII);
        long[] offsets = new long[(int) n];
        BitSet key = new BitSet();
        List<UnitIndex.Entry> entries = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            int at = HEADER + RECORD * i;
            b.position(at);
            offsets[i] = b.getLong();
            long length = b.getLong();
            long capture = b.getLong();
            int flags = b.get() & 0xFF;
            if (offsets[i] < 0 || length < 0 || (flags & ~1) != 0) {
                throw new ManifestFormatException("units.idx: unit " + i + ": negative offset or length, or"
                        + " unknown flags");
            }
            for (int k = 0; k < 7; k++) {
                if (b.get() != 0) {
                    throw new ManifestFormatException("units.idx: unit " + i + ": reserved bytes must be zero");
                }
            }
            byte[] h = new byte[32];
            b.get(h);
            key.set(i, (flags & 1) != 0);
            entries.add(new UnitIndex.Entry(capture, h, length, List.of()));
        }
        try {
            return new UnitIndexFile(new UnitIndex(camera, seq, n, 0, entries), offsets, key);
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException("units.idx: " + e.getMessage());
        }
    }

    /** The largest well-formed index. */
    public static int maxBytes() {
        return HEADER + RECORD * UnitIndex.MAX_UNITS;
    }
}
