package jp.mimamori.integrity.seal.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The chain state is a value: its hash is copied in and out, and equality is by content. */
class ChainStateTest {
    @Test
    void chainState_copiesItsHash_andIsEqualByContent() throws Exception {
        byte[] h = new byte[32];
        h[3] = 3;
        ChainState s = new ChainState("cam-01", 8, h, 8);
        h[3] = 0;
        s.lastManifestHash()[3] = 0;
        byte[] want = new byte[32];
        want[3] = 3;
        assertArrayEquals(want, s.lastManifestHash());
        assertEquals(new ChainState("cam-01", 8, want, 8), s);
        assertEquals(new ChainState("cam-01", 8, want, 8).hashCode(), s.hashCode());
        assertEquals(s, ChainState.parse(s.encode()));
        assertNotEquals(new ChainState("cam-01", 8, want, -1), s);
    }
}
