package jp.mimamori.integrity.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.internal.io.BoundedFiles;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The keys a verifier trusts, supplied by the caller — never taken from the data being verified (DESIGN.md:
 * verifiers trust keys only through a trust store given by the caller). Two kinds of entry:
 * <ul>
 *   <li><b>keys</b> ({@code PUBLIC KEY} PEM): trusted directly, found by {@linkplain VerifyingKey#keyId() key
 *       id};</li>
 *   <li><b>CA certificates</b> ({@code CERTIFICATE} PEM): trust anchors. A key is trusted through an anchor
 *       when a certificate chain for it ({@link #trusts(VerifyingKey, List, Instant)}) ends in a certificate
 *       the anchor signed, or in the anchor itself. An anchor's own key is not a document-signing key unless it
 *       is also listed as a key.</li>
 * </ul>
 *
 * <pre>{@code
 * TrustStore trust = TrustStore.fromPemFiles(List.of(Path.of("city-recorders.pem"), Path.of("city-ca.pem")));
 * Optional<VerifyingKey> k = trust.find(manifestKeyId);
 * }</pre>
 *
 * <p>Chain checking is deliberately small but strict (RFC 5280 §6 subset): each certificate is within its
 * validity period at the given instant and is signed by the next; every issuing certificate (and the anchor)
 * has {@code basicConstraints cA=true}, a {@code keyCertSign} key usage if it has a key usage, and a path
 * length constraint that allows the certificates below it; the leaf's key usage, if present, allows
 * {@code digitalSignature}; an unknown critical extension fails the chain; at most 8 certificates. Revocation
 * (CRL, OCSP) and name constraints are not checked — a certificate with critical name constraints is refused.
 * Certificate signatures (any algorithm Bouncy Castle knows, including RSA) are checked through a
 * {@link BouncyCastleProvider} instance passed explicitly, never registered globally. Immutable, thread-safe.
 */
public final class TrustStore {
    private static final int MAX_CHAIN = 8;
    private static final Set<ASN1ObjectIdentifier> KNOWN_CRITICAL = Set.of(Extension.basicConstraints,
            Extension.keyUsage, Extension.extendedKeyUsage, Extension.subjectAlternativeName,
            Extension.subjectKeyIdentifier, Extension.authorityKeyIdentifier, Extension.certificatePolicies);

    private final Map<String, VerifyingKey> keys;
    private final List<X509CertificateHolder> anchors;

    private TrustStore(Map<String, VerifyingKey> keys, List<X509CertificateHolder> anchors) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.anchors = List.copyOf(anchors);
    }

    /** A store of exactly these keys (no CA certificates). */
    public static TrustStore of(Collection<VerifyingKey> keys) {
        Builder b = builder();
        keys.forEach(b::addKey);
        return b.build();
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Largest trust file read: far more than a key and its certificate chain need. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    /**
     * A store from PEM files, each holding one or more {@code PUBLIC KEY} and/or {@code CERTIFICATE} blocks.
     * Each is a regular file of at most {@link #MAX_FILE_BYTES} bytes, checked before it is read, and not a link.
     *
     * @throws IOException     if a file cannot be read, is a link, is not a regular file or is too large
     * @throws CryptoException naming the file and the block that is not a supported key or certificate
     */
    public static TrustStore fromPemFiles(List<Path> files) throws IOException, CryptoException {
        Builder b = builder();
        for (Path f : files) {
            // Never through a link: a planted link cannot swap the keys a verifier trusts.
            Path abs = f.toAbsolutePath();
            String text = new String(BoundedFiles.read(abs.getParent(), abs, MAX_FILE_BYTES),
                    StandardCharsets.US_ASCII);
            b.addPem(text, f.getFileName().toString());
        }
        return b.build();
    }

    /** The directly trusted key with this id. */
    public Optional<VerifyingKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** Whether {@code key} is directly trusted (listed as a key). */
    public boolean trusts(VerifyingKey key) {
        return key != null && key.equals(keys.get(key.keyId()));
    }

    /**
     * Whether {@code key} is trusted: listed directly, or certified by {@code chainDer} (leaf first, DER
     * X.509 certificates) up to one of this store's CA certificates, valid at {@code at}.
     */
    public boolean trusts(VerifyingKey key, List<byte[]> chainDer, Instant at) {
        if (trusts(key)) {
            return true;
        }
        try {
            checkChain(key, chainDer, at);
            return true;
        } catch (CryptoException e) {
            return false;
        }
    }

    /**
     * Checks that {@code chainDer} (leaf first) certifies {@code key} up to a trust anchor of this store at
     * instant {@code at}; see the class description for the rules.
     *
     * @throws CryptoException naming the first rule the chain breaks
     */
    public void checkChain(VerifyingKey key, List<byte[]> chainDer, Instant at) throws CryptoException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "at");
        if (chainDer == null || chainDer.isEmpty()) {
            throw new CryptoException("certificate chain: empty");
        }
        if (chainDer.size() > MAX_CHAIN) {
            throw new CryptoException("certificate chain: longer than " + MAX_CHAIN);
        }
        if (anchors.isEmpty()) {
            throw new CryptoException("certificate chain: the trust store has no CA certificates");
        }
        List<X509CertificateHolder> chain = new ArrayList<>();
        for (int i = 0; i < chainDer.size(); i++) {
            chain.add(parseCert(chainDer.get(i), "certificate chain[" + i + "]"));
        }
        X509CertificateHolder leaf = chain.get(0);
        if (!VerifyingKey.fromSpki(leaf.getSubjectPublicKeyInfo()).equals(key)) {
            throw new CryptoException("certificate chain[0]: certifies a different key");
        }
        Date when = Date.from(at);
        for (int i = 0; i < chain.size(); i++) {
            X509CertificateHolder c = chain.get(i);
            String where = "certificate chain[" + i + "]";
            checkCommon(c, when, where);
            if (i == 0) {
                KeyUsage ku = KeyUsage.fromExtensions(c.getExtensions());
                if (ku != null && !ku.hasUsages(KeyUsage.digitalSignature)) {
                    throw new CryptoException(where + ": key usage does not allow digitalSignature");
                }
            } else {
                checkIssuer(c, i - 1, where);
                checkSignedBy(chain.get(i - 1), c, "certificate chain[" + (i - 1) + "]");
            }
        }
        X509CertificateHolder top = chain.get(chain.size() - 1);
        int below = chain.size() - 1; // CA certificates in the chain, under the anchor
        CryptoException last = null;
        for (X509CertificateHolder anchor : anchors) {
            try {
                if (anchor.equals(top)) {
                    return; // the chain ends in the anchor itself
                }
                if (!anchor.getSubject().equals(top.getIssuer())) {
                    continue;
                }
                checkCommon(anchor, when, "CA certificate " + anchor.getSubject());
                checkIssuer(anchor, below, "CA certificate " + anchor.getSubject());
                checkSignedBy(top, anchor, "certificate chain[" + (chain.size() - 1) + "]");
                return;
            } catch (CryptoException e) {
                last = e;
            }
        }
        throw last != null ? last
                : new CryptoException("certificate chain: does not end at a CA certificate in the trust store");
    }

    /** The directly trusted keys. */
    public Collection<VerifyingKey> keys() {
        return keys.values();
    }

    /** The CA certificates, DER-encoded. */
    public List<byte[]> caCertificatesDer() {
        List<byte[]> out = new ArrayList<>();
        for (X509CertificateHolder a : anchors) {
            try {
                out.add(a.getEncoded());
            } catch (IOException e) {
                throw new IllegalStateException("re-encoding a parsed certificate cannot fail", e);
            }
        }
        return out;
    }

    /** {@code TrustStore[N keys, M CA certificates]}. */
    @Override
    public String toString() {
        return "TrustStore[" + keys.size() + " keys, " + anchors.size() + " CA certificates]";
    }

    private static void checkCommon(X509CertificateHolder c, Date when, String where) throws CryptoException {
        if (!c.isValidOn(when)) {
            throw new CryptoException(where + ": not valid at " + when.toInstant() + " (valid "
                    + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + ")");
        }
        if (c.hasExtensions()) {
            for (Object o : c.getCriticalExtensionOIDs()) {
                if (!KNOWN_CRITICAL.contains((ASN1ObjectIdentifier) o)) {
                    throw new CryptoException(where + ": unsupported critical extension " + o);
                }
            }
        }
    }

    /** {@code c} may issue certificates with {@code casBelow} further CA certificates under it. */
    private static void checkIssuer(X509CertificateHolder c, int casBelow, String where) throws CryptoException {
        BasicConstraints bc = BasicConstraints.fromExtensions(c.getExtensions());
        if (bc == null || !bc.isCA()) {
            throw new CryptoException(where + ": not a CA certificate (basicConstraints cA is not true)");
        }
        if (bc.getPathLenConstraint() != null && bc.getPathLenConstraint().intValue() < casBelow) {
            throw new CryptoException(where + ": path length constraint " + bc.getPathLenConstraint()
                    + " exceeded");
        }
        KeyUsage ku = KeyUsage.fromExtensions(c.getExtensions());
        if (ku != null && !ku.hasUsages(KeyUsage.keyCertSign)) {
            throw new CryptoException(where + ": key usage does not allow keyCertSign");
        }
    }

    private static void checkSignedBy(X509CertificateHolder subject, X509CertificateHolder issuer, String where)
            throws CryptoException {
        if (!subject.getIssuer().equals(issuer.getSubject())) {
            throw new CryptoException(where + ": issuer name does not match the next certificate's subject");
        }
        try {
            ContentVerifierProvider v = new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER)
                    .build(issuer.getSubjectPublicKeyInfo());
            if (!subject.isSignatureValid(v)) {
                throw new CryptoException(where + ": signature does not verify under its issuer's key");
            }
        } catch (CryptoException e) {
            throw e;
        } catch (Exception e) {
            throw new CryptoException(where + ": signature cannot be checked (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    static X509CertificateHolder parseCert(byte[] der, String where) throws CryptoException {
        try {
            return new X509CertificateHolder(der);
        } catch (IOException | RuntimeException e) {
            throw new CryptoException(where + ": not a DER X.509 certificate");
        }
    }

    /** The Bouncy Castle provider instance, created on first use and never registered with the JCA. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /** Collects keys and CA certificates. Not thread-safe. */
    public static final class Builder {
        private final Map<String, VerifyingKey> keys = new LinkedHashMap<>();
        private final List<X509CertificateHolder> anchors = new ArrayList<>();

        private Builder() {}

        /** Trusts {@code key} directly. */
        public Builder addKey(VerifyingKey key) {
            Objects.requireNonNull(key, "key");
            keys.put(key.keyId(), key);
            return this;
        }

        /** Adds a DER X.509 CA certificate as a trust anchor. */
        public Builder addCaCertificateDer(byte[] der) throws CryptoException {
            X509CertificateHolder c = parseCert(der, "CA certificate");
            if (!anchors.contains(c)) {
                anchors.add(c);
            }
            return this;
        }

        /** Adds every {@code PUBLIC KEY} and {@code CERTIFICATE} block of {@code pemText}. */
        public Builder addPem(String pemText, String sourceName) throws CryptoException {
            List<PemObject> blocks = Pem.readAll(pemText, sourceName);
            for (int i = 0; i < blocks.size(); i++) {
                PemObject o = blocks.get(i);
                String where = sourceName + " block " + (i + 1);
                switch (o.getType()) {
                    case "PUBLIC KEY" -> {
                        try {
                            addKey(VerifyingKey.fromSpkiDer(o.getContent()));
                        } catch (CryptoException e) {
                            throw new CryptoException(where + ": " + e.getMessage());
                        }
                    }
                    case "CERTIFICATE" -> {
                        try {
                            addCaCertificateDer(o.getContent());
                        } catch (CryptoException e) {
                            throw new CryptoException(where + ": " + e.getMessage());
                        }
                    }
                    default -> throw new CryptoException(where + ": a \"" + Pem.printable(o.getType())
                            + "\" block; a trust store holds only PUBLIC KEY and CERTIFICATE blocks");
                }
            }
            return this;
        }

        /** The immutable store. */
        public TrustStore build() {
            return new TrustStore(keys, anchors);
        }
    }
}
