package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proofs are values: copied in and out, equal by content (K3-4: a proof handed on cannot be changed). */
class ProofValuesTest {
    private static byte[] hash(int b) {
        byte[] h = new byte[32];
        h[0] = (byte) b;
        return h;
    }

    @Test
    void inclusionProof_copiesItsHashes_andIsEqualByContent() {
        byte[] sibling = hash(1);
        List<byte[]> path = new ArrayList<>(List.of(sibling));
        InclusionProof p = new InclusionProof(0, 2, path);
        sibling[0] = 9;
        path.add(hash(2));
        p.path().get(0)[0] = 7;
        assertEquals(1, p.path().size());
        assertArrayEquals(hash(1), p.path().get(0));
        assertEquals(new InclusionProof(0, 2, List.of(hash(1))), p);
        assertEquals(new InclusionProof(0, 2, List.of(hash(1))).hashCode(), p.hashCode());
        assertNotEquals(new InclusionProof(0, 2, List.of(hash(3))), p);
        assertNotEquals(new InclusionProof(1, 2, List.of(hash(1))), p);
    }

    @Test
    void consistencyProof_copiesItsHashes_andIsEqualByContent() {
        byte[] h = hash(4);
        ConsistencyProof p = new ConsistencyProof(1, 3, List.of(h, hash(5)));
        h[0] = 0;
        p.path().get(1)[0] = 0;
        assertEquals(new ConsistencyProof(1, 3, List.of(hash(4), hash(5))), p);
        assertEquals(new ConsistencyProof(1, 3, List.of(hash(4), hash(5))).hashCode(), p.hashCode());
        assertNotEquals(new ConsistencyProof(1, 4, List.of(hash(4), hash(5))), p);
    }

    @Test
    void treeHead_isEqualByContent() {
        byte[] root = hash(6);
        TreeHead t = new TreeHead(5, root);
        root[0] = 0;
        t.rootHash()[0] = 0;
        assertEquals(new TreeHead(5, hash(6)), t);
        assertEquals(new TreeHead(5, hash(6)).hashCode(), t.hashCode());
    }
}
