package jp.mimamori.integrity.keys;

import java.util.Optional;

/**
 * The signature algorithms Mimamori signs and verifies with, named in data by {@link #wireName()}
 * (DESIGN.md: algorithm names in data).
 *
 * <p>Immutable and thread-safe.
 */
public enum SignatureAlgorithm {
    /** Ed25519 (RFC 8032, pure, no context): 64-byte signatures. The default. */
    ED25519("ed25519"),
    /**
     * ECDSA over NIST P-256 with SHA-256: DER-encoded {@code SEQUENCE {r, s}} signatures (at most 72 bytes),
     * deterministic nonces (RFC 6979), low-S when signing.
     */
    ECDSA_P256("ecdsa-p256-sha256");

    private final String wireName;

    SignatureAlgorithm(String wireName) {
        this.wireName = wireName;
    }

    /** The name written in JSON: {@code "ed25519"} or {@code "ecdsa-p256-sha256"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The algorithm named {@code name} in data.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
     */
    public static SignatureAlgorithm fromWireName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("signature algorithm: unknown name \""
                + name + "\" (known: \"ed25519\", \"ecdsa-p256-sha256\")"));
    }

    /** The algorithm named {@code name}, or empty — for verifiers reading hostile data. */
    public static Optional<SignatureAlgorithm> find(String name) {
        for (SignatureAlgorithm a : values()) {
            if (a.wireName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
