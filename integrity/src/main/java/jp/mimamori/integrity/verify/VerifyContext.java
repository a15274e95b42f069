package jp.mimamori.integrity.verify;

import java.util.List;
import java.util.Objects;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.integrity.keys.TrustStore;

/**
 * What a verifier is given besides the path: the caller's trust store (the only source of trust, DESIGN.md)
 * and any erasure receipts.
 *
 * @param trust    trusted keys
 * @param receipts erasure receipts, possibly empty
 */
public record VerifyContext(TrustStore trust, List<ErasureReceipt> receipts) {
    /** Validates and copies. */
    public VerifyContext {
        Objects.requireNonNull(trust, "trust");
        receipts = List.copyOf(Objects.requireNonNull(receipts, "receipts"));
    }

    /** A context with no receipts. */
    public static VerifyContext of(TrustStore trust) {
        return new VerifyContext(trust, List.of());
    }
}
