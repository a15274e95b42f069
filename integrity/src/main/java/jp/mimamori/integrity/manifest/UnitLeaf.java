package jp.mimamori.integrity.manifest;

/**
 * The leaf of one unit in a segment's Merkle tree (leaf format {@code "mimamori-unit-leaf-v1"}): 48 bytes,
 * <pre>
 *   index       8 bytes, unsigned big-endian  (the unit's position in the segment, from 0)
 *   capture_us  8 bytes, signed big-endian    (capture time, microseconds since 1970-01-01T00:00:00Z)
 *   content     32 bytes                      (SHA-256 of the unit's bytes)
 * </pre>
 * The tree hashes it as an RFC 9162 leaf: {@code SHA-256(0x00 || leaf)}. Binding the index stops reordering
 * and the capture time stops re-timing without changing a single byte of the unit.
 *
 * <p>Stateless; thread-safe.
 */
public final class UnitLeaf {
    /** The leaf format name in manifests. */
    public static final String FORMAT = "mimamori-unit-leaf-v1";
    /** Length of a leaf in bytes. */
    public static final int LENGTH = 48;

    private UnitLeaf() {}

    /** Writes the leaf of a unit into {@code out[0..48)}; allocation-free for the sealing hot path. */
    public static void write(long index, long captureUs, byte[] contentHash, int hashOff, byte[] out) {
        putLong(out, 0, index);
        putLong(out, 8, captureUs);
        System.arraycopy(contentHash, hashOff, out, 16, 32);
    }

    /** The leaf of a unit as a new array. */
    public static byte[] of(long index, long captureUs, byte[] contentHash) {
        if (contentHash.length != 32) {
            throw new IllegalArgumentException("contentHash: must be 32 bytes");
        }
        byte[] out = new byte[LENGTH];
        write(index, captureUs, contentHash, 0, out);
        return out;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
