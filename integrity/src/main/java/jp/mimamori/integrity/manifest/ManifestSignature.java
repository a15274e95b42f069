package jp.mimamori.integrity.manifest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.Obj;

/**
 * The detached signature of a manifest ({@code manifest.sig.json} in the store), canonical JSON:
 * <pre>{@code
 * {"format":"mimamori-manifest-signature","key_id":"9f..","public_key":"MCow..","sig_alg":"ed25519",
 *  "signature":"3q..","signed_sha256":"c0..","version":1}
 * }</pre>
 * {@code signed_sha256} (SHA-256 of the manifest bytes the signature was made over) lets a verifier tell an
 * edited manifest ({@code MANIFEST_MODIFIED}) from a damaged or swapped signature ({@code SIGNATURE_INVALID});
 * {@code public_key} (SPKI DER) lets it tell an untrusted signer ({@code KEY_UNTRUSTED}) from a bad signature.
 * Neither is trusted: the key must be in the caller's trust store.
 *
 * <p>Immutable and thread-safe: byte arrays are copied in and out, and equality is by content.
 *
 * @param sigAlg       {@code "ed25519"} or {@code "ecdsa-p256-sha256"}
 * @param keyId        lowercase hex SHA-256 of {@code publicKey}
 * @param publicKey    the signer's SPKI DER
 * @param signedSha256 SHA-256 of the signed manifest bytes, 32 bytes
 * @param signature    Ed25519 signature (64 bytes) or ECDSA P-256 signature (DER) over the manifest bytes
 */
public record ManifestSignature(String sigAlg, String keyId, byte[] publicKey, byte[] signedSha256,
                                byte[] signature) {
    /** The {@code format} value. */
    public static final String FORMAT = "mimamori-manifest-signature";

    /** Validates and copies. */
    public ManifestSignature {
        if (!"ed25519".equals(sigAlg) && !"ecdsa-p256-sha256".equals(sigAlg)) {
            throw new IllegalArgumentException("sig_alg: must be \"ed25519\" or \"ecdsa-p256-sha256\"");
        }
        if (!ManifestJson.HEX64.matcher(Objects.requireNonNull(keyId, "keyId")).matches()) {
            throw new IllegalArgumentException("key_id: must be 64 lowercase hex digits");
        }
        publicKey = Objects.requireNonNull(publicKey, "publicKey").clone();
        signedSha256 = Objects.requireNonNull(signedSha256, "signedSha256").clone();
        if (signedSha256.length != 32) {
            throw new IllegalArgumentException("signed_sha256: must be 32 bytes");
        }
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** The {@code publicKey} component, as a copy: the record keeps its own. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The {@code signedSha256} component, as a copy: the record keeps its own. */
    @Override
    public byte[] signedSha256() {
        return signedSha256.clone();
    }

    /** The {@code signature} component, as a copy: the record keeps its own. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The canonical JSON bytes of this signature file. */
    public byte[] encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", 1L);
        m.put("sig_alg", sigAlg);
        m.put("key_id", keyId);
        m.put("public_key", ManifestJson.b64(publicKey));
        m.put("signed_sha256", ManifestJson.HEX.formatHex(signedSha256));
        m.put("signature", ManifestJson.b64(signature));
        return CanonicalJson.encode(m);
    }

    /** Parses a signature file; throws naming the field path on anything malformed. */
    public static ManifestSignature parse(byte[] bytes) throws ManifestFormatException {
        ManifestJson json = new ManifestJson("signature");
        Obj o = json.document(bytes, 16 * 1024, FORMAT, 1);
        Optional<String> alg = ManifestJson.sigAlg(o, "sig_alg");
        Optional<byte[]> keyId = o.hex32("key_id");
        Optional<byte[]> publicKey = o.base64url("public_key", 1024);
        Optional<byte[]> signed = o.hex32("signed_sha256");
        Optional<byte[]> signature = o.base64url("signature", 256);
        o.end();
        json.check();
        return new ManifestSignature(alg.orElseThrow(), ManifestJson.HEX.formatHex(keyId.orElseThrow()),
                publicKey.orElseThrow(), signed.orElseThrow(), signature.orElseThrow());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestSignature s && Arrays.equals(s.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "ManifestSignature[sigAlg=" + sigAlg + ", keyId=" + keyId + "]";
    }
}
