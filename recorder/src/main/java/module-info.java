/**
 * Mimamori recorder: what an NVR or VMS embeds on top of the other modules. Today it holds the wiring between
 * them that an embedder needs: retention's erasure engine over integrity's sealed store, checkpointing the
 * evidence log on a schedule, the retention folder, the disclosure workflow and export bundles, and the
 * machine-readable (JSON) forms of proofs and retention results.
 *
 * <p>Exported packages (each one line of purpose):
 * <ul>
 *   <li>{@code jp.mimamori.recorder.store}: the recorder an NVR embeds: store v2 (segments as recorded,
 *       encrypted at rest), live and file sealing per camera, one writer process per store, and its verifier</li>
 *   <li>{@code jp.mimamori.recorder.anchor}: signing checkpoints of the evidence log on a schedule and at close,
 *       so what the recorder logs is anchored (K3-4, invariant 4)</li>
 *   <li>{@code jp.mimamori.recorder.erasure}: erasing sealed segments under retention (K3-2-3, invariant 4)</li>
 *   <li>{@code jp.mimamori.recorder.retention}: a retention folder opened (the site's rules, crypto-erase store,
 *       evidence log, service)</li>
 *   <li>{@code jp.mimamori.recorder.export}: the disclosure workflow and export bundles (K3-4, K3-2-1, S3)</li>
 *   <li>{@code jp.mimamori.recorder.json}: JSON forms of log proofs and retention results</li>
 *   <li>{@code jp.mimamori.recorder.live}: a camera's continuous live stream cut into segments at keyframes</li>
 * </ul>
 */
module jp.mimamori.recorder {
    requires transitive jp.mimamori.core;
    requires transitive jp.mimamori.integrity;
    requires transitive jp.mimamori.retention;
    // com.sun.nio.file.ExtendedOpenOption.DIRECT: a recorded file is copied into the store without the page cache.
    requires jdk.unsupported;

    exports jp.mimamori.recorder.store;
    exports jp.mimamori.recorder.anchor;
    exports jp.mimamori.recorder.erasure;
    exports jp.mimamori.recorder.retention;
    exports jp.mimamori.recorder.export;
    exports jp.mimamori.recorder.json;
    exports jp.mimamori.recorder.live;
}
