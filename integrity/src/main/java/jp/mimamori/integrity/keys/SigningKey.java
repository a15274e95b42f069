package jp.mimamori.integrity.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.crypto.Signer;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.internal.io.SecretFiles;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.BigIntegers;

/**
 * A private signing key: Ed25519 (default) or ECDSA P-256. The key bytes live only in a {@link SecretBytes};
 * {@link #toString()} names the algorithm and key id, never the key; {@link #destroy()} zeroes it.
 *
 * <pre>{@code
 * SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
 * key.writePemFile(dir.resolve("private.pem"));   // PKCS#8 (openssl pkey reads it), rw------- from creation
 * Files.writeString(dir.resolve("public.pem"), key.verifyingKey().toPem());
 * byte[] sig = key.sign(CanonicalJson.encode(manifest));
 * }</pre>
 *
 * <p>Signatures: Ed25519 — 64 bytes, RFC 8032 pure Ed25519 (deterministic). P-256 — ECDSA over SHA-256 of the
 * data, nonce by RFC 6979 (deterministic, no dependence on the random source at signing time), S normalized to
 * the lower half of the group order (so a signature is not malleable into a second valid one by Mimamori's
 * own hand), DER-encoded {@code SEQUENCE {r, s}} as X.509 and {@code openssl pkeyutl} use, at most 72 bytes.
 *
 * <p>Thread-safe: {@link #sign} may be called concurrently. The public key is derived once at load time, so
 * signing does no parsing and no public-key computation.
 */
public final class SigningKey implements Signer, Destroyable {
    private final SignatureAlgorithm algorithm;
    /** Ed25519: the 32-byte seed; P-256: the 32-byte big-endian scalar d. */
    private final SecretBytes secret;
    private final VerifyingKey verifyingKey;
    /** Ed25519 only: the 32-byte public key, passed to the signer so it is not recomputed per signature. */
    private final byte[] edPublic;

    private SigningKey(SignatureAlgorithm algorithm, SecretBytes secret, VerifyingKey verifyingKey,
            byte[] edPublic) {
        this.algorithm = algorithm;
        this.secret = secret;
        this.verifyingKey = verifyingKey;
        this.edPublic = edPublic;
    }

    /** A new random key. */
    public static SigningKey generate(SignatureAlgorithm algorithm, SecureRandom random) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(random, "random");
        try {
            if (algorithm == SignatureAlgorithm.ED25519) {
                byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
                random.nextBytes(seed);
                try {
                    return ed25519(seed);
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
            }
            BigInteger d;
            do {
                d = BigIntegers.createRandomBigInteger(256, random);
            } while (d.signum() == 0 || d.compareTo(P256.N) >= 0);
            return p256(d);
        } catch (CryptoException e) {
            throw new IllegalStateException("a freshly generated key is valid", e);
        }
    }

    /** An Ed25519 key from its 32-byte RFC 8032 seed (copied; the caller wipes its array). */
    public static SigningKey ed25519(byte[] seed) throws CryptoException {
        if (seed == null || seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new CryptoException("Ed25519 private key: must be 32 bytes");
        }
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, pk, 0);
        return new SigningKey(SignatureAlgorithm.ED25519, SecretBytes.copyOf(seed), VerifyingKey.fromRawEd25519(pk),
                pk);
    }

    private static SigningKey p256(BigInteger d) throws CryptoException {
        if (d.signum() <= 0 || d.compareTo(P256.N) >= 0) {
            throw new CryptoException("P-256 private key: scalar out of range");
        }
        byte[] raw = BigIntegers.asUnsignedByteArray(32, d);
        try {
            return new SigningKey(SignatureAlgorithm.ECDSA_P256, SecretBytes.copyOf(raw),
                    VerifyingKey.fromP256Point(P256.publicPoint(d)), null);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * A key from PEM {@code PRIVATE KEY} (unencrypted PKCS#8, RFC 5208/5958), as {@code openssl genpkey}
     * writes it: Ed25519 (RFC 8410) or EC on the named curve P-256 (RFC 5915 inside PKCS#8). A public key
     * embedded in the file must match the private key.
     *
     * @throws CryptoException naming what is wrong, never quoting the key
     */
    public static SigningKey fromPem(String pkcs8Pem) throws CryptoException {
        byte[] der = Pem.readOne(pkcs8Pem, "PRIVATE KEY", "private key PEM");
        try {
            return fromPkcs8Der(der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** Largest private key file read: a PEM key is a few hundred bytes. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    /**
     * A key from a PEM {@code PRIVATE KEY} file ({@link #fromPem}) that no one but its owner can read: a file
     * readable or writable by group or others is refused before it is read (K3-2-3), with a one-line message
     * naming the file and the fix. On a file system without POSIX permissions the file is refused too; see
     * {@link #fromPemFile(Path, boolean)}.
     *
     * <pre>{@code
     * SigningKey k = SigningKey.fromPemFile(Path.of("keys/recorder.private.pem"));
     * }</pre>
     *
     * @throws IOException     naming the file: readable by others, not a regular file, too large, unreadable
     * @throws CryptoException naming what is wrong with the key, never quoting it
     */
    public static SigningKey fromPemFile(Path file) throws IOException, CryptoException {
        return fromPemFile(file, false);
    }

    /**
     * {@link #fromPemFile(Path)}, where {@code allowWithoutPosixPermissions} explicitly accepts a file on a file
     * system without POSIX permissions (Windows), whose protection cannot be checked. A POSIX file readable by
     * others is refused whatever this says.
     */
    public static SigningKey fromPemFile(Path file, boolean allowWithoutPosixPermissions) throws IOException,
            CryptoException {
        byte[] bytes = SecretFiles.read(file, MAX_FILE_BYTES, allowWithoutPosixPermissions);
        try {
            return fromPem(new String(bytes, StandardCharsets.US_ASCII));
        } catch (CryptoException e) {
            throw new CryptoException(file + ": " + e.getMessage());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Writes this key as PEM PKCS#8 ({@link #toPem()}) to {@code file}, atomically and durably, readable by its
     * owner only from the moment the file exists ({@code rw-------} at creation, whatever the umask).
     */
    public void writePemFile(Path file) throws IOException {
        byte[] pem = toPem().getBytes(StandardCharsets.US_ASCII);
        try {
            DurableFiles.replace(file, pem, DurableFiles.Access.OWNER_ONLY);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    /** A key from DER PKCS#8 {@code PrivateKeyInfo}; see {@link #fromPem}. */
    public static SigningKey fromPkcs8Der(byte[] der) throws CryptoException {
        PrivateKeyInfo info;
        ASN1ObjectIdentifier oid;
        ASN1Encodable inner;
        try {
            info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            oid = info.getPrivateKeyAlgorithm().getAlgorithm();
            inner = info.parsePrivateKey();
        } catch (IOException | RuntimeException e) {
            // No cause: parser messages might quote bytes of the key.
            throw new CryptoException("private key: not a DER PKCS#8 PrivateKeyInfo");
        }
        try {
            if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
                byte[] seed = ASN1OctetString.getInstance(inner).getOctets();
                try {
                    SigningKey k = ed25519(seed);
                    checkEmbeddedPublic(info, k);
                    return k;
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
            }
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
                if (!SECObjectIdentifiers.secp256r1.equals(info.getPrivateKeyAlgorithm().getParameters())) {
                    throw new CryptoException("EC private key: only the named curve P-256 (prime256v1) is supported");
                }
                ECPrivateKey ecKey = ECPrivateKey.getInstance(inner);
                org.bouncycastle.asn1.ASN1Object params = ecKey.getParametersObject();
                if (params != null && !SECObjectIdentifiers.secp256r1.equals(params)) {
                    throw new CryptoException("EC private key: curve parameters disagree with P-256");
                }
                SigningKey k = p256(ecKey.getKey());
                org.bouncycastle.asn1.ASN1BitString pub = ecKey.getPublicKey();
                if (pub != null) {
                    ECPoint q;
                    try {
                        q = P256.DOMAIN.getCurve().decodePoint(pub.getOctets());
                    } catch (IllegalArgumentException e) {
                        throw new CryptoException("EC private key: embedded public key is not a valid point");
                    }
                    if (!VerifyingKey.fromP256Point(q).equals(k.verifyingKey)) {
                        throw new CryptoException("EC private key: embedded public key does not match");
                    }
                }
                return k;
            }
            throw new CryptoException("private key: unsupported algorithm " + oid.getId()
                    + " (supported: Ed25519, ECDSA P-256)");
        } catch (RuntimeException e) {
            throw new CryptoException("private key: malformed " + (EdECObjectIdentifiers.id_Ed25519.equals(oid)
                    ? "Ed25519" : "EC") + " key structure");
        }
    }

    private static void checkEmbeddedPublic(PrivateKeyInfo info, SigningKey k) throws CryptoException {
        if (info.getPublicKeyData() != null
                && !Arrays.equals(info.getPublicKeyData().getOctets(), k.verifyingKey.rawEd25519())) {
            throw new CryptoException("Ed25519 private key: embedded public key does not match");
        }
    }

    /** Unencrypted PKCS#8 DER (a fresh array: wipe it when done). */
    public byte[] toPkcs8Der() {
        byte[] raw = secret.toByteArray();
        try {
            PrivateKeyInfo info;
            if (algorithm == SignatureAlgorithm.ED25519) {
                // RFC 8410 v1 form, as openssl genpkey writes it: seed only, no attributes, no public key.
                info = new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                        new DEROctetString(raw));
            } else {
                byte[] spki = verifyingKey.spkiDer();
                byte[] point = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki)
                        .getPublicKeyData().getOctets();
                info = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                        SECObjectIdentifiers.secp256r1),
                        new ECPrivateKey(256, new BigInteger(1, raw), new DERBitString(point), null));
            }
            return info.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * PEM {@code PRIVATE KEY} (unencrypted PKCS#8) text. Java strings cannot be wiped: write it to its file
     * and drop it; protect the file (mode 0600).
     */
    public String toPem() {
        byte[] der = toPkcs8Der();
        try {
            return Pem.write("PRIVATE KEY", der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * Signs {@code data}: Ed25519 → 64 bytes; P-256 → DER ECDSA signature (see the class description).
     *
     * @throws CryptoException if signing fails (it does not for valid keys; declared for other backends)
     * @throws IllegalStateException if the key was destroyed
     */
    @Override
    public byte[] sign(byte[] data) throws CryptoException {
        Objects.requireNonNull(data, "data");
        byte[] raw = secret.toByteArray();
        try {
            if (algorithm == SignatureAlgorithm.ED25519) {
                byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
                Ed25519.sign(raw, 0, edPublic, 0, data, 0, data.length, sig, 0);
                return sig;
            }
            return P256.sign(raw, data);
        } catch (RuntimeException e) {
            throw new CryptoException(algorithm.wireName() + " signing failed");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** True: {@link #sign} may be called concurrently (see the class description). */
    @Override
    public boolean concurrent() {
        return true;
    }

    /** {@link SignatureAlgorithm#wireName()} of {@link #algorithm()}. */
    @Override
    public String algorithmName() {
        return algorithm.wireName();
    }

    /** The key id of {@link #verifyingKey()}. */
    @Override
    public String keyId() {
        return verifyingKey.keyId();
    }

    /** The matching public key. */
    public VerifyingKey verifyingKey() {
        return verifyingKey;
    }

    /** The algorithm this key signs with. */
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** Zeroes the key bytes; signing afterwards is an {@link IllegalStateException}. */
    @Override
    public void destroy() {
        secret.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return secret.isDestroyed();
    }

    /** {@code SigningKey[ed25519, keyId=…]} — never key material. */
    @Override
    public String toString() {
        return "SigningKey[" + algorithm.wireName() + ", keyId=" + verifyingKey.keyId()
                + (isDestroyed() ? ", destroyed]" : "]");
    }
}
