package jp.mimamori.retention.crypto.internal;

import jp.mimamori.core.error.CryptoException;

/**
 * The header of an AES-GCM-HKDF streaming ciphertext (Tink's wire format): one byte giving the header length,
 * the HKDF salt (as long as the derived key) and a 7-byte nonce prefix.
 *
 * @param salt        HKDF salt, 16 or 32 bytes
 * @param noncePrefix the 7 bytes every segment nonce starts with
 */
public record CiphertextHeader(byte[] salt, byte[] noncePrefix) {
    /** Length of the nonce prefix in bytes. */
    public static final int NONCE_PREFIX_LENGTH = 7;

    /** Validates lengths and copies. */
    public CiphertextHeader {
        if (salt == null || (salt.length != 16 && salt.length != 32)) {
            throw new IllegalArgumentException("salt: must be 16 or 32 bytes");
        }
        if (noncePrefix == null || noncePrefix.length != NONCE_PREFIX_LENGTH) {
            throw new IllegalArgumentException("noncePrefix: must be 7 bytes");
        }
        salt = salt.clone();
        noncePrefix = noncePrefix.clone();
    }

    /** The encoded length: 1 + salt + 7. */
    public int length() {
        return 1 + salt.length + NONCE_PREFIX_LENGTH;
    }

    /** The encoded header bytes. */
    public byte[] encode() {
        byte[] out = new byte[length()];
        out[0] = (byte) length();
        System.arraycopy(salt, 0, out, 1, salt.length);
        System.arraycopy(noncePrefix, 0, out, 1 + salt.length, NONCE_PREFIX_LENGTH);
        return out;
    }

    /**
     * Parses the header at the start of {@code data} for a derived key of {@code keySize} bytes. Never throws
     * anything but {@link CryptoException} on hostile input.
     */
    public static CiphertextHeader parse(byte[] data, int keySize) throws CryptoException {
        if (keySize != 16 && keySize != 32) {
            throw new IllegalArgumentException("keySize: must be 16 or 32");
        }
        int expected = 1 + keySize + NONCE_PREFIX_LENGTH;
        if (data == null || data.length < expected) {
            throw new CryptoException("ciphertext header: truncated (need " + expected + " bytes)");
        }
        if ((data[0] & 0xff) != expected) {
            throw new CryptoException("ciphertext header: length byte " + (data[0] & 0xff)
                    + " does not match the expected " + expected);
        }
        byte[] salt = java.util.Arrays.copyOfRange(data, 1, 1 + keySize);
        byte[] prefix = java.util.Arrays.copyOfRange(data, 1 + keySize, expected);
        return new CiphertextHeader(salt, prefix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CiphertextHeader h && java.util.Arrays.equals(salt, h.salt)
                && java.util.Arrays.equals(noncePrefix, h.noncePrefix);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(salt) * 31 + java.util.Arrays.hashCode(noncePrefix);
    }

    @Override
    public String toString() {
        return "CiphertextHeader[" + length() + " bytes]";
    }
}
