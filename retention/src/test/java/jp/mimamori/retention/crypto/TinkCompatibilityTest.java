package jp.mimamori.retention.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** K3-2-3 crypto-erase: our segment ciphertext is Tink's AES-GCM-HKDF streaming format, in both directions. */
class TinkCompatibilityTest {
    @TempDir
    Path dir;

    private static AesGcmHkdfStreaming tink(byte[] key, int segmentSize) throws Exception {
        return new AesGcmHkdfStreaming(key, "HmacSha256", 32, segmentSize, 0);
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    @DisplayName("K3-2-3: what we encrypt, Tink decrypts; what Tink encrypts, we decrypt (segment and size edges)")
    void bothDirections_segmentBoundaries() throws Exception {
        Random r = new Random(Props.seed());
        for (int seg : new int[] {64, 100, 4096, StreamingSegmentCipher.DEFAULT_SEGMENT_SIZE}) {
            StreamingSegmentCipher ours = StreamingSegmentCipher.create(seg);
            int first = seg - 56;
            int rest = seg - 16;
            for (int n : new int[] {0, 1, first - 1, first, first + 1, first + rest, first + rest + 1,
                first + 3 * rest - 1, seg * 3 + 7}) {
                byte[] key = bytes(r, 32);
                byte[] aad = ("cam-1/" + n).getBytes();
                byte[] pt = bytes(r, n);
                byte[] ct = ours.encrypt(SecretBytes.copyOf(key), aad, pt);
                assertEquals(tink(key, seg).expectedCiphertextSize(n), ct.length, "size " + seg + "/" + n);
                try (InputStream in = tink(key, seg).newDecryptingStream(new ByteArrayInputStream(ct), aad)) {
                    assertArrayEquals(pt, in.readAllBytes(), "Tink decrypts ours " + seg + "/" + n);
                }
                ByteArrayOutputStream tct = new ByteArrayOutputStream();
                try (OutputStream out = tink(key, seg).newEncryptingStream(tct, aad)) {
                    out.write(pt);
                }
                assertArrayEquals(pt, ours.decrypt(SecretBytes.copyOf(key), aad, tct.toByteArray()),
                        "we decrypt Tink's " + seg + "/" + n);
            }
        }
    }

    @Test
    void randomSizes_roundTripWithTink() {
        Props.theory(40).forAll(integers().between(0, 3000), integers().between(57, 700)).checkAssert((n, seg) -> {
            try {
                Random r = new Random(n * 31L + seg);
                byte[] key = bytes(r, 32);
                byte[] pt = bytes(r, n);
                byte[] ct = StreamingSegmentCipher.create(seg).encrypt(SecretBytes.copyOf(key), new byte[0], pt);
                try (InputStream in = tink(key, seg).newDecryptingStream(new ByteArrayInputStream(ct),
                        new byte[0])) {
                    assertArrayEquals(pt, in.readAllBytes());
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    @DisplayName("Random access by chunk: segment i of a Tink ciphertext decrypts alone")
    void decryptSegment_randomAccessOnTinkCiphertext() throws Exception {
        Random r = new Random(7);
        byte[] key = bytes(r, 32);
        byte[] pt = bytes(r, 1000);
        ByteArrayOutputStream tct = new ByteArrayOutputStream();
        try (OutputStream out = tink(key, 128).newEncryptingStream(tct, "a".getBytes())) {
            out.write(pt);
        }
        Path f = dir.resolve("c.seg");
        Files.write(f, tct.toByteArray());
        StreamingSegmentCipher ours = StreamingSegmentCipher.create(128);
        try (SeekableByteChannel ch = Files.newByteChannel(f)) {
            assertArrayEquals(Arrays.copyOfRange(pt, 0, 72),
                    ours.decryptSegment(SecretBytes.copyOf(key), "a".getBytes(), ch, 0));
            assertArrayEquals(Arrays.copyOfRange(pt, 72 + 112 * 2, 72 + 112 * 3),
                    ours.decryptSegment(SecretBytes.copyOf(key), "a".getBytes(), ch, 3));
            long last = ours.segmentCount(1000) - 1;
            assertArrayEquals(Arrays.copyOfRange(pt, 72 + 112 * (int) (last - 1), 1000),
                    ours.decryptSegment(SecretBytes.copyOf(key), "a".getBytes(), ch, last));
        }
    }

    @Test
    @DisplayName("Truncation, extension, a flipped bit, the wrong associated data each fail authentication")
    void tampering_isDetected() throws Exception {
        Random r = new Random(9);
        byte[] key = bytes(r, 32);
        StreamingSegmentCipher c = StreamingSegmentCipher.create(100);
        byte[] ct = c.encrypt(SecretBytes.copyOf(key), "x".getBytes(), bytes(r, 500));
        SecretBytes k = SecretBytes.copyOf(key);
        assertThrows(CryptoException.class, () -> c.decrypt(k, "x".getBytes(), Arrays.copyOf(ct, 300)));
        assertThrows(CryptoException.class, () -> c.decrypt(k, "x".getBytes(), Arrays.copyOf(ct, ct.length - 1)));
        assertThrows(CryptoException.class, () -> c.decrypt(k, "x".getBytes(), Arrays.copyOf(ct, ct.length + 16)));
        byte[] flipped = ct.clone();
        flipped[150] ^= 1;
        assertThrows(CryptoException.class, () -> c.decrypt(k, "x".getBytes(), flipped));
        assertThrows(CryptoException.class, () -> c.decrypt(k, "y".getBytes(), ct));
        CryptoException e = assertThrows(CryptoException.class,
                () -> c.decrypt(SecretBytes.copyOf(bytes(r, 32)), "x".getBytes(), ct));
        assertEquals("segment 0: authentication failed (wrong key, associated data, or a modified, truncated "
                + "or reordered ciphertext)", e.getMessage());
    }

    @Test
    void segmentSizeAboveOneMebibyte_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamingSegmentCipher.create((1 << 20) + 1));
        assertEquals("segmentSize: must be within 57..1048576, was 1048577", e.getMessage());
    }
}
