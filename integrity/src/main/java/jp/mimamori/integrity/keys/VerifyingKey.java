package jp.mimamori.integrity.keys;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import jp.mimamori.core.crypto.Verifier;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.SignatureInvalidException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A public key that verifies signatures: Ed25519 or ECDSA P-256. Immutable and thread-safe; the decoded key
 * is kept, so {@link #verify} does not re-parse anything.
 *
 * <pre>{@code
 * VerifyingKey key = VerifyingKey.fromPem(Files.readString(Path.of("public.pem")));
 * key.verify(signature, manifestBytes);   // throws SignatureInvalidException if it does not verify
 * String id = key.keyId();                // lowercase hex SHA-256 of the SPKI DER
 * }</pre>
 *
 * <p>{@link #spkiDer()} is the canonical DER SubjectPublicKeyInfo — for P-256 with the uncompressed point,
 * as {@code openssl pkey -pubout} writes it — and the key id is computed over it, so a key read in compressed
 * form gets the same id as the same key uncompressed.
 *
 * <p>Signature formats accepted by {@link #verify}: Ed25519 — exactly 64 bytes (RFC 8032, Bouncy Castle's
 * checks: S &lt; L, canonical R and A); P-256 — the DER encoding only (strict: no BER, no trailing bytes, no
 * raw IEEE P1363 {@code r||s}); both low and high S verify.
 */
public final class VerifyingKey implements Verifier {
    private final SignatureAlgorithm algorithm;
    private final byte[] spkiDer;
    private final String keyId;
    private final Ed25519PublicKeyParameters ed;
    private final ECPublicKeyParameters ec;

    private VerifyingKey(SignatureAlgorithm algorithm, byte[] spkiDer, Ed25519PublicKeyParameters ed,
            ECPublicKeyParameters ec) {
        this.algorithm = algorithm;
        this.spkiDer = spkiDer;
        this.ed = ed;
        this.ec = ec;
        this.keyId = HexFormat.of().formatHex(P256.sha256(spkiDer));
    }

    /** An Ed25519 key from its 32-byte RFC 8032 encoding. */
    public static VerifyingKey fromRawEd25519(byte[] raw) throws CryptoException {
        if (raw == null || raw.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new CryptoException("Ed25519 public key: must be 32 bytes");
        }
        if (!Ed25519.validatePublicKeyPartial(raw, 0)) {
            throw new CryptoException("Ed25519 public key: not a valid curve point");
        }
        Ed25519PublicKeyParameters p = new Ed25519PublicKeyParameters(raw, 0);
        return new VerifyingKey(SignatureAlgorithm.ED25519,
                der(new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), raw)), p,
                null);
    }

    static VerifyingKey fromP256Point(ECPoint q) throws CryptoException {
        ECPublicKeyParameters p;
        try {
            p = new ECPublicKeyParameters(q, P256.DOMAIN); // validates: on the curve, not infinity
        } catch (IllegalArgumentException e) {
            throw new CryptoException("P-256 public key: not a valid curve point");
        }
        AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                SECObjectIdentifiers.secp256r1);
        return new VerifyingKey(SignatureAlgorithm.ECDSA_P256,
                der(new SubjectPublicKeyInfo(alg, p.getQ().getEncoded(false))), null, p);
    }

    /** A key from DER SubjectPublicKeyInfo (Ed25519, or EC with the named curve P-256). */
    public static VerifyingKey fromSpkiDer(byte[] spkiDer) throws CryptoException {
        if (spkiDer == null) {
            throw new CryptoException("public key: no SPKI (null)");
        }
        SubjectPublicKeyInfo spki;
        try {
            spki = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(spkiDer));
        } catch (IOException | RuntimeException e) {
            throw new CryptoException("public key: not a DER SubjectPublicKeyInfo", e);
        }
        if (spki == null) {
            throw new CryptoException("public key: not a DER SubjectPublicKeyInfo");
        }
        return fromSpki(spki);
    }

    static VerifyingKey fromSpki(SubjectPublicKeyInfo spki) throws CryptoException {
        try {
            ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
            byte[] bits = spki.getPublicKeyData().getOctets();
            if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
                if (spki.getAlgorithm().getParameters() != null) {
                    throw new CryptoException("Ed25519 public key: algorithm parameters must be absent (RFC 8410)");
                }
                return fromRawEd25519(bits);
            }
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
                if (!SECObjectIdentifiers.secp256r1.equals(spki.getAlgorithm().getParameters())) {
                    throw new CryptoException("EC public key: only the named curve P-256 (prime256v1) is supported");
                }
                ECPoint q;
                try {
                    q = P256.DOMAIN.getCurve().decodePoint(bits);
                } catch (IllegalArgumentException e) {
                    throw new CryptoException("P-256 public key: not a valid point encoding");
                }
                return fromP256Point(q);
            }
            throw new CryptoException("public key: unsupported algorithm " + oid.getId()
                    + " (supported: Ed25519, ECDSA P-256)");
        } catch (RuntimeException e) {
            throw new CryptoException("public key: malformed SubjectPublicKeyInfo", e);
        }
    }

    /** A key from PEM {@code PUBLIC KEY} text (SPKI), as {@code openssl pkey -pubout} writes it. */
    public static VerifyingKey fromPem(String spkiPem) throws CryptoException {
        return fromSpkiDer(Pem.readOne(spkiPem, "PUBLIC KEY", "public key PEM"));
    }

    /** PEM {@code PUBLIC KEY} text of {@link #spkiDer()}. */
    public String toPem() {
        return Pem.write("PUBLIC KEY", spkiDer);
    }

    /** The canonical DER SubjectPublicKeyInfo (a copy). */
    public byte[] spkiDer() {
        return spkiDer.clone();
    }

    /** Lowercase hex SHA-256 of {@link #spkiDer()} (DESIGN.md: key id). */
    public String keyId() {
        return keyId;
    }

    /** The algorithm this key verifies. */
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * The 32-byte RFC 8032 public key (for formats such as C2SP signed notes that carry raw keys).
     *
     * @throws IllegalStateException for a P-256 key
     */
    public byte[] rawEd25519() {
        if (ed == null) {
            throw new IllegalStateException("rawEd25519: this is a " + algorithm.wireName() + " key");
        }
        return ed.getEncoded();
    }

    /**
     * Verifies {@code signature} over {@code data}; returns normally only if it is valid.
     *
     * @throws SignatureInvalidException if it is not (including a malformed or wrong-length signature)
     */
    @Override
    public void verify(byte[] signature, byte[] data) throws SignatureInvalidException {
        Objects.requireNonNull(data, "data");
        if (!isValid(signature, data)) {
            throw new SignatureInvalidException(algorithm.wireName() + " signature does not verify under key "
                    + keyId.substring(0, 16) + "…");
        }
    }

    /** Whether {@code signature} over {@code data} is valid; never throws on malformed signatures. */
    public boolean isValid(byte[] signature, byte[] data) {
        if (signature == null || data == null) {
            return false;
        }
        if (ed != null) {
            if (signature.length != Ed25519.SIGNATURE_SIZE) {
                return false;
            }
            try {
                return ed.verify(Ed25519.Algorithm.Ed25519, null, data, 0, data.length, signature, 0);
            } catch (RuntimeException e) {
                return false;
            }
        }
        return P256.verify(ec, signature, data);
    }

    /** {@link SignatureAlgorithm#wireName()} of {@link #algorithm()}. */
    @Override
    public String algorithmName() {
        return algorithm.wireName();
    }

    /** Keys are equal when their canonical SPKI DER is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyingKey k && MessageDigest.isEqual(spkiDer, k.spkiDer);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    /** {@code VerifyingKey[ed25519, keyId=…]}. */
    @Override
    public String toString() {
        return "VerifyingKey[" + algorithm.wireName() + ", keyId=" + keyId + "]";
    }

    private static byte[] der(SubjectPublicKeyInfo spki) {
        try {
            return spki.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }
}
