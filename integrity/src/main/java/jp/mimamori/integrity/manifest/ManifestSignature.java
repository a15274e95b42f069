package jp.mimamori.integrity.manifest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>{@code cert_chain} (optional, docs/SECURITY.md G13) carries the signer's X.509 certificate chain, DER
 * certificates leaf first, each base64url without padding; it is absent when the recorder has no chain, so a
 * signature file without one is byte for byte what it was before the field existed. It is not signed and not
 * trusted either: the verifier offers it to the caller's trust store, which trusts the key only when the leaf
 * certifies it and the chain ends at one of <em>its</em> CA certificates, valid at the recording time. A chain
 * of more than {@link #MAX_CHAIN} certificates parses (the file's 16 KiB bound holds) but vouches for nothing.
 *
 * <p>Immutable and thread-safe: byte arrays are copied in and out, and equality is by content.
 *
 * @param sigAlg       {@code "ed25519"} or {@code "ecdsa-p256-sha256"}
 * @param keyId        lowercase hex SHA-256 of {@code publicKey}
 * @param publicKey    the signer's SPKI DER
 * @param signedSha256 SHA-256 of the signed manifest bytes, 32 bytes
 * @param signature    Ed25519 signature (64 bytes) or ECDSA P-256 signature (DER) over the manifest bytes
 * @param certChain    the signer's certificate chain, DER, leaf first; empty when none is carried
 */
public record ManifestSignature(String sigAlg, String keyId, byte[] publicKey, byte[] signedSha256,
                                byte[] signature, List<byte[]> certChain) {
    /** The {@code format} value. */
    public static final String FORMAT = "mimamori-manifest-signature";

    /** The most certificates a carried chain may have to vouch for a key (leaf, intermediates, up to the CA). */
    public static final int MAX_CHAIN = 4;

    /** The most bytes one certificate of {@code cert_chain} may decode to. */
    static final int MAX_CERT_BYTES = 8 * 1024;

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
        List<byte[]> chain = new ArrayList<>();
        for (byte[] c : Objects.requireNonNull(certChain, "certChain")) {
            if (Objects.requireNonNull(c, "certChain[]").length == 0) {
                throw new IllegalArgumentException("cert_chain: a certificate is empty");
            }
            chain.add(c.clone());
        }
        certChain = List.copyOf(chain);
    }

    /** A signature file without a certificate chain. */
    public ManifestSignature(String sigAlg, String keyId, byte[] publicKey, byte[] signedSha256, byte[] signature) {
        this(sigAlg, keyId, publicKey, signedSha256, signature, List.of());
    }

    /** The {@code certChain} component, as copies: the record keeps its own. */
    @Override
    public List<byte[]> certChain() {
        return certChain.stream().map(byte[]::clone).toList();
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
        if (!certChain.isEmpty()) {
            m.put("cert_chain", certChain.stream().map(ManifestJson::b64).toList());
        }
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
        List<byte[]> chain = new ArrayList<>();
        if (o.has("cert_chain")) {
            // Absent means none, so an empty array is not a second spelling of it; the count is the trust
            // store's business (KEY_UNTRUSTED above MAX_CHAIN), the 16 KiB file bound is the parser's.
            List<String> items = o.texts("cert_chain", true, ManifestJson.B64URL, "パディングなしのbase64url",
                    "base64url without padding");
            if (items.isEmpty()) {
                o.problem("cert_chain", ManifestJson.REQ, "空の配列は書きません(証明書がなければ項目ごと省きます)",
                        "must not be empty (absent when there is no chain)");
            }
            for (int i = 0; i < items.size(); i++) {
                String v = items.get(i);
                if (v.isEmpty() || v.length() % 4 == 1 || v.length() > MAX_CERT_BYTES * 4 / 3 + 4) {
                    o.problem("cert_chain", ManifestJson.REQ, i + " 番目の証明書が空か長すぎるか base64url ではありません",
                            "entry " + i + " is empty, longer than " + MAX_CERT_BYTES + " bytes or not base64url");
                    continue;
                }
                try {
                    chain.add(java.util.Base64.getUrlDecoder().decode(v));
                } catch (IllegalArgumentException e) {
                    o.problem("cert_chain", ManifestJson.REQ, i + " 番目の証明書が base64url ではありません",
                            "entry " + i + " is not base64url");
                }
            }
        }
        o.end();
        json.check();
        return new ManifestSignature(alg.orElseThrow(), ManifestJson.HEX.formatHex(keyId.orElseThrow()),
                publicKey.orElseThrow(), signed.orElseThrow(), signature.orElseThrow(), chain);
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
        return "ManifestSignature[sigAlg=" + sigAlg + ", keyId=" + keyId + ", certChain=" + certChain.size() + "]";
    }
}
