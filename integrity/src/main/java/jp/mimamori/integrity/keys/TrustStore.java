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
import jp.mimamori.core.error.InvalidDocumentException;
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
 * verifiers trust keys only through a trust store given by the caller). Three kinds of entry, each bound to a
 * {@link KeyScope} — its {@linkplain KeyRole roles}, for recorder keys the cameras it may sign for, and the
 * interval in which it may sign (not before, retired or revoked at):
 * <ul>
 *   <li><b>keys</b> ({@code PUBLIC KEY} PEM): trusted directly, found by {@linkplain VerifyingKey#keyId() key
 *       id};</li>
 *   <li><b>CA certificates</b> ({@code CERTIFICATE} PEM with {@code cA=true}): trust anchors. A key is trusted
 *       through an anchor, within the anchor's scope, when a certificate chain for it ends in a certificate the
 *       anchor signed, or in the anchor itself. An anchor's own key is not a document-signing key unless it is
 *       also listed as a key;</li>
 *   <li><b>certified keys</b> (any other {@code CERTIFICATE}): a leaf certificate given beside its CA; its key
 *       is trusted through the chain leaf → CA, never by itself.</li>
 * </ul>
 * A key or CA certificate read from a plain file is {@linkplain KeyScope#unrestricted() unrestricted}; scopes
 * come from the builder or a trust file (docs/FORMATS.md, "Trust files"). What counts is
 * {@link #decide(KeyRole, VerifyingKey, List, Optional, Instant)}: whether a key may sign as a role, for a
 * camera, for what was recorded at an instant.
 *
 * <pre>{@code
 * TrustStore trust = TrustStore.fromPemFiles(List.of(Path.of("city-recorders.pem"), Path.of("city-ca.pem")));
 * TrustDecision d = trust.decide(KeyRole.RECORDER, key, Optional.of("K-1"), Instant.parse("2026-11-23T10:00:00Z"));
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
    private final Map<String, KeyScope> scopes;
    private final List<X509CertificateHolder> anchors;
    private final List<KeyScope> anchorScopes;
    private final List<X509CertificateHolder> certified;

    private TrustStore(Builder b) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(b.keys));
        this.scopes = Map.copyOf(b.scopes);
        this.anchors = List.copyOf(b.anchors);
        this.anchorScopes = List.copyOf(b.anchorScopes);
        this.certified = List.copyOf(b.certified);
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

    /**
     * Whether {@code key} may sign as {@code role} (for {@code camera}, where the role is
     * {@link KeyRole#RECORDER} and a camera is given) for what was recorded at {@code at}: listed directly with a
     * {@link KeyScope} that allows it, or certified — by {@code chainDer} (leaf first) or by a leaf certificate
     * given to this store — up to a CA certificate of this store whose scope allows it, every certificate valid
     * at {@code at}. {@code at} is the recording time (established by the log where one is given), never the
     * time of verification: a key retired or revoked later still verifies what it signed before. Never throws
     * on hostile certificates; their defects are the reason of an untrusted decision.
     */
    public TrustDecision decide(KeyRole role, VerifyingKey key, List<byte[]> chainDer, Optional<String> camera,
            Instant at) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chainDer, "chainDer");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(at, "at");
        String id = shortId(key.keyId());
        if (key.equals(keys.get(key.keyId()))) {
            return within(scopes.get(key.keyId()), role, camera, at, "鍵 " + id, "key " + id);
        }
        List<List<byte[]>> chains = new ArrayList<>();
        if (!chainDer.isEmpty()) {
            chains.add(chainDer);
        }
        for (X509CertificateHolder leaf : certified) {
            if (certifies(leaf, key)) {
                chains.add(List.of(encoded(leaf)));
            }
        }
        if (chains.isEmpty()) {
            return TrustDecision.no(Optional.empty(), "鍵 " + id + " は信頼ストアになく、証明書もありません",
                    "key " + id + " is not in the trust store and no certificate vouches for it");
        }
        TrustDecision last = null;
        for (List<byte[]> chain : chains) {
            try {
                int a = chainAnchor(key, chain, at);
                String ca = anchors.get(a).getSubject().toString();
                TrustDecision d = within(anchorScopes.get(a), role, camera, at,
                        "CA 証明書 " + ca + " が保証する鍵 " + id, "key " + id + " (certified by " + ca + ")");
                if (d.trusted()) {
                    return d;
                }
                last = d;
            } catch (CryptoException e) {
                last = TrustDecision.no(Optional.empty(), "鍵 " + id + " の証明書チェーンが " + at
                        + " の時点で成り立ちません: " + e.getMessage(), "key " + id
                        + ": its certificate chain does not hold at " + at + ": " + e.getMessage());
            }
        }
        return last;
    }

    /** {@link #decide(KeyRole, VerifyingKey, List, Optional, Instant)} without a certificate chain. */
    public TrustDecision decide(KeyRole role, VerifyingKey key, Optional<String> camera, Instant at) {
        return decide(role, key, List.of(), camera, at);
    }

    /** The directly trusted keys whose scope allows {@code role} (at some time; see {@link #scope(String)}). */
    public List<VerifyingKey> keys(KeyRole role) {
        Objects.requireNonNull(role, "role");
        List<VerifyingKey> out = new ArrayList<>();
        for (VerifyingKey k : keys.values()) {
            if (scopes.get(k.keyId()).allows(role)) {
                out.add(k);
            }
        }
        return out;
    }

    /** The scope of the directly trusted key with this id. */
    public Optional<KeyScope> scope(String keyId) {
        return Optional.ofNullable(scopes.get(keyId));
    }

    private static TrustDecision within(KeyScope s, KeyRole role, Optional<String> camera, Instant at, String ja,
            String en) {
        Optional<KeyScope> scope = Optional.of(s);
        if (!s.allows(role)) {
            String roles = String.join(", ", s.roles().stream().map(KeyRole::name).toList());
            return TrustDecision.no(scope, ja + " は役割 " + roles + " の鍵で、" + role.name() + " の署名は認められていません",
                    en + " is trusted for role " + roles + ", not for role " + role.name());
        }
        if (role == KeyRole.RECORDER && camera.isPresent() && !s.covers(camera.get())) {
            String cams = cameras(s);
            return TrustDecision.no(scope, ja + " はカメラ " + cams + " のための録画鍵で、カメラ " + camera.get()
                    + " の署名は認められていません", en + " is a recorder key for camera " + cams + ", not for camera "
                    + camera.get());
        }
        if (s.notBefore().isPresent() && at.isBefore(s.notBefore().get())) {
            return TrustDecision.no(scope, ja + " の有効期間は " + s.notBefore().get() + " からで、記録時刻 " + at
                    + " はそれより前です", en + " is valid from " + s.notBefore().get() + "; the recording time " + at
                    + " is before it");
        }
        if (s.end().isPresent() && !at.isBefore(s.end().get())) {
            boolean revoked = s.revokedAt().equals(s.end());
            return TrustDecision.no(scope, ja + " は " + s.end().get() + " に" + (revoked ? "失効" : "退役")
                    + "しており、記録時刻 " + at + " はそれ以降です", en + " was " + (revoked ? "revoked" : "retired")
                    + " at " + s.end().get() + "; the recording time " + at + " is not before it");
        }
        return TrustDecision.yes(s, ja + " は役割 " + role.name() + " で信頼されています",
                en + " is trusted for role " + role.name());
    }

    private static String cameras(KeyScope s) {
        List<String> c = List.copyOf(s.cameras());
        return c.size() <= 5 ? String.join(", ", c) : String.join(", ", c.subList(0, 5)) + ", … (" + c.size() + ")";
    }

    private static String shortId(String keyId) {
        return keyId.length() > 16 ? keyId.substring(0, 16) : keyId;
    }

    private static boolean certifies(X509CertificateHolder c, VerifyingKey key) {
        try {
            return VerifyingKey.fromSpki(c.getSubjectPublicKeyInfo()).equals(key);
        } catch (CryptoException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] encoded(X509CertificateHolder c) {
        try {
            return c.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("re-encoding a parsed certificate cannot fail", e);
        }
    }

    /**
     * A store from trust files, each either PEM ({@code PUBLIC KEY} and/or {@code CERTIFICATE} blocks, as
     * {@link #fromPemFiles}: keys and CA certificates unrestricted, other certificates certified keys) or a JSON
     * trust file ({@code mimamori-trust} v1, docs/FORMATS.md "Trust files") binding keys and CA certificates to
     * roles, cameras or sites, and validity intervals. Each is a regular file of at most
     * {@link #MAX_FILE_BYTES} bytes, checked before it is read.
     *
     * <pre>{@code
     * TrustStore trust = TrustStore.fromFiles(List.of(Path.of("city-trust.json"), Path.of("city-ca.pem")));
     * }</pre>
     *
     * @throws IOException              if a file cannot be read, is not a regular file or is too large
     * @throws InvalidDocumentException naming the file and each field of a trust file that breaks the format
     * @throws CryptoException          naming the file and the block that is not a supported key or certificate
     */
    public static TrustStore fromFiles(List<Path> files) throws IOException, InvalidDocumentException,
            CryptoException {
        Builder b = builder();
        for (Path f : files) {
            b.addFile(BoundedFiles.read(f, MAX_FILE_BYTES), f.getFileName().toString());
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
        chainAnchor(key, chainDer, at);
    }

    /** The index of the anchor at which {@code chainDer} ends; see {@link #checkChain}. */
    private int chainAnchor(VerifyingKey key, List<byte[]> chainDer, Instant at) throws CryptoException {
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
        for (int a = 0; a < anchors.size(); a++) {
            X509CertificateHolder anchor = anchors.get(a);
            try {
                if (anchor.equals(top)) {
                    return a; // the chain ends in the anchor itself
                }
                if (!anchor.getSubject().equals(top.getIssuer())) {
                    continue;
                }
                checkCommon(anchor, when, "CA certificate " + anchor.getSubject());
                checkIssuer(anchor, below, "CA certificate " + anchor.getSubject());
                checkSignedBy(top, anchor, "certificate chain[" + (chain.size() - 1) + "]");
                return a;
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
            out.add(encoded(a));
        }
        return out;
    }

    /** {@code TrustStore[N keys, M CA certificates, L certified keys]}. */
    @Override
    public String toString() {
        return "TrustStore[" + keys.size() + " keys, " + anchors.size() + " CA certificates, " + certified.size()
                + " certified keys]";
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
        private final Map<String, KeyScope> scopes = new LinkedHashMap<>();
        private final List<X509CertificateHolder> anchors = new ArrayList<>();
        private final List<KeyScope> anchorScopes = new ArrayList<>();
        private final List<X509CertificateHolder> certified = new ArrayList<>();

        private Builder() {}

        /** Trusts {@code key} directly for every role, camera and time ({@link KeyScope#unrestricted()}). */
        public Builder addKey(VerifyingKey key) {
            return addKey(key, KeyScope.unrestricted());
        }

        /**
         * Trusts {@code key} directly within {@code scope}.
         *
         * @throws IllegalArgumentException if the key is already in this builder with another scope
         */
        public Builder addKey(VerifyingKey key, KeyScope scope) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(scope, "scope");
            KeyScope had = scopes.get(key.keyId());
            if (had != null && !had.equals(scope)) {
                throw new IllegalArgumentException("key " + shortId(key.keyId())
                        + ": listed twice with different scopes");
            }
            keys.put(key.keyId(), key);
            scopes.put(key.keyId(), scope);
            return this;
        }

        /** Adds a DER X.509 CA certificate as a trust anchor for every role, camera and time. */
        public Builder addCaCertificateDer(byte[] der) throws CryptoException {
            return addCaCertificateDer(der, KeyScope.unrestricted());
        }

        /**
         * Adds a DER X.509 CA certificate as a trust anchor: the keys it certifies are trusted within
         * {@code scope} (and within their certificates' validity).
         */
        public Builder addCaCertificateDer(byte[] der, KeyScope scope) throws CryptoException {
            Objects.requireNonNull(scope, "scope");
            X509CertificateHolder c = parseCert(der, "CA certificate");
            int at = anchors.indexOf(c);
            if (at >= 0 && !anchorScopes.get(at).equals(scope)) {
                throw new IllegalArgumentException("CA certificate " + c.getSubject()
                        + ": listed twice with different scopes");
            }
            if (at < 0) {
                anchors.add(c);
                anchorScopes.add(scope);
            }
            return this;
        }

        /**
         * Adds a DER X.509 certificate given as a trust file: a CA certificate ({@code basicConstraints cA=true})
         * becomes a trust anchor ({@link #addCaCertificateDer(byte[])}); any other certificate is a certified
         * key, trusted only through a chain to a CA certificate of the store, at the recording time (a
         * leaf-plus-CA pair of trust files trusts the leaf's key as far as the CA's scope allows).
         */
        public Builder addCertificateDer(byte[] der) throws CryptoException {
            X509CertificateHolder c = parseCert(der, "certificate");
            BasicConstraints bc = BasicConstraints.fromExtensions(c.getExtensions());
            if (bc != null && bc.isCA()) {
                return addCaCertificateDer(der);
            }
            if (!certified.contains(c)) {
                certified.add(c);
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
                            addCertificateDer(o.getContent());
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

        /**
         * Adds the content of one trust file, PEM or JSON (see {@link TrustStore#fromFiles}); {@code sourceName}
         * names it in errors.
         */
        public Builder addFile(byte[] content, String sourceName) throws InvalidDocumentException,
                CryptoException {
            if (TrustFile.isJson(content)) {
                TrustFile.read(content, sourceName, this);
                return this;
            }
            return addPem(new String(content, StandardCharsets.US_ASCII), sourceName);
        }

        /** The immutable store. */
        public TrustStore build() {
            return new TrustStore(this);
        }
    }
}
