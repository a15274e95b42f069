package jp.mimamori.integrity.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <key name> base64(key id || signature)}.
 *
 * <p>Immutable and thread-safe: byte arrays are copied in and out, and equality is by content.
 *
 * @param keyName   the signer's key name
 * @param keyId     the 32-bit key id (big-endian first four bytes of the base64 payload)
 * @param signature the signature bytes after the key id
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {
    /** Validates and copies. */
    public NoteSignature {
        Objects.requireNonNull(keyName, "keyName");
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** The {@code signature} component, as a copy: the record keeps its own. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s && s.keyName.equals(keyName) && s.keyId == keyId
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return keyName.hashCode() * 31 + keyId;
    }

    @Override
    public String toString() {
        return "NoteSignature[" + keyName + "+" + String.format("%08x", keyId) + "]";
    }
}
