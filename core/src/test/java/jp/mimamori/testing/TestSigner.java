package jp.mimamori.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.HexFormat;
import jp.mimamori.core.crypto.Signer;
import jp.mimamori.core.crypto.Verifier;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.SignatureInvalidException;

/**
 * An Ed25519 {@link Signer} and {@link Verifier} over the JDK, for the tests of modules that sign through the
 * {@code Signer} their caller gives them (in production, integrity's {@code SigningKey}): core's receipts,
 * retention's certificates and receipts.
 */
public final class TestSigner implements Signer, Verifier {
    private final KeyPair pair;
    private final String keyId;

    private TestSigner(KeyPair pair) throws GeneralSecurityException {
        this.pair = pair;
        this.keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(pair.getPublic().getEncoded()));
    }

    /** One retention service key for a test run (the key that signs erasure receipts in tests). */
    public static final TestSigner RETENTION = generateUnchecked();

    private static TestSigner generateUnchecked() {
        try {
            return generate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no Ed25519", e);
        }
    }

    /** The public key's SPKI DER encoding (what a trust store lists). */
    public byte[] spkiDer() {
        return pair.getPublic().getEncoded();
    }

    /** A fresh key pair. */
    public static TestSigner generate() throws GeneralSecurityException {
        return new TestSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    }

    @Override
    public String algorithmName() {
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
            s.initSign(pair.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("test signing failed", e);
        }
    }

    @Override
    public void verify(byte[] signature, byte[] message) throws SignatureInvalidException {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(pair.getPublic());
            s.update(message);
            if (!s.verify(signature)) {
                throw new SignatureInvalidException("ed25519 signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new SignatureInvalidException("ed25519 signature does not verify");
        }
    }
}
