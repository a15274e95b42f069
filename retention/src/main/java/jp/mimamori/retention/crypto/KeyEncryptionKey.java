package jp.mimamori.retention.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;

/**
 * The key-encryption key (KEK) that wraps every data key in a {@link KeyVault}: AES-256-GCM with a random
 * 12-byte nonce and the data key's id as associated data. The application keeps the KEK elsewhere (an HSM,
 * the OS key store, a file readable only by the recorder's service account); the vault alone reveals nothing.
 *
 * <p>Destroying a data key destroys its wrapped copy. The KEK itself is not erased per segment: it is
 * shared, and per NIST SP 800-88 a key shared by many segments cannot erase them one at a time — which is
 * exactly why every segment has its own data key.
 *
 * <p>Thread-safe: the key is immutable and each thread uses its own cipher.
 */
public final class KeyEncryptionKey {
    /** Wrapped data key length: nonce 12 + key 32 + tag 16. */
    public static final int WRAPPED_LENGTH = 12 + 32 + 16;
    private static final byte[] AAD_PREFIX = "mimamori-vault-v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretBytes key;
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required of every Java platform", e);
        }
    });

    private KeyEncryptionKey(SecretBytes key) {
        this.key = key;
    }

    /** A KEK from 32 secret bytes. */
    public static KeyEncryptionKey create(SecretBytes key) {
        if (key == null || key.size() != 32) {
            throw new IllegalArgumentException("key: a key-encryption key must be 32 bytes (AES-256)");
        }
        return new KeyEncryptionKey(key);
    }

    /** A fresh random KEK. */
    public static KeyEncryptionKey generate() {
        return new KeyEncryptionKey(SecretBytes.random(32));
    }

    /** The raw KEK for the application to store; zero the copy when done. */
    public byte[] exportBytes() {
        return key.toByteArray();
    }

    /**
     * A 16-byte check value, HMAC-SHA256(KEK, "mimamori key vault kek check v1") truncated, written into the
     * vault so a wrong KEK is reported as such rather than as corrupt entries. It reveals nothing of the key.
     */
    public byte[] checkValue() {
        byte[] k = key.toByteArray();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal("mimamori key vault kek check v1".getBytes(StandardCharsets.US_ASCII)),
                    16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** A short public id of this KEK (hex of the check value's first 8 bytes), for receipts and messages. */
    public String id() {
        return HexFormat.of().formatHex(Arrays.copyOf(checkValue(), 8));
    }

    /** Wraps a 32-byte data key bound to {@code keyId}. */
    public byte[] wrap(String keyId, SecretBytes dataKey) throws CryptoException {
        if (dataKey.size() != 32) {
            throw new IllegalArgumentException("dataKey: must be 32 bytes");
        }
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] k = key.toByteArray();
        byte[] dk = dataKey.toByteArray();
        try {
            Cipher c = GCM.get();
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad(keyId));
            byte[] out = new byte[WRAPPED_LENGTH];
            System.arraycopy(nonce, 0, out, 0, 12);
            c.doFinal(dk, 0, dk.length, out, 12);
            return out;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("wrapping data key " + keyId + " failed", e);
        } finally {
            Arrays.fill(k, (byte) 0);
            Arrays.fill(dk, (byte) 0);
        }
    }

    /** Unwraps a data key; fails if the wrapped bytes, the id or the KEK do not match. */
    public SecretBytes unwrap(String keyId, byte[] wrapped) throws CryptoException {
        if (wrapped == null || wrapped.length != WRAPPED_LENGTH) {
            throw new CryptoException("wrapped key " + keyId + ": must be " + WRAPPED_LENGTH + " bytes");
        }
        byte[] k = key.toByteArray();
        byte[] dk = null;
        try {
            Cipher c = GCM.get();
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, wrapped, 0, 12));
            c.updateAAD(aad(keyId));
            dk = c.doFinal(wrapped, 12, WRAPPED_LENGTH - 12);
            return SecretBytes.copyOf(dk);
        } catch (AEADBadTagException e) {
            throw new CryptoException("wrapped key " + keyId + ": does not authenticate under this KEK");
        } catch (GeneralSecurityException e) {
            throw new CryptoException("unwrapping data key " + keyId + " failed", e);
        } finally {
            Arrays.fill(k, (byte) 0);
            if (dk != null) {
                Arrays.fill(dk, (byte) 0);
            }
        }
    }

    private static byte[] aad(String keyId) {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] a = Arrays.copyOf(AAD_PREFIX, AAD_PREFIX.length + id.length);
        System.arraycopy(id, 0, a, AAD_PREFIX.length, id.length);
        return a;
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[id=" + id() + "]";
    }
}
