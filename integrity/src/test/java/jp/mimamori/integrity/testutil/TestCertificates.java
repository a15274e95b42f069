package jp.mimamori.integrity.testutil;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.VerifyingKey;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/** X.509 certificates signed with our own keys, for trust tests (a city CA and the keys it certifies). */
public final class TestCertificates {
    private TestCertificates() {}

    /** Bouncy Castle's certificate builder signing with our own {@link SigningKey}. */
    public static ContentSigner signer(SigningKey key) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AlgorithmIdentifier alg = key.algorithm() == SignatureAlgorithm.ED25519
                ? new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519)
                : new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return alg;
            }

            @Override
            public OutputStream getOutputStream() {
                return buf;
            }

            @Override
            public byte[] getSignature() {
                try {
                    return key.sign(buf.toByteArray());
                } catch (CryptoException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** A DER certificate for {@code subjectKey} issued by {@code issuerKey}, a CA certificate when {@code ca}. */
    public static byte[] cert(String subject, VerifyingKey subjectKey, String issuer, SigningKey issuerKey, boolean ca,
            Integer pathLen, Instant from, Instant to) throws Exception {
        return cert(subject, subjectKey, issuer, issuerKey, ca, pathLen, from, to,
                BigInteger.valueOf(new SecureRandom().nextInt(1 << 30)));
    }

    /**
     * {@link #cert(String, VerifyingKey, String, SigningKey, boolean, Integer, Instant, Instant)} with a fixed
     * serial number: with an Ed25519 issuer the same bytes every time (published vectors).
     */
    public static byte[] cert(String subject, VerifyingKey subjectKey, String issuer, SigningKey issuerKey, boolean ca,
            Integer pathLen, Instant from, Instant to, BigInteger serial) throws Exception {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(new X500Name("CN=" + issuer),
                serial, Date.from(from), Date.from(to),
                new X500Name("CN=" + subject), SubjectPublicKeyInfo.getInstance(subjectKey.spkiDer()));
        if (ca) {
            b.addExtension(Extension.basicConstraints, true,
                    pathLen == null ? new BasicConstraints(true) : new BasicConstraints(pathLen));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        }
        return b.build(signer(issuerKey)).getEncoded();
    }

    /** A certificate as PEM. */
    public static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
