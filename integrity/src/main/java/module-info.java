/**
 * Mimamori integrity: RFC 9162 Merkle trees, keys and signatures, signed hash-chained segment manifests and the
 * recorder-side sealer, the tamper-evident evidence log, checkpoints, timestamps and the offline verifier. Uses
 * Bouncy Castle's lightweight API (never registers a JCA provider).
 *
 * <p>Exported packages (each one line of purpose):
 * <ul>
 *   <li>{@code jp.mimamori.integrity.report}: the one verification report every verifier returns</li>
 *   <li>{@code jp.mimamori.integrity.manifest}: signed, hash-chained segment manifests and unit indexes</li>
 *   <li>{@code jp.mimamori.integrity.seal}: sealing segments as a recorder writes them, one chain per camera</li>
 *   <li>{@code jp.mimamori.integrity.verify}: the offline verifier of sealed recordings, clips and stores</li>
 *   <li>{@code jp.mimamori.integrity.merkle}: RFC 9162 Merkle hashing, inclusion and consistency proofs</li>
 *   <li>{@code jp.mimamori.integrity.keys}: Ed25519 and P-256 keys, signatures and the caller's trust store</li>
 *   <li>{@code jp.mimamori.integrity.log}: the tamper-evident evidence log, its proofs, verifier and register</li>
 *   <li>{@code jp.mimamori.integrity.checkpoint}: C2SP signed notes and log checkpoints</li>
 *   <li>{@code jp.mimamori.integrity.timestamp}: RFC 3161 timestamps over checkpoints</li>
 *   <li>{@code jp.mimamori.integrity.bundle}: export bundles v1 bound to one disclosure and one recipient</li>
 *   <li>{@code jp.mimamori.integrity.tiles}: the log published and read as C2SP tlog-tiles</li>
 * </ul>
 *
 * <p>The {@code internal} packages (media splitting, file formats, caches, the store layout, a test time-stamping
 * authority)
 * are not API; the store layout is shared with the {@code recorder} module by a qualified export.
 */
@SuppressWarnings("module")
module jp.mimamori.integrity {
    requires transitive jp.mimamori.core;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;

    exports jp.mimamori.integrity.report;
    exports jp.mimamori.integrity.manifest;
    exports jp.mimamori.integrity.seal;
    exports jp.mimamori.integrity.store.internal to jp.mimamori.recorder;
    exports jp.mimamori.integrity.verify;
    exports jp.mimamori.integrity.merkle;
    exports jp.mimamori.integrity.keys;
    exports jp.mimamori.integrity.log;
    exports jp.mimamori.integrity.log.internal to jp.mimamori.log.postgres;
    exports jp.mimamori.integrity.checkpoint;
    exports jp.mimamori.integrity.timestamp;
    exports jp.mimamori.integrity.bundle;
    exports jp.mimamori.integrity.tiles;

    exports jp.mimamori.integrity.media.internal to jp.mimamori.recorder;
}
