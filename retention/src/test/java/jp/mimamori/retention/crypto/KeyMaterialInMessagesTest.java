package jp.mimamori.retention.crypto;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.testing.KeyLeaks;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Keys never appear in messages (docs/SECURITY.md G30, "Key-handling rules", K3-2-3): for random keys, the
 * {@code toString} of {@link SecretBytes} and {@link KeyEncryptionKey} and the messages of every exception their
 * misuse and failures raise (a wrong KEK, a damaged or short wrapped key, keys of the wrong length) contain no run
 * of the key's hex or base64, nor of the data key's.
 */
class KeyMaterialInMessagesTest {
    static Gen<byte[]> bytes(int n) {
        return SourceDSL.longs().all().map(seed -> {
            byte[] b = new byte[n];
            new Random(seed).nextBytes(b);
            return b;
        });
    }

    static void assertNoLeak(String text, byte[] key, String what) {
        String found = KeyLeaks.find(text, key);
        assertNull(found, () -> what + " shows key material (" + found + "): " + text);
    }

    @Test
    void secretBytesAndKek_toStringAndExceptions_neverShowTheKey_G30_K3_2_3() {
        Props.theory(100).forAll(bytes(32), bytes(32), bytes(31)).checkAssert((k, dk, shortKey) -> {
            List<String> texts = new ArrayList<>();
            SecretBytes secret = SecretBytes.copyOf(k);
            texts.add(secret.toString());
            KeyEncryptionKey kek = KeyEncryptionKey.create(SecretBytes.copyOf(k));
            texts.add(kek.toString());
            texts.add(kek.id());
            texts.add(String.valueOf(kek));
            byte[] wrapped;
            try {
                wrapped = kek.wrap("cam-1/7", SecretBytes.copyOf(dk));
            } catch (CryptoException e) {
                throw new AssertionError(e);
            }
            // The wrong KEK, a flipped byte, a short wrapped key: each refused without quoting a key.
            byte[] otherKey = k.clone();
            otherKey[0] ^= 1; // another KEK, whatever the generator drew
            KeyEncryptionKey other = KeyEncryptionKey.create(SecretBytes.copyOf(otherKey));
            texts.add(KeyLeaks.messages(assertThrows(CryptoException.class, () -> other.unwrap("cam-1/7", wrapped))));
            byte[] flipped = wrapped.clone();
            flipped[20] ^= 1;
            texts.add(KeyLeaks.messages(assertThrows(CryptoException.class, () -> kek.unwrap("cam-1/7", flipped))));
            texts.add(KeyLeaks.messages(assertThrows(CryptoException.class,
                    () -> kek.unwrap("cam-1/7", Arrays.copyOf(wrapped, 40)))));
            // Keys of the wrong length: API misuse, named by field.
            texts.add(KeyLeaks.messages(assertThrows(IllegalArgumentException.class,
                    () -> KeyEncryptionKey.create(SecretBytes.copyOf(shortKey)))));
            texts.add(KeyLeaks.messages(assertThrows(IllegalArgumentException.class,
                    () -> kek.wrap("cam-1/7", SecretBytes.copyOf(shortKey)))));
            secret.destroy();
            texts.add(secret.toString());
            texts.add(KeyLeaks.messages(assertThrows(IllegalStateException.class, secret::toByteArray)));
            for (String t : texts) {
                assertNoLeak(t, k, "KEK / secret");
                assertNoLeak(t, dk, "data key");
                assertNoLeak(t, shortKey, "short key");
            }
        });
    }

    @Test
    void keyLeaks_findsAKeyInHexBase64AndInsideALargerBlob() {
        byte[] k = new byte[32];
        new Random(7).nextBytes(k);
        assertTrue(KeyLeaks.find("key=" + java.util.HexFormat.of().formatHex(k), k) != null);
        assertTrue(KeyLeaks.find(java.util.Base64.getEncoder().encodeToString(k), k) != null);
        byte[] blob = new byte[50];
        System.arraycopy(k, 0, blob, 7, 32);
        assertTrue(KeyLeaks.find(java.util.Base64.getEncoder().encodeToString(blob), k) != null, "at any alignment");
        assertNull(KeyLeaks.find("SecretBytes[32 bytes]", k));
    }
}
