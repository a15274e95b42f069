package jp.mimamori.retention.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) on the JDK's HMAC. */
public final class Hkdf {
    private Hkdf() {}

    /** HKDF-Extract then HKDF-Expand with SHA-256; {@code length} at most 255 × 32. */
    public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) throws GeneralSecurityException {
        if (length < 0 || length > 255 * 32) {
            throw new IllegalArgumentException("length: must be within 0..8160");
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        // RFC 5869 §2.2: an absent salt is HashLen zeros.
        byte[] s = salt == null || salt.length == 0 ? new byte[32] : salt;
        mac.init(new SecretKeySpec(s, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        try {
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int pos = 0;
            for (int i = 1; pos < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - pos);
                System.arraycopy(t, 0, out, pos, n);
                pos += n;
            }
            java.util.Arrays.fill(t, (byte) 0);
            return out;
        } finally {
            java.util.Arrays.fill(prk, (byte) 0);
        }
    }
}
