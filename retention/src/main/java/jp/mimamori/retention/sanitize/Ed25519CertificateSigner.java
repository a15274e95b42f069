package jp.mimamori.retention.sanitize;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.Objects;
import jp.mimamori.core.error.CryptoException;

/** A {@link CertificateSigner} over a JDK Ed25519 key pair. */
public final class Ed25519CertificateSigner implements CertificateSigner {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private Ed25519CertificateSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyId(publicKey);
    }

    /** A signer over an existing Ed25519 key pair. */
    public static Ed25519CertificateSigner create(PrivateKey privateKey, PublicKey publicKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        if (!"EdDSA".equals(publicKey.getAlgorithm()) && !"Ed25519".equals(publicKey.getAlgorithm())) {
            throw new IllegalArgumentException("publicKey: must be Ed25519");
        }
        return new Ed25519CertificateSigner(privateKey, publicKey);
    }

    /** A signer over a fresh key pair. */
    public static Ed25519CertificateSigner generate() {
        try {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new Ed25519CertificateSigner(kp.getPrivate(), kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ platform", e);
        }
    }

    /** The public key, to verify with. */
    public PublicKey publicKey() {
        return publicKey;
    }

    static String keyId(PublicKey k) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(k.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String algorithm() {
        return "ed25519";
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] sign(byte[] message) throws CryptoException {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("signing the sanitization certificate failed", e);
        }
    }

    @Override
    public String toString() {
        return "Ed25519CertificateSigner[keyId=" + keyId + "]";
    }
}
