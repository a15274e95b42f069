package jp.mimamori.integrity.bundle;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Collection;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.bundle.internal.CbcPlaintextChannel;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientOperator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JceGenericKey;

/**
 * A bundle encrypted to its recipient (K3-2-1): CMS {@code EnvelopedData} (RFC 5652), streamed (BER, indefinite
 * lengths), content encrypted
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
     * Encrypts the bundle file {@code bundle} to {@code recipient} into {@code out} (written beside, forced to the
     * device and moved into place when complete), streaming: memory does not grow with the bundle. A bundle being
     * written is encrypted in the same pass instead ({@link BundleWriter#write(Path, BundleWriter.Contents,
     * jp.mimamori.integrity.keys.SigningKey, java.util.Optional)}); this is for one already on disk.
     *
     * @throws CryptoException if the certificate's key cannot be used
     */
    public static Path encrypt(Path bundle, X509Certificate recipient, Path out) throws IOException, CryptoException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Sink sink = null;
        try {
            sink = open(tmp, recipient);
            byte[] buf = new byte[1 << 20];
            try (InputStream in = Files.newInputStream(bundle)) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    sink.write(buf, 0, n);
                }
            }
            sink.close();
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException | CryptoException | RuntimeException e) {
            if (sink != null) {
                sink.abandon();
            }
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Opens {@code file} (created or truncated) for an encrypted bundle to {@code recipient}: what is written to the
     * sink is the bundle, encrypted on the way; {@link Sink#close()} ends the CMS structure and forces the file.
     *
     * @throws CryptoException if the certificate's key cannot be used
     */
    static Sink open(Path file, X509Certificate recipient) throws IOException, CryptoException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
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
            OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20);
            OutputStream cms = g.open(new Unclosed(buffered), new Aes256Cbc());
            return new Sink(ch, buffered, cms);
        } catch (CMSException | java.security.GeneralSecurityException e) {
            ch.close();
            throw new CryptoException("encrypting to the recipient's certificate failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * An encrypted bundle being written. Not thread-safe (one writer). {@link #close()} completes it; after a
     * failure, {@link #abandon()} closes the file as it is.
     */
    static final class Sink extends OutputStream {
        private final FileChannel ch;
        private final OutputStream file;
        private final OutputStream cms;

        Sink(FileChannel ch, OutputStream file, OutputStream cms) {
            this.ch = ch;
            this.file = file;
            this.cms = cms;
        }

        @Override
        public void write(int b) throws IOException {
            cms.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            cms.write(b, off, len);
        }

        /** Ends the CMS structure, forces the file to the device and closes it. */
        @Override
        public void close() throws IOException {
            try {
                cms.close();
                file.flush();
                ch.force(true);
            } finally {
                ch.close();
            }
        }

        void abandon() {
            try {
                ch.close();
            } catch (IOException ignored) {
                // abandoned anyway
            }
        }
    }

    /** Passes writes through in whole arrays; closing it only flushes (the CMS generator must not close the file). */
    private static final class Unclosed extends java.io.FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /**
     * AES-256-CBC content encryption (PKCS #7 padding, a fresh key and IV) through the JDK's cipher, with one reused
     * output buffer: Bouncy Castle's own encryptor allocates a new array for every write, which cost as much CPU as
     * the cipher. The algorithm identifier and key are what {@code JceCMSContentEncryptorBuilder(AES256_CBC)} gives.
     */
    private static final class Aes256Cbc implements OutputEncryptor {
        private static final int PIECE = 1 << 16;
        private final SecretKey key;
        private final byte[] iv = new byte[16];
        private final AlgorithmIdentifier algorithm;

        Aes256Cbc() throws java.security.GeneralSecurityException {
            SecureRandom random = new SecureRandom();
            KeyGenerator kg = KeyGenerator.getInstance("AES");
            kg.init(256, random);
            key = kg.generateKey();
            random.nextBytes(iv);
            algorithm = new AlgorithmIdentifier(CMSAlgorithm.AES256_CBC, new DEROctetString(iv));
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getOutputStream(OutputStream encrypted) {
            Cipher c;
            try {
                c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("AES-256-CBC is required of every Java platform", e);
            }
            return new OutputStream() {
                private final byte[] buf = new byte[PIECE + 32];

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        while (len > 0) {
                            int n = Math.min(len, PIECE);
                            int m = c.update(b, off, n, buf, 0);
                            if (m > 0) {
                                encrypted.write(buf, 0, m);
                            }
                            off += n;
                            len -= n;
                        }
                    } catch (java.security.GeneralSecurityException e) {
                        throw new IOException("AES-256-CBC: " + e.getMessage(), e);
                    }
                }

                @Override
                public void close() throws IOException {
                    try {
                        int m = c.doFinal(buf, 0);
                        encrypted.write(buf, 0, m);
                    } catch (java.security.GeneralSecurityException e) {
                        throw new IOException("AES-256-CBC: " + e.getMessage(), e);
                    }
                    encrypted.close();
                }
            };
        }

        @Override
        public GenericKey getKey() {
            return new JceGenericKey(algorithm, key);
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
     * The plaintext of an encrypted bundle, for reading in place: a read-only channel that decrypts only the cipher
     * blocks each read covers, so a verifier reads the bundle inside its encryption with nothing decrypted to disk
     * and memory bounded ({@code BundleVerifier.check(FileChannel, String, VerifyContext)};
     * {@code mimamori verify BUNDLE.zip.p7m --decrypt-key KEY}). The content key is unwrapped with {@code key} for
     * the recipient it matches. Only AES-CBC content (what {@link #encrypt} writes) is read. The caller closes it.
     *
     * @throws CryptoException if the file is not CMS EnvelopedData with AES-CBC content for this key
     * @throws IOException     if the file cannot be read
     */
    public static FileChannel plaintext(Path encrypted, PrivateKey key) throws IOException, CryptoException {
        String name = String.valueOf(encrypted.getFileName());
        Captured c = new Captured();
        Recipient r = key.getAlgorithm().equals("RSA") ? new KeyTransCapture(key, c) : new KeyAgreeCapture(key, c);
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(encrypted,
                java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
            CMSEnvelopedDataParser p = new CMSEnvelopedDataParser(in);
            for (RecipientInformation ri : p.getRecipientInfos().getRecipients()) {
                try {
                    ri.getContentStream(r); // unwraps the content key, which r keeps in c; reads nothing
                } catch (CMSException | ClassCastException e) {
                    continue; // not for this key (or not its kind of recipient): the next recipient
                }
                if (c.key != null) {
                    break;
                }
            }
        } catch (CMSException | RuntimeException e) {
            throw new CryptoException(name + ": not CMS EnvelopedData: " + e.getMessage(), e);
        }
        if (c.key == null) {
            throw new CryptoException("no recipient of " + name + " matches this key");
        }
        AlgorithmIdentifier alg = c.content;
        if (!alg.getAlgorithm().equals(CMSAlgorithm.AES256_CBC) && !alg.getAlgorithm().equals(CMSAlgorithm.AES128_CBC)
                && !alg.getAlgorithm().equals(CMSAlgorithm.AES192_CBC)) {
            throw new CryptoException(name + ": content encrypted with " + alg.getAlgorithm()
                    + ", not AES-CBC: decrypt it with openssl cms -decrypt, then verify the bundle");
        }
        byte[] iv;
        try {
            iv = org.bouncycastle.asn1.ASN1OctetString.getInstance(alg.getParameters()).getOctets();
        } catch (RuntimeException e) {
            throw new CryptoException(name + ": the content's AES-CBC parameters are not an IV", e);
        }
        FileChannel ch = FileChannel.open(encrypted, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        try {
            return new CbcPlaintextChannel(ch, c.key, iv);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new CryptoException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a recipient's private key: PKCS #8 PEM ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl req
     * -nodes} and {@code openssl genpkey} write), RSA or EC.
     *
     * @throws CryptoException if it is not one
     */
    public static PrivateKey privateKey(String pkcs8Pem) throws CryptoException {
        String b64 = pkcs8Pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        if (b64.contains("-----")) {
            throw new CryptoException("not a PKCS #8 private key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = java.util.Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new CryptoException("not a PKCS #8 private key: " + e.getMessage(), e);
        }
        try {
            for (String alg : new String[] {"RSA", "EC"}) {
                try {
                    return java.security.KeyFactory.getInstance(alg).generatePrivate(
                            new java.security.spec.PKCS8EncodedKeySpec(der));
                } catch (java.security.spec.InvalidKeySpecException e) {
                    // not this algorithm
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA and EC are required of every Java platform", e);
        } finally {
            java.util.Arrays.fill(der, (byte) 0);
        }
        throw new CryptoException("not an RSA or EC private key in PKCS #8");
    }

    /** What a capturing recipient keeps: the content key it unwrapped, and the content-encryption algorithm. */
    private static final class Captured {
        private java.security.Key key;
        private AlgorithmIdentifier content;
    }

    /** A key-transport (RSA) recipient that keeps the content key it unwraps in {@code into}. */
    private static final class KeyTransCapture extends JceKeyTransEnvelopedRecipient {
        private final Captured into;

        KeyTransCapture(PrivateKey k, Captured into) {
            super(k);
            this.into = into;
        }

        @Override
        public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncryptionAlgorithm,
                                                      AlgorithmIdentifier contentEncryptionAlgorithm,
                                                      byte[] encryptedContentEncryptionKey) throws CMSException {
            RecipientOperator op = super.getRecipientOperator(keyEncryptionAlgorithm, contentEncryptionAlgorithm,
                    encryptedContentEncryptionKey);
            into.key = extractSecretKey(keyEncryptionAlgorithm, contentEncryptionAlgorithm,
                    encryptedContentEncryptionKey);
            into.content = contentEncryptionAlgorithm;
            return op;
        }
    }

    /** A key-agreement (EC) recipient that keeps the content key it unwraps in {@code into}. */
    private static final class KeyAgreeCapture extends JceKeyAgreeEnvelopedRecipient {
        private final Captured into;

        KeyAgreeCapture(PrivateKey k, Captured into) {
            super(k);
            setProvider(BC);
            this.into = into;
        }

        @Override
        public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncryptionAlgorithm,
                                                      AlgorithmIdentifier contentEncryptionAlgorithm,
                                                      org.bouncycastle.asn1.x509.SubjectPublicKeyInfo senderPublicKey,
                                                      org.bouncycastle.asn1.ASN1OctetString userKeyingMaterial,
                                                      byte[] encryptedContentKey) throws CMSException {
            RecipientOperator op = super.getRecipientOperator(keyEncryptionAlgorithm, contentEncryptionAlgorithm,
                    senderPublicKey, userKeyingMaterial, encryptedContentKey);
            into.key = extractSecretKey(keyEncryptionAlgorithm, contentEncryptionAlgorithm, senderPublicKey,
                    userKeyingMaterial, encryptedContentKey);
            into.content = contentEncryptionAlgorithm;
            return op;
        }
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
