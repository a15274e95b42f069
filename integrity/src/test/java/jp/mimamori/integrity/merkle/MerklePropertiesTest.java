package jp.mimamori.integrity.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Properties of RFC 9162 proofs (DESIGN.md: exactly RFC 9162 §2.1; issue 4: every generated proof verifies,
 * any change to leaf, index, size or one proof node fails).
 *
 * <p>One honest refinement about sizes: RFC 9162 proofs do not authenticate the tree size by themselves. The
 * verifier's computation depends only on the proof's <em>shape</em> (its length and on which side each
 * sibling sits), and two sizes can share a shape — leaf 0 of a 3-leaf tree and of a 4-leaf tree both have a
 * two-node path with both siblings on the right. So the size property checked here is exact: a changed size
 * verifies if and only if its shape, derived independently from the RFC's recursive definitions, is the same.
 * Binding a root to its size is the job of the signed document that carries both (manifest, checkpoint).
 */
class MerklePropertiesTest {
    static List<byte[]> leaves(long seed, int n) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] d = new byte[r.nextInt(40)];
            r.nextBytes(d);
            out.add(Merkle.leafHash(d));
        }
        return out;
    }

    private static byte[] flip(byte[] h, int bit) {
        byte[] c = h.clone();
        c[(bit >>> 3) % c.length] ^= (byte) (1 << (bit & 7));
        return c;
    }

    private static boolean inclusionVerifies(byte[] leaf, long index, long size, List<byte[]> proof, byte[] root) {
        try {
            Merkle.verifyInclusion(leaf, index, size, proof, root);
            return true;
        } catch (ProofException e) {
            return false;
        }
    }

    private static boolean consistencyVerifies(long m, long n, List<byte[]> proof, byte[] r1, byte[] r2) {
        try {
            Merkle.verifyConsistency(m, n, proof, r1, r2);
            return true;
        } catch (ProofException e) {
            return false;
        }
    }

    /** RFC 9162 §2.1.3.1 PATH's sibling sides, straight from the recursive definition ('R' = sibling right). */
    static String inclusionShape(long m, long n) {
        if (n <= 1) {
            return "";
        }
        long k = Long.highestOneBit(n - 1);
        return m < k ? inclusionShape(m, k) + "R" : inclusionShape(m - k, n - k) + "L";
    }

    /** RFC 9162 §2.1.4.1 SUBPROOF's shape: how the proof starts ('S' old root, 'P' a proof node) and sides. */
    static String consistencyShape(long m, long n, boolean b) {
        if (m == n) {
            return b ? "S" : "P";
        }
        long k = Long.highestOneBit(n - 1);
        return m <= k ? consistencyShape(m, k, b) + "R" : consistencyShape(m - k, n - k, false) + "L";
    }

    @Test
    @DisplayName("S-format: every generated inclusion proof verifies; a changed leaf, index or node fails")
    void inclusionProofs_verify_andEverySingleMutationFails() {
        Props.theory(150).forAll(longs().all(), integers().between(1, 300), integers().between(0, 1 << 20))
                .check((seed, n, pick) -> {
                    List<byte[]> tree = leaves(seed, n);
                    byte[] root = Merkle.root(tree);
                    int i = pick % n;
                    List<byte[]> proof = Merkle.inclusionProof(tree, i);
                    byte[] leaf = tree.get(i);
                    if (!inclusionVerifies(leaf, i, n, proof, root)) {
                        return false;
                    }
                    if (inclusionVerifies(flip(leaf, pick), i, n, proof, root)
                            || inclusionVerifies(leaf, i, n, proof, flip(root, pick))) {
                        return false;
                    }
                    for (long other : new long[] {i + 1, i - 1, i ^ (1L << (pick % 9)), -1L, n, Long.MIN_VALUE}) {
                        if (other != i && inclusionVerifies(leaf, other, n, proof, root)) {
                            return false;
                        }
                    }
                    for (int k = 0; k < proof.size(); k++) {
                        List<byte[]> bad = new ArrayList<>(proof);
                        bad.set(k, flip(proof.get(k), pick + k));
                        List<byte[]> shorter = new ArrayList<>(proof);
                        shorter.remove(k);
                        List<byte[]> longer = new ArrayList<>(proof);
                        longer.add(k, proof.get(k));
                        if (inclusionVerifies(leaf, i, n, bad, root) || inclusionVerifies(leaf, i, n, shorter, root)
                                || inclusionVerifies(leaf, i, n, longer, root)) {
                            return false;
                        }
                    }
                    List<byte[]> extra = new ArrayList<>(proof);
                    extra.add(root);
                    return !inclusionVerifies(leaf, i, n, extra, root);
                });
    }

    @Test
    @DisplayName("S-format: a changed tree size verifies exactly when RFC 9162 gives the same proof shape")
    void inclusionProof_withChangedSize_verifiesIffShapeIsTheSame() {
        Props.theory(150).forAll(longs().all(), integers().between(1, 300), integers().between(0, 1 << 20))
                .check((seed, n, pick) -> {
                    List<byte[]> tree = leaves(seed, n);
                    byte[] root = Merkle.root(tree);
                    int i = pick % n;
                    List<byte[]> proof = Merkle.inclusionProof(tree, i);
                    for (long s : new long[] {n + 1, n - 1, n * 2L, n / 2, n ^ (1L << (pick % 10)), n + 64}) {
                        if (s == n) {
                            continue;
                        }
                        boolean expected = s > i && inclusionShape(i, s).equals(inclusionShape(i, n));
                        if (inclusionVerifies(tree.get(i), i, s, proof, root) != expected) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    @Test
    @DisplayName("S-format: every generated consistency proof verifies; a changed root, size or node fails")
    void consistencyProofs_verify_andEverySingleMutationFails() {
        Props.theory(150).forAll(longs().all(), integers().between(2, 300), integers().between(0, 1 << 20))
                .check((seed, n, pick) -> {
                    List<byte[]> tree = leaves(seed, n);
                    int m = 1 + pick % (n - 1); // 1 ≤ m < n
                    byte[] r1 = Merkle.root(tree.subList(0, m));
                    byte[] r2 = Merkle.root(tree);
                    List<byte[]> proof = Merkle.consistencyProof(tree, m);
                    if (!consistencyVerifies(m, n, proof, r1, r2)) {
                        return false;
                    }
                    if (consistencyVerifies(m, n, proof, flip(r1, pick), r2)
                            || consistencyVerifies(m, n, proof, r1, flip(r2, pick))
                            || consistencyVerifies(m, n, proof, r2, r1)) {
                        return false;
                    }
                    String shape = consistencyShape(m, n, true);
                    for (long[] sizes : new long[][] {{m + 1, n}, {m - 1, n}, {m, n + 1}, {m, n - 1}, {m, n * 2L},
                            {m ^ (1L << (pick % 9)), n}, {n, m}}) {
                        long a = sizes[0];
                        long b = sizes[1];
                        if (a == m && b == n) {
                            continue;
                        }
                        boolean expected = a > 0 && a < b && consistencyShape(a, b, true).equals(shape);
                        if (consistencyVerifies(a, b, proof, r1, r2) != expected) {
                            return false;
                        }
                    }
                    for (int k = 0; k < proof.size(); k++) {
                        List<byte[]> bad = new ArrayList<>(proof);
                        bad.set(k, flip(proof.get(k), pick + k));
                        List<byte[]> shorter = new ArrayList<>(proof);
                        shorter.remove(k);
                        if (consistencyVerifies(m, n, bad, r1, r2) || consistencyVerifies(m, n, shorter, r1, r2)) {
                            return false;
                        }
                    }
                    List<byte[]> extra = new ArrayList<>(proof);
                    extra.add(r2);
                    return !consistencyVerifies(m, n, extra, r1, r2);
                });
    }

    @Test
    @DisplayName("S-format: the accumulator's root equals the RFC 9162 root at every size, and restores")
    void accumulator_matchesRootAtEveryPrefix_andRestoresFromCompactRange() {
        Props.theory(60).forAll(longs().all(), integers().between(0, 200)).check((seed, n) -> {
            List<byte[]> tree = leaves(seed, n);
            MerkleAccumulator acc = new MerkleAccumulator();
            for (int i = 0; i <= n; i++) {
                if (!java.util.Arrays.equals(acc.root(), Merkle.root(tree.subList(0, i)))) {
                    return false;
                }
                MerkleAccumulator restored = MerkleAccumulator.restore(acc.size(), acc.compactRange());
                MerkleAccumulator copy = acc.copy();
                if (i < n) {
                    acc.append(tree.get(i));
                    restored.append(tree.get(i));
                    copy.append(tree.get(i));
                    if (!java.util.Arrays.equals(acc.root(), restored.root())
                            || !java.util.Arrays.equals(acc.root(), copy.root())) {
                        return false;
                    }
                }
            }
            return acc.size() == n;
        });
    }

    @Test
    @DisplayName("S-format: proofs from a range hasher equal proofs from the list of leaves")
    void rangeHasherProofs_equalListProofs() {
        Props.theory(100).forAll(longs().all(), integers().between(1, 200), integers().between(0, 1 << 20))
                .check((seed, n, pick) -> {
                    List<byte[]> tree = leaves(seed, n);
                    Merkle.RangeHasher h = (from, to) -> Merkle.root(tree.subList((int) from, (int) to));
                    int i = pick % n;
                    int m = pick % (n + 1);
                    return sameHashes(Merkle.inclusionProof(tree, i), Merkle.inclusionProof(h, i, n))
                            && sameHashes(Merkle.consistencyProof(tree, m), Merkle.consistencyProof(h, m, n));
                });
    }

    private static boolean sameHashes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void appendData_hashesAsLeaf() {
        byte[] data = "frame".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        MerkleAccumulator a = new MerkleAccumulator();
        a.appendData(data, 0, data.length);
        a.appendData(java.nio.ByteBuffer.wrap(data));
        assertArrayEquals(Merkle.root(List.of(Merkle.leafHash(data), Merkle.leafHash(data))), a.root());
        assertArrayEquals(Merkle.emptyRoot(), new MerkleAccumulator().root());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                java.util.HexFormat.of().formatHex(Merkle.root(List.of())));
    }

    @Test
    void misuse_isIllegalArgument() {
        List<byte[]> tree = leaves(1, 5);
        assertEquals("index: 5 is not in [0, 5)", assertThrows(IllegalArgumentException.class,
                () -> Merkle.inclusionProof(tree, 5)).getMessage());
        assertEquals("oldSize: 6 is not in [0, 5]", assertThrows(IllegalArgumentException.class,
                () -> Merkle.consistencyProof(tree, 6)).getMessage());
        assertEquals("leafHashes[0]: must be a 32-byte hash", assertThrows(IllegalArgumentException.class,
                () -> Merkle.root(List.of(new byte[31]))).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MerkleAccumulator.restore(3, List.of(new byte[32])));
        assertEquals("inclusion proof: leaf index 18446744073709551615 is not below tree size 5",
                assertThrows(ProofException.class, () -> Merkle.verifyInclusion(tree.get(0), -1L, 5,
                        List.of(), Merkle.root(tree))).getMessage());
    }
}
