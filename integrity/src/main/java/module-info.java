/**
 * Mimamori integrity: canonical JSON, RFC 9162 Merkle trees, keys and signatures, signed hash-chained segment
 * manifests and the recorder-side sealer, the tamper-evident evidence log, export bundles and the offline
 * verifier. Uses Bouncy Castle's lightweight API (never registers a JCA provider) and Jackson.
 */
module jp.mimamori.integrity {
    requires transitive jp.mimamori.core;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;

    exports jp.mimamori.integrity.report;
    exports jp.mimamori.integrity.media;
    exports jp.mimamori.integrity.manifest;
    exports jp.mimamori.integrity.seal;
    exports jp.mimamori.integrity.store;
    exports jp.mimamori.integrity.verify;
    exports jp.mimamori.integrity.merkle;
    exports jp.mimamori.integrity.keys;
    exports jp.mimamori.integrity.log;
    exports jp.mimamori.integrity.checkpoint;
    exports jp.mimamori.integrity.timestamp;
}
