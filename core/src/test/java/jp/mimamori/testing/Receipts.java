package jp.mimamori.testing;

import java.time.Instant;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.ErasureReceipt;

/** Erasure receipts for tests of the verifier, which reads only camera, sequence, manifest hash and outcome. */
public final class Receipts {
    private Receipts() {}

    /** A scheduled crypto-erase receipt with outcome {@code erased} for the segment with that manifest hash. */
    public static ErasureReceipt erased(String camera, long sequence, String manifestHash) {
        return new ErasureReceipt("er-" + String.format("%016x", sequence), camera, sequence, manifestHash,
                ErasureMethod.CRYPTO_ERASE, ErasureReason.SCHEDULED, Instant.parse("2026-01-01T00:00:00Z"),
                "svc-retention", true, "key destroyed");
    }
}
