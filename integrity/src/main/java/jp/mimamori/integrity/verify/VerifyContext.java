package jp.mimamori.integrity.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.TrustDecision;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.log.AnchoredLog;

/**
 * What a verifier is given besides the path: the caller's trust store (the only source of trust, DESIGN.md)
 * and, optionally, the evidence log the store is verified against. With a log, the segments its anchored
 * {@code segment.sealed} records name are compared with the store's (the newest included), and a missing segment
 * is {@code SEGMENT_ERASED} only with an anchored erasure receipt signed by a trusted retention key that names
 * the manifest the chain expects; without one, every gap is {@code SEGMENT_MISSING}.
 *
 * <pre>{@code
 * VerifyContext ctx = VerifyContext.of(trust)
 *         .withLog(AnchoredLog.read(Path.of("log"), List.of(NoteVerifier.parse(Files.readString(vkey)))));
 * }</pre>
 *
 * <p>Certificate chains carried by what is verified (an export bundle's {@code certs/}, and each segment's
 * signature file, docs/SECURITY.md G13) are never trusted by themselves: they only let the trust store decide a key
 * through a chain that ends at one of <em>its</em> CA certificates, valid at the recording time
 * ({@link #withCarriedChains(List)}; a signature file's own chain is offered for its segment alone).
 *
 * <p>Immutable and thread-safe.
 *
 * @param trust  trusted keys (recorder keys; retention keys for erasure receipts)
 * @param log    the evidence log, if the store is verified against one
 * @param chains certificate chains (DER, leaf first) carried by the data, offered to the trust store
 */
public record VerifyContext(TrustStore trust, Optional<AnchoredLog> log, List<List<byte[]>> chains) {
    /** Validates and copies. */
    public VerifyContext {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(log, "log");
        List<List<byte[]>> copy = new ArrayList<>();
        for (List<byte[]> c : chains) {
            copy.add(c.stream().map(byte[]::clone).toList());
        }
        chains = List.copyOf(copy);
    }

    /** A context without carried certificate chains. */
    public VerifyContext(TrustStore trust, Optional<AnchoredLog> log) {
        this(trust, log, List.of());
    }

    /** The {@code chains} component, as copies. */
    @Override
    public List<List<byte[]>> chains() {
        List<List<byte[]>> out = new ArrayList<>();
        for (List<byte[]> c : chains) {
            out.add(c.stream().map(byte[]::clone).toList());
        }
        return List.copyOf(out);
    }

    /** This context offering {@code chains} (DER, leaf first) to the trust store. */
    public VerifyContext withCarriedChains(List<List<byte[]>> chains) {
        return new VerifyContext(trust, log, chains);
    }

    /**
     * The trust store's decision for {@code key} as {@code role}: directly, through its own certificates, or
     * through a carried chain whose leaf certifies {@code key} and ends at one of its CA certificates.
     */
    TrustDecision decide(KeyRole role, VerifyingKey key, Optional<String> camera, Instant at) {
        TrustDecision d = trust.decide(role, key, camera, at);
        for (List<byte[]> c : chains) {
            if (d.trusted()) {
                return d;
            }
            if (!c.isEmpty() && certifies(c.get(0), key)) {
                TrustDecision viaChain = trust.decide(role, key, c, camera, at);
                if (viaChain.trusted() || d.reason().en().contains("is not in the trust store")) {
                    d = viaChain;
                }
            }
        }
        return d;
    }

    /** The key a carried chain's leaf certifies with this key id. */
    Optional<VerifyingKey> carriedKey(String keyId) {
        for (List<byte[]> c : chains) {
            Optional<VerifyingKey> k = c.isEmpty() ? Optional.empty() : leafKey(c.get(0));
            if (k.isPresent() && k.get().keyId().equals(keyId)) {
                return k;
            }
        }
        return Optional.empty();
    }

    private static boolean certifies(byte[] leafDer, VerifyingKey key) {
        return leafKey(leafDer).map(key::equals).orElse(false);
    }

    static Optional<VerifyingKey> leafKey(byte[] der) {
        try {
            return Optional.of(VerifyingKey.fromSpkiDer(
                    new org.bouncycastle.cert.X509CertificateHolder(der)
                            .getSubjectPublicKeyInfo().getEncoded()));
        } catch (Exception e) {
            return Optional.empty(); // a hostile certificate certifies nothing
        }
    }

    /** A context without a log: every gap in a chain is {@code SEGMENT_MISSING}. */
    public static VerifyContext of(TrustStore trust) {
        return new VerifyContext(trust, Optional.empty());
    }

    /** This context verifying against {@code log}. */
    public VerifyContext withLog(AnchoredLog log) {
        return new VerifyContext(trust, Optional.of(log), chains);
    }

    /**
     * The key trusted to sign erasure receipts with this key id: a key the trust store allows the retention role
     * at {@code at} (the erasure's time).
     */
    Optional<VerifyingKey> retentionKey(String keyId, Instant at) {
        return trust.find(keyId).or(() -> carriedKey(keyId))
                .filter(k -> decide(KeyRole.RETENTION, k, Optional.empty(), at).trusted());
    }
}
