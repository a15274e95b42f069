package jp.mimamori.integrity.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Collection;
import jp.mimamori.core.error.CryptoException;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputEncryptor;

/**
 * A bundle encrypted to its recipient (K3-2-1): CMS {@code EnvelopedData} (RFC 5652) in DER, content encrypted
 * with AES-256-CBC under a fresh key, that key transported to the recipient's X.509 certificate — RSA
 * (key transport, PKCS #1 v1.5, as {@code openssl cms -encrypt} does by default) or EC P-256 (ECDH key agreement,
 * {@code dhSinglePass-stdDH-sha256kdf} with AES-256 key wrap) — so {@code openssl cms -decrypt -inform DER} opens
 * it as well as {@link #decrypt}. Uses Bouncy Castle's CMS classes over the JDK's cipher providers (AES with the
 * CPU's instructions), and a Bouncy Castle provider instance, passed explicitly and never registered, for the ECDH
 * key agreement the JDK lacks.
 *
 * <pre>{@code
 * BundleEncryption.encrypt(Path.of("s-1.zip"), Files.readAllBytes(Path.of("police.pem")), Path.of("s-1.zip.p7m"));
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class BundleEncryption {
    private BundleEncryption() {}

    /** Bouncy Castle's provider for ECDH with the X9.63 KDF (the JDK has none); passed explicitly, never registered. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    /** The file name suffix of an encrypted bundle. */
    public static final String SUFFIX = ".p7m";

    /**
     * Reads the recipient's certificate (PEM or DER).
     *
     * @throws CryptoException if it is not one X.509 certificate with an RSA or EC P-256 key
     */
    public static X509Certificate certificate(byte[] pemOrDer) throws CryptoException {
        try {
            Collection<? extends java.security.cert.Certificate> all = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pemOrDer));
            if (all.size() != 1 || !(all.iterator().next() instanceof X509Certificate c)) {
                throw new CryptoException("recipient certificate: exactly one X.509 certificate is needed");
            }
            if (!(c.getPublicKey() instanceof RSAPublicKey) && !(c.getPublicKey() instanceof ECPublicKey)) {
                throw new CryptoException("recipient certificate: an RSA or EC key is needed, not "
                        + c.getPublicKey().getAlgorithm());
            }
            return c;
        } catch (CertificateException e) {
            throw new CryptoException("recipient certificate: not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Encrypts the bundle file {@code bundle} to {@code recipient} into {@code out} (written beside and moved into
     * place when complete), streaming: memory does not grow with the bundle.
     *
     * @throws CryptoException if the certificate's key cannot be used
     */
    public static Path encrypt(Path bundle, X509Certificate recipient, Path out) throws IOException, CryptoException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try {
            CMSEnvelopedDataStreamGenerator g = new CMSEnvelopedDataStreamGenerator();
            g.setBufferSize(1 << 16); // BER octet-string chunks of 64 KiB (the default is 1,000 bytes)
            if (recipient.getPublicKey() instanceof RSAPublicKey) {
                g.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient));
            } else {
                java.security.KeyPair eph = ephemeral(recipient);
                g.addRecipientInfoGenerator(new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
                        eph.getPrivate(), eph.getPublic(), CMSAlgorithm.AES256_WRAP).setProvider(BC)
                        .addRecipient(recipient));
            }
            OutputEncryptor enc = new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build();
            byte[] buf = new byte[1 << 20];
            try (OutputStream file = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
                 OutputStream o = g.open(file, enc);
                 InputStream in = Files.newInputStream(bundle)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    o.write(buf, 0, n);
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (CMSException | java.security.GeneralSecurityException e) {
            Files.deleteIfExists(tmp);
            throw new CryptoException("encrypting to the recipient's certificate failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static java.security.KeyPair ephemeral(X509Certificate recipient)
            throws java.security.GeneralSecurityException {
        java.security.KeyPairGenerator kpg = java.security.KeyPairGenerator.getInstance("EC");
        kpg.initialize(((ECPublicKey) recipient.getPublicKey()).getParams());
        java.security.KeyPair kp = kpg.generateKeyPair();
        return kp;
    }

    /**
     * Decrypts an encrypted bundle with the recipient's private key (RSA or EC), streaming, into {@code out}.
     *
     * @throws CryptoException if the file is not an EnvelopedData for this key
     */
    public static Path decrypt(Path encrypted, PrivateKey key, Path out) throws IOException, CryptoException {
        try (InputStream in = Files.newInputStream(encrypted)) {
            CMSEnvelopedDataParser p = new CMSEnvelopedDataParser(in);
            Recipient r = key.getAlgorithm().equals("RSA") ? new JceKeyTransEnvelopedRecipient(key)
                    : new JceKeyAgreeEnvelopedRecipient(key).setProvider(BC);
            for (RecipientInformation ri : p.getRecipientInfos().getRecipients()) {
                try (InputStream content = ri.getContentStream(r).getContentStream()) {
                    Files.copy(content, out, StandardCopyOption.REPLACE_EXISTING);
                    return out;
                } catch (CMSException e) {
                    // not for this key: the next recipient
                }
            }
            throw new CryptoException("no recipient of " + encrypted.getFileName() + " matches this key");
        } catch (CMSException e) {
            throw new CryptoException(encrypted.getFileName() + ": not CMS EnvelopedData: " + e.getMessage(), e);
        }
    }
}
