package jp.mimamori.integrity.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Incremental RFC 9162 tree hash: append leaf hashes (or leaf data) one at a time, ask for the root at any
 * size, in O(log n) memory. It keeps the "compact range" of the tree — the roots of the perfect subtrees that
 * make up the first {@code size} leaves, largest first, one per set bit of {@code size}.
 *
 * <pre>{@code
 * MerkleAccumulator acc = new MerkleAccumulator();
 * for (ByteBuffer frame : frames) acc.appendData(frame);   // SHA-256(0x00 || frame), then fold
 * byte[] root = acc.root();                                 // == Merkle.root(all leaf hashes)
 * }</pre>
 *
 * <p>{@link #append(byte[])} and {@link #appendData} allocate nothing: the subtree roots live in one
 * preallocated array and the digest is reused. Not thread-safe: one accumulator per writer (a sealer per
 * camera, a log), or synchronize outside. A log that restarts continues from {@link #compactRange()} and
 * {@link #size()} with {@link #restore}.
 */
public final class MerkleAccumulator {
    private static final int H = Merkle.HASH_LENGTH;

    private final MessageDigest md = Merkle.newSha256();
    /** Perfect subtree roots, largest first: {@code stack[i*32 .. i*32+32)}; at most 64 of them. */
    private final byte[] stack = new byte[64 * H];
    private int top;
    private long size;

    /** An empty accumulator (size 0, root {@code SHA-256("")}). */
    public MerkleAccumulator() {}

    /**
     * An accumulator continuing a tree of {@code size} leaves from its compact range (as returned by
     * {@link #compactRange()}).
     *
     * @throws IllegalArgumentException if the number of hashes is not the number of set bits of {@code size}
     *                                  or a hash is not 32 bytes
     */
    public static MerkleAccumulator restore(long size, List<byte[]> compactRange) {
        if (size < 0) {
            throw new IllegalArgumentException("size: must not be negative");
        }
        Objects.requireNonNull(compactRange, "compactRange");
        if (compactRange.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("compactRange: a tree of " + size + " leaves has "
                    + Long.bitCount(size) + " perfect subtree roots, not " + compactRange.size());
        }
        MerkleAccumulator a = new MerkleAccumulator();
        for (int i = 0; i < compactRange.size(); i++) {
            byte[] h = compactRange.get(i);
            if (h == null || h.length != H) {
                throw new IllegalArgumentException("compactRange[" + i + "]: must be a 32-byte hash");
            }
            System.arraycopy(h, 0, a.stack, i * H, H);
        }
        a.top = compactRange.size();
        a.size = size;
        return a;
    }

    /** Number of leaves appended so far. */
    public long size() {
        return size;
    }

    /** Appends one leaf hash (32 bytes, already {@code SHA-256(0x00 || data)}). */
    public void append(byte[] leafHash) {
        if (leafHash.length != H) {
            throw new IllegalArgumentException("leafHash: must be 32 bytes");
        }
        System.arraycopy(leafHash, 0, stack, top * H, H);
        push();
    }

    /** Appends the leaf for {@code data[off, off+len)}, hashing it as {@code SHA-256(0x00 || data)}. */
    public void appendData(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        md.update((byte) 0x00);
        md.update(data, off, len);
        digestInto(top);
        push();
    }

    /** Appends the leaf for the remaining bytes of {@code data} (consumed: its position moves to the limit). */
    public void appendData(java.nio.ByteBuffer data) {
        md.update((byte) 0x00);
        md.update(data);
        digestInto(top);
        push();
    }

    /** Folds the leaf just written at slot {@code top} into the stack. */
    private void push() {
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("tree is full");
        }
        long s = size;
        int t = top;
        // One merge per trailing 1 bit of the old size: equal-sized perfect subtrees combine.
        while ((s & 1) == 1) {
            md.update((byte) 0x01);
            md.update(stack, (t - 1) * H, 2 * H);
            digestInto(t - 1);
            t--;
            s >>>= 1;
        }
        top = t + 1;
        size++;
    }

    private void digestInto(int slot) {
        try {
            md.digest(stack, slot * H, H);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 output is 32 bytes", e);
        }
    }

    /** The RFC 9162 tree hash of the leaves so far (a new array); {@code SHA-256("")} when empty. */
    public byte[] root() {
        byte[] out = new byte[H];
        root(out, 0);
        return out;
    }

    /** Writes the root into {@code out[off, off+32)} without allocating. */
    public void root(byte[] out, int off) {
        Objects.checkFromIndexSize(off, H, out.length);
        if (top == 0) {
            md.reset();
            try {
                md.digest(out, off, H);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        System.arraycopy(stack, (top - 1) * H, out, off, H);
        for (int i = top - 2; i >= 0; i--) {
            md.update((byte) 0x01);
            md.update(stack, i * H, H);
            md.update(out, off, H);
            try {
                md.digest(out, off, H);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The perfect subtree roots, largest first (copies); with {@link #size()} enough to {@link #restore}. */
    public List<byte[]> compactRange() {
        List<byte[]> out = new ArrayList<>(top);
        for (int i = 0; i < top; i++) {
            byte[] h = new byte[H];
            System.arraycopy(stack, i * H, h, 0, H);
            out.add(h);
        }
        return Collections.unmodifiableList(out);
    }

    /** An independent copy of this accumulator's state. */
    public MerkleAccumulator copy() {
        MerkleAccumulator c = new MerkleAccumulator();
        System.arraycopy(stack, 0, c.stack, 0, top * H);
        c.top = top;
        c.size = size;
        return c;
    }

    /** Empties the accumulator for reuse (size 0). */
    public void reset() {
        java.util.Arrays.fill(stack, 0, top * H, (byte) 0);
        top = 0;
        size = 0;
        md.reset();
    }
}
