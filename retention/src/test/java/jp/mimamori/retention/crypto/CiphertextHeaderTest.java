package jp.mimamori.retention.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.retention.crypto.internal.CiphertextHeader;
import org.junit.jupiter.api.Test;

class CiphertextHeaderTest {

    @Test
    void badLengthByte_isRejectedNamingBothLengths() {
        byte[] h = new byte[40];
        h[0] = 24;
        CryptoException e = assertThrows(CryptoException.class, () -> CiphertextHeader.parse(h, 32));
        assertEquals("ciphertext header: length byte 24 does not match the expected 40", e.getMessage());
        assertEquals("ciphertext header: truncated (need 40 bytes)",
                assertThrows(CryptoException.class, () -> CiphertextHeader.parse(new byte[39], 32)).getMessage());
    }

    @Test
    void header_roundTrips() throws Exception {
        CiphertextHeader h = new CiphertextHeader(new byte[32], new byte[] {1, 2, 3, 4, 5, 6, 7});
        assertEquals(h, CiphertextHeader.parse(h.encode(), 32));
        assertEquals(40, h.encode()[0]);
    }

    /** The header parser and the decrypting stream never throw anything but CryptoException on hostile bytes. */
    @FuzzTest(maxDuration = "10s")
    void hostileCiphertext_onlyCryptoException(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            CiphertextHeader.parse(b, 32);
        } catch (CryptoException expected) {
            // allowed
        }
        try {
            StreamingSegmentCipher.create(64).decrypt(SecretBytes.copyOf(new byte[32]), new byte[0], b);
        } catch (CryptoException expected) {
            // allowed
        }
    }
}
