package jp.mimamori.integrity.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9162 §2.1 Merkle tree hash, inclusion proofs and consistency proofs.
 *
 * <pre>{@code
 * List<byte[]> leaves = units.stream().map(Merkle::leafHash).toList();
 * byte[] root = Merkle.root(leaves);
 * List<byte[]> proof = Merkle.inclusionProof(leaves, 3);
 * Merkle.verifyInclusion(leaves.get(3), 3, leaves.size(), proof, root);   // throws ProofException if not
 * }</pre>
 *
 * <p>Generation works on a list of leaf hashes (sizes up to 2<sup>31</sup>−1); verification takes indexes
 * and sizes as <b>unsigned</b> 64-bit values, as RFC 9162 does. Verification follows the RFC's algorithms
 * (§2.1.3.2, §2.1.4.2) including their final checks — the leaf index must be below the tree size, and the
 * proof walk must end exactly at the root ({@code sn == 0}), so a proof with a node too many or too few
 * fails. Every hash (leaf, node, root) must be 32 bytes. Special cases, as the published vectors expect:
 * a consistency proof between equal sizes is empty and the roots must be identical (for size 0, both the
 * empty-tree hash); from size 0 to a larger size there is nothing to prove and verification fails (an empty
 * tree is consistent with every tree — callers need not ask).
 *
 * <p>Thread-safe; each thread reuses its own {@link MessageDigest}.
 */
public final class Merkle {
    /** SHA-256 output length, the size of every hash here. */
    public static final int HASH_LENGTH = 32;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Merkle::newSha256);
    private static final byte[] EMPTY_ROOT = newSha256().digest();

    private Merkle() {}

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The root of the empty tree, {@code SHA-256("")} (a fresh copy). */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** {@code SHA-256(0x00 || data)}. */
    public static byte[] leafHash(byte[] data) {
        return leafHash(data, 0, data.length);
    }

    /** {@code SHA-256(0x00 || data[off, off+len))}. */
    public static byte[] leafHash(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        MessageDigest md = SHA256.get();
        md.update((byte) 0x00);
        md.update(data, off, len);
        return md.digest();
    }

    /** {@code SHA-256(0x01 || left || right)}; both must be 32 bytes. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        if (left.length != HASH_LENGTH || right.length != HASH_LENGTH) {
            throw new IllegalArgumentException("nodeHash: both children must be 32-byte hashes");
        }
        return node(SHA256.get(), left, right);
    }

    private static byte[] node(MessageDigest md, byte[] left, byte[] right) {
        md.update((byte) 0x01);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** The Merkle tree hash (RFC 9162 MTH) of the given leaf hashes; {@code SHA-256("")} for none. */
    public static byte[] root(List<byte[]> leafHashes) {
        MerkleAccumulator acc = new MerkleAccumulator();
        for (int i = 0; i < leafHashes.size(); i++) {
            byte[] h = leafHashes.get(i);
            checkLeaf(h, i);
            acc.append(h);
        }
        return acc.root();
    }

    /**
     * The inclusion proof (RFC 9162 {@code PATH}) for leaf {@code index} in the tree of all of
     * {@code leafHashes}: sibling hashes from the leaf's level up.
     *
     * @throws IllegalArgumentException if {@code index} is not in {@code [0, size)}
     */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, long index) {
        int n = leafHashes.size();
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("index: " + index + " is not in [0, " + n + ")");
        }
        for (int i = 0; i < n; i++) {
            checkLeaf(leafHashes.get(i), i);
        }
        List<byte[]> out = new ArrayList<>();
        path(SHA256.get(), leafHashes, (int) index, 0, n, out);
        return Collections.unmodifiableList(out);
    }

    /**
     * The consistency proof (RFC 9162 {@code PROOF}) between the tree of the first {@code oldSize} leaves and
     * the tree of all of {@code leafHashes}. Empty when {@code oldSize} is 0 or equals the size.
     *
     * @throws IllegalArgumentException if {@code oldSize} is not in {@code [0, size]}
     */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, long oldSize) {
        int n = leafHashes.size();
        if (oldSize < 0 || oldSize > n) {
            throw new IllegalArgumentException("oldSize: " + oldSize + " is not in [0, " + n + "]");
        }
        for (int i = 0; i < n; i++) {
            checkLeaf(leafHashes.get(i), i);
        }
        List<byte[]> out = new ArrayList<>();
        if (oldSize > 0 && oldSize < n) {
            subproof(SHA256.get(), leafHashes, (int) oldSize, 0, n, true, out);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The root implied by an inclusion proof (RFC 9162 §2.1.3.2). Use {@link #verifyInclusion} to also compare
     * it with a known root.
     *
     * @param index    leaf index, unsigned
     * @param treeSize tree size, unsigned
     * @throws ProofException if the index is not below the size, a hash is not 32 bytes, or the proof has the
     *                        wrong number of nodes for this index and size
     */
    public static byte[] rootFromInclusionProof(byte[] leafHash, long index, long treeSize, List<byte[]> proof)
            throws ProofException {
        if (leafHash == null || leafHash.length != HASH_LENGTH) {
            throw new ProofException("inclusion proof: leaf hash is not 32 bytes");
        }
        if (proof == null) {
            throw new ProofException("inclusion proof: no proof (null)");
        }
        if (Long.compareUnsigned(index, treeSize) >= 0) {
            throw new ProofException("inclusion proof: leaf index " + Long.toUnsignedString(index)
                    + " is not below tree size " + Long.toUnsignedString(treeSize));
        }
        checkNodes(proof, "inclusion proof");
        MessageDigest md = SHA256.get();
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                throw new ProofException("inclusion proof: more nodes than the path from leaf "
                        + Long.toUnsignedString(index) + " in a tree of " + Long.toUnsignedString(treeSize));
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(md, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = node(md, r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new ProofException("inclusion proof: fewer nodes than the path from leaf "
                    + Long.toUnsignedString(index) + " in a tree of " + Long.toUnsignedString(treeSize));
        }
        return r == leafHash ? leafHash.clone() : r;
    }

    /**
     * Verifies that {@code leafHash} is leaf {@code index} of the tree of size {@code treeSize} with root
     * {@code root} (RFC 9162 §2.1.3.2).
     *
     * @throws ProofException if it is not (the message says which check failed)
     */
    public static void verifyInclusion(byte[] leafHash, long index, long treeSize, List<byte[]> proof, byte[] root)
            throws ProofException {
        if (root == null || root.length != HASH_LENGTH) {
            throw new ProofException("inclusion proof: root is not 32 bytes");
        }
        byte[] computed = rootFromInclusionProof(leafHash, index, treeSize, proof);
        if (!MessageDigest.isEqual(computed, root)) {
            throw new ProofException("inclusion proof: computed root does not match the given root");
        }
    }

    /**
     * Verifies that the tree of size {@code size1} with root {@code root1} is a prefix of the tree of size
     * {@code size2} with root {@code root2} (RFC 9162 §2.1.4.2). Sizes are unsigned.
     *
     * @throws ProofException if it is not, or the proof is malformed (see the class description for the
     *                        equal-size and size-0 cases)
     */
    public static void verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
            throws ProofException {
        if (proof == null || root1 == null || root2 == null) {
            throw new ProofException("consistency proof: proof or root missing (null)");
        }
        if (Long.compareUnsigned(size1, size2) > 0) {
            throw new ProofException("consistency proof: size1 " + Long.toUnsignedString(size1)
                    + " is greater than size2 " + Long.toUnsignedString(size2));
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new ProofException("consistency proof: sizes are equal but the proof is not empty");
            }
            if (size1 == 0 && !MessageDigest.isEqual(root1, EMPTY_ROOT)) {
                throw new ProofException("consistency proof: size 0 but the root is not the empty-tree hash");
            }
            if (!MessageDigest.isEqual(root1, root2)) {
                throw new ProofException("consistency proof: sizes are equal but the roots differ");
            }
            return;
        }
        if (size1 == 0) {
            throw new ProofException("consistency proof: size1 is 0; an empty tree is consistent with every tree,"
                    + " there is nothing to prove");
        }
        if (proof.isEmpty()) {
            throw new ProofException("consistency proof: empty proof for different sizes");
        }
        if (root1.length != HASH_LENGTH || root2.length != HASH_LENGTH) {
            throw new ProofException("consistency proof: a root is not 32 bytes");
        }
        checkNodes(proof, "consistency proof");
        MessageDigest md = SHA256.get();
        // Step 2: when size1 is a power of two, the old root itself starts the path.
        boolean prepend = (size1 & (size1 - 1)) == 0;
        int count = proof.size() + (prepend ? 1 : 0);
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = prepend ? root1 : proof.get(0);
        byte[] sr = fr;
        for (int i = 1; i < count; i++) {
            byte[] c = proof.get(prepend ? i - 1 : i);
            if (sn == 0) {
                throw new ProofException("consistency proof: more nodes than the sizes allow");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(md, c, fr);
                sr = node(md, c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = node(md, sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new ProofException("consistency proof: fewer nodes than the sizes require");
        }
        if (!MessageDigest.isEqual(fr, root1)) {
            throw new ProofException("consistency proof: computed old root does not match root1");
        }
        if (!MessageDigest.isEqual(sr, root2)) {
            throw new ProofException("consistency proof: computed new root does not match root2");
        }
    }

    /**
     * The hash of any range of leaves, {@code MTH(D[from:to])}, for generating proofs over trees that are not
     * held in memory (a log on disk with cached subtree roots). The proof functions below only ask for ranges
     * that are subtrees of the RFC 9162 tree: a left sibling is always a perfect subtree (its size a power of
     * two and {@code from} a multiple of it), so a store that caches perfect subtree roots answers those in
     * O(1) and the rest by folding O(log n) of them.
     *
     * <p>Called only from the thread that asks for a proof; an implementation need not be thread-safe unless it is shared.
     */
    @FunctionalInterface
    public interface RangeHasher {
        /** {@code MTH(D[from:to])} for {@code 0 <= from < to <= size}; 32 bytes. */
        byte[] hash(long from, long to);
    }

    /**
     * The inclusion proof for leaf {@code index} in a tree of {@code size} leaves whose range hashes
     * {@code hasher} computes (RFC 9162 {@code PATH}); O(log n) calls.
     */
    public static List<byte[]> inclusionProof(RangeHasher hasher, long index, long size) {
        if (size <= 0 || index < 0 || index >= size) {
            throw new IllegalArgumentException("index: " + index + " is not in [0, " + size + ")");
        }
        List<byte[]> out = new ArrayList<>();
        long m = index;
        long from = 0;
        long to = size;
        // Iterative PATH: collect siblings top-down, then reverse (the proof lists them leaf-up).
        while (to - from > 1) {
            long k = Long.highestOneBit(to - from - 1);
            if (m < k) {
                out.add(hasher.hash(from + k, to));
                to = from + k;
            } else {
                out.add(hasher.hash(from, from + k));
                from += k;
                m -= k;
            }
        }
        Collections.reverse(out);
        return Collections.unmodifiableList(out);
    }

    /**
     * The consistency proof between sizes {@code oldSize} and {@code size} of a tree whose range hashes
     * {@code hasher} computes (RFC 9162 {@code PROOF}); empty when {@code oldSize} is 0 or {@code size}.
     */
    public static List<byte[]> consistencyProof(RangeHasher hasher, long oldSize, long size) {
        if (oldSize < 0 || oldSize > size) {
            throw new IllegalArgumentException("oldSize: " + oldSize + " is not in [0, " + size + "]");
        }
        List<byte[]> out = new ArrayList<>();
        if (oldSize == 0 || oldSize == size) {
            return Collections.unmodifiableList(out);
        }
        long m = oldSize;
        long from = 0;
        long to = size;
        boolean b = true;
        // Iterative SUBPROOF, collected top-down and reversed at the end.
        while (m != to - from) {
            long n = to - from;
            long k = Long.highestOneBit(n - 1);
            if (m <= k) {
                out.add(hasher.hash(from + k, to));
                to = from + k;
            } else {
                out.add(hasher.hash(from, from + k));
                from += k;
                m -= k;
                b = false;
            }
        }
        if (!b) {
            out.add(hasher.hash(from, to));
        }
        Collections.reverse(out);
        return Collections.unmodifiableList(out);
    }

    // --- generation (RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1) ---

    /** Largest power of two strictly smaller than {@code n} (n ≥ 2). */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static byte[] mth(MessageDigest md, List<byte[]> d, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return EMPTY_ROOT.clone();
        }
        if (n == 1) {
            return d.get(from).clone();
        }
        int k = split(n);
        byte[] left = mth(md, d, from, from + k);
        byte[] right = mth(md, d, from + k, to);
        return node(md, left, right);
    }

    private static void path(MessageDigest md, List<byte[]> d, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(md, d, m, from, from + k, out);
            out.add(mth(md, d, from + k, to));
        } else {
            path(md, d, m - k, from + k, to, out);
            out.add(mth(md, d, from, from + k));
        }
    }

    private static void subproof(MessageDigest md, List<byte[]> d, int m, int from, int to, boolean b,
            List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!b) {
                out.add(mth(md, d, from, to));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(md, d, m, from, from + k, b, out);
            out.add(mth(md, d, from + k, to));
        } else {
            subproof(md, d, m - k, from + k, to, false, out);
            out.add(mth(md, d, from, from + k));
        }
    }

    private static void checkLeaf(byte[] h, int i) {
        if (h == null || h.length != HASH_LENGTH) {
            throw new IllegalArgumentException("leafHashes[" + i + "]: must be a 32-byte hash");
        }
    }

    private static void checkNodes(List<byte[]> proof, String what) throws ProofException {
        for (int i = 0; i < proof.size(); i++) {
            byte[] p = proof.get(i);
            if (p == null || p.length != HASH_LENGTH) {
                throw new ProofException(what + ": node " + i + " is not 32 bytes");
            }
        }
    }
}
