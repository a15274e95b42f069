/**
 * Mimamori retention: retention planning (periods, floors, holds, storage budgets), write-ahead erasure with
 * receipts, secure erasure primitives (crypto-erase key vault, streaming segment encryption, overwrite) and
 * media-sanitization certificates. Records through core's {@code EvidenceLog} SPI; never imports
 * {@code integrity}.
 */
module jp.mimamori.retention {
    requires transitive jp.mimamori.core;

    exports jp.mimamori.retention.policy;
    exports jp.mimamori.retention.plan;
    exports jp.mimamori.retention.hold;
    exports jp.mimamori.retention.erase;
    exports jp.mimamori.retention.crypto;
    exports jp.mimamori.retention.store;
    exports jp.mimamori.retention.sanitize;
    exports jp.mimamori.retention.decommission;
    exports jp.mimamori.retention.service;
}
