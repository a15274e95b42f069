/**
 * Mimamori retention: retention planning (periods, floors, holds, storage budgets), write-ahead erasure with
 * receipts, secure erasure primitives (crypto-erase key vault, streaming segment encryption, overwrite) and
 * media-sanitization certificates. Records through core's {@code EvidenceLog} SPI; never imports
 * {@code integrity}.
 */
module jp.mimamori.retention {
    requires transitive jp.mimamori.core;
    requires static org.bouncycastle.provider;

    // exports are added as the retention API lands (jp.mimamori.retention…)
}
