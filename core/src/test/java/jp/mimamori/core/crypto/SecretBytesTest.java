package jp.mimamori.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Keys never appear in logs, messages or exceptions; secret material is wiped when done (DESIGN: keys). */
class SecretBytesTest {

    @Test
    void toString_namesTheLengthOnly() {
        SecretBytes s = SecretBytes.random(32);
        String hex = HexFormat.of().formatHex(s.toByteArray());
        assertEquals("SecretBytes[32 bytes]", s.toString());
        assertFalse(s.toString().contains(hex.substring(0, 8)));
    }

    @Test
    void equalsAndHashCode_areIdentity_comparisonIsExplicitAndByContent() {
        SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2, 3});
        SecretBytes b = SecretBytes.copyOf(new byte[] {1, 2, 3});
        assertNotEquals(a, b, "equals would be a timing side channel; it is identity");
        assertEquals(a, a);
        assertTrue(a.equalsSecretBytes(b));
        assertFalse(a.equalsSecretBytes(SecretBytes.copyOf(new byte[] {1, 2, 4})));
        assertFalse(a.equalsSecretBytes(SecretBytes.copyOf(new byte[] {1, 2})));
    }

    @Test
    void copyOf_copies_andToByteArray_givesAFreshCopy() {
        byte[] in = {1, 2, 3};
        SecretBytes s = SecretBytes.copyOf(in);
        in[0] = 9;
        byte[] out = s.toByteArray();
        assertArrayEquals(new byte[] {1, 2, 3}, out);
        out[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, s.toByteArray());
        assertEquals(3, s.size());
    }

    @Test
    void destroy_zeroesInPlace_andLaterAccessFails() throws ReflectiveOperationException {
        SecretBytes s = SecretBytes.copyOf(new byte[] {1, 2, 3});
        Field f = SecretBytes.class.getDeclaredField("bytes");
        f.setAccessible(true);
        byte[] inside = (byte[]) f.get(s);
        try (SecretBytes closed = s) {
            assertFalse(closed.isDestroyed());
        }
        assertArrayEquals(new byte[3], inside, "zeroed in place");
        assertTrue(s.isDestroyed());
        assertEquals("SecretBytes[3 bytes, destroyed]", s.toString());
        assertEquals(3, s.size());
        assertThrows(IllegalStateException.class, s::toByteArray);
        assertThrows(IllegalStateException.class, () -> s.equalsSecretBytes(SecretBytes.copyOf(new byte[3])));
    }

    @Test
    void emptyOrNonPositive_isMisuse() {
        assertThrows(IllegalArgumentException.class, () -> SecretBytes.copyOf(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> SecretBytes.random(0));
    }
}
