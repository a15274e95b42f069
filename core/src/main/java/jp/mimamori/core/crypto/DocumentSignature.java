package jp.mimamori.core.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.SignatureInvalidException;

/**
 * A signature carried inside a signed JSON document, as the member
 * {@code "signature":{"alg":A,"key_id":K,"sig":S}} (docs/FORMATS.md "Keys and signatures"): the algorithm's
 * name, the signer's key id (lowercase hex SHA-256 of its SPKI DER) and the signature bytes (base64url without
 * padding in JSON). Which bytes are signed is fixed by the document's format, never by this value.
 *
 * <pre>{@code
 * DocumentSignature s = DocumentSignature.sign(signer, message);     // CryptoException if the key cannot sign
 * s.verify(verifier, message);                                      // SignatureInvalidException if not valid
 * Map<String, Object> json = s.toJson();                            // {"alg":…,"key_id":…,"sig":…}
 * }</pre>
 *
 * <p>Immutable and thread-safe; the signature bytes are copied in and out.
 *
 * @param algorithm the algorithm's name as {@link Signer#algorithmName()} gives it, such as {@code "ed25519"}
 * @param keyId     the signer's key id, 64 lowercase hex digits
 * @param value     the signature bytes
 */
public record DocumentSignature(String algorithm, String keyId, byte[] value) {
    private static final Pattern ALG = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** Largest signature accepted: far above Ed25519's 64 bytes and a DER ECDSA P-256 signature's 72. */
    public static final int MAX_SIGNATURE_BYTES = 512;

    /** Validates and copies; misuse names the field. */
    public DocumentSignature {
        if (!ALG.matcher(Objects.requireNonNull(algorithm, "algorithm")).matches()) {
            throw new IllegalArgumentException("algorithm: must match " + ALG.pattern());
        }
        if (!HEX64.matcher(Objects.requireNonNull(keyId, "keyId")).matches()) {
            throw new IllegalArgumentException("keyId: must be 64 lowercase hex digits");
        }
        Objects.requireNonNull(value, "value");
        if (value.length == 0 || value.length > MAX_SIGNATURE_BYTES) {
            throw new IllegalArgumentException("value: must be 1 to " + MAX_SIGNATURE_BYTES + " bytes");
        }
        value = value.clone();
    }

    /**
     * Signs {@code message} with {@code signer}.
     *
     * @throws CryptoException if the key cannot sign
     */
    public static DocumentSignature sign(Signer signer, byte[] message) throws CryptoException {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(message, "message");
        return new DocumentSignature(signer.algorithmName(), signer.keyId(), signer.sign(message));
    }

    /** The signature bytes (a copy). */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /**
     * Checks that this is a valid signature of {@code message} by {@code verifier}'s key: same key id, same
     * algorithm, and the signature verifies.
     *
     * @throws SignatureInvalidException naming which of the three does not hold
     */
    public void verify(Verifier verifier, byte[] message) throws SignatureInvalidException {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(message, "message");
        if (!verifier.keyId().equals(keyId)) {
            throw new SignatureInvalidException("signature: made by key " + keyId.substring(0, 16)
                    + "…, not by key " + verifier.keyId().substring(0, 16) + "…");
        }
        if (!verifier.algorithmName().equals(algorithm)) {
            throw new SignatureInvalidException("signature: algorithm " + algorithm + " does not match the key's "
                    + verifier.algorithmName());
        }
        verifier.verify(value.clone(), message);
    }

    /** The JSON member's value: {@code {"alg":…,"key_id":…,"sig":base64url}}, keys in canonical order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alg", algorithm);
        m.put("key_id", keyId);
        m.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(value));
        return m;
    }

    /**
     * The signature of a JSON member's values, as {@link #toJson()} writes them.
     *
     * @throws IllegalArgumentException naming the field that is malformed ({@code alg}, {@code key_id} or
     *                                  {@code sig}: not base64url without padding, empty or too long)
     */
    public static DocumentSignature fromJson(String alg, String keyId, String sig) {
        Objects.requireNonNull(sig, "sig");
        byte[] bytes;
        if (sig.length() > MAX_SIGNATURE_BYTES * 2 || sig.indexOf('=') >= 0) {
            throw new IllegalArgumentException("sig: must be base64url without padding, at most "
                    + MAX_SIGNATURE_BYTES + " bytes");
        }
        try {
            bytes = Base64.getUrlDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sig: must be base64url without padding");
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(sig)) {
            throw new IllegalArgumentException("sig: must be canonical base64url without padding");
        }
        if (alg == null || !ALG.matcher(alg).matches()) {
            throw new IllegalArgumentException("alg: must match " + ALG.pattern());
        }
        if (keyId == null || !HEX64.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key_id: must be 64 lowercase hex digits");
        }
        if (bytes.length == 0 || bytes.length > MAX_SIGNATURE_BYTES) {
            throw new IllegalArgumentException("sig: must be 1 to " + MAX_SIGNATURE_BYTES + " bytes");
        }
        return new DocumentSignature(alg, keyId, bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DocumentSignature d && d.algorithm.equals(algorithm) && d.keyId.equals(keyId)
                && Arrays.equals(d.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, keyId, Arrays.hashCode(value));
    }

    /** {@code DocumentSignature[alg, key id prefix]}; the signature bytes are not printed. */
    @Override
    public String toString() {
        return "DocumentSignature[" + algorithm + ", key " + keyId.substring(0, 16) + "…]";
    }
}
