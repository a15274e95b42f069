package jp.mimamori.integrity.manifest;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.VerifyingKey;

/**
 * A segment manifest with its exact signed bytes and detached signature: what a sealer returns and a store
 * keeps ({@code manifest.json} holds {@link #bytes()}, {@code manifest.sig.json} holds {@link #signature()}).
 *
 * <p>Immutable and thread-safe: byte arrays are copied in and out, and equality is by content.
 *
 * @param bytes     the canonical manifest bytes that were signed
 * @param manifest  those bytes parsed
 * @param signature the signature over them
 */
public record SignedManifest(byte[] bytes, SegmentManifest manifest, ManifestSignature signature) {
    /** Validates that the parts belong together (misuse, not verification: see the verifier). */
    public SignedManifest {
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(signature, "signature");
        if (!Arrays.equals(bytes, manifest.encode())) {
            throw new IllegalArgumentException("bytes: not the manifest's canonical encoding");
        }
    }

    /** Signs a manifest; the key's algorithm and id must be those the manifest names. */
    public static SignedManifest sign(SegmentManifest m, SigningKey key) throws CryptoException {
        return sign(m, key, List.of());
    }

    /**
     * Signs a manifest, carrying {@code certChain} (DER, leaf first; empty for none) in the signature file
     * (docs/SECURITY.md G13). The chain is carried as given: whoever configured it checked that its leaf
     * certifies the key ({@link jp.mimamori.integrity.keys.Certificates#requireCertifies}).
     */
    public static SignedManifest sign(SegmentManifest m, SigningKey key, List<byte[]> certChain)
            throws CryptoException {
        VerifyingKey vk = key.verifyingKey();
        if (!vk.keyId().equals(m.keyId())) {
            throw new IllegalArgumentException("key_id: manifest names another key than the signing key");
        }
        byte[] bytes = m.encode();
        byte[] sig = key.sign(bytes);
        return new SignedManifest(bytes, m,
                new ManifestSignature(m.sigAlg(), vk.keyId(), vk.spkiDer(), SegmentManifest.sha256(bytes), sig,
                        certChain));
    }

    /** The {@code bytes} component, as a copy: the record keeps its own. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** SHA-256 of the signed bytes. */
    public byte[] hash() {
        return SegmentManifest.sha256(bytes);
    }

    /** {@link #hash()} as lowercase hex, as erasure receipts and {@code SegmentRef} name it. */
    public String hashHex() {
        return HexFormat.of().formatHex(hash());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedManifest s && Arrays.equals(s.bytes, bytes) && s.signature.equals(signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SignedManifest[" + manifest + "]";
    }
}
