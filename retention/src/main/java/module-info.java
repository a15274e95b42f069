/**
 * Mimamori retention: retention planning (periods, floors, holds, storage budgets), write-ahead erasure with
 * receipts, secure erasure primitives (crypto-erase key vault, streaming segment encryption, overwrite) and
 * media-sanitization certificates. Records through core's {@code EvidenceLog} SPI; never imports
 * {@code integrity}.
 *
 * <p>Exported packages (each one line of purpose):
 * <ul>
 *   <li>{@code jp.mimamori.retention.policy}: each camera's period and justification as plain values</li>
 *   <li>{@code jp.mimamori.retention.plan}: what must be erased now and next, storage forecasts, orphans</li>
 *   <li>{@code jp.mimamori.retention.hold}: holds placed and released only by authorised principals</li>
 *   <li>{@code jp.mimamori.retention.erase}: write-ahead erasure with receipts over a segment store</li>
 *   <li>{@code jp.mimamori.retention.crypto}: crypto-erase: per-segment keys, the key vault, segment cipher</li>
 *   <li>{@code jp.mimamori.retention.store}: a plain file segment store, encrypted at rest or overwritten</li>
 *   <li>{@code jp.mimamori.retention.sanitize}: NIST SP 800-88 media-sanitization certificates</li>
 *   <li>{@code jp.mimamori.retention.decommission}: decommissioning a camera (K4-3-2)</li>
 *   <li>{@code jp.mimamori.retention.service}: the entry point wiring planner, holds and erasure over a folder</li>
 * </ul>
 *
 * <p>The {@code internal} packages (file formats, journals, the overwriter) are not API; the overwriter is
 * shared with the {@code recorder} module by a qualified export.
 */
@SuppressWarnings("module")
module jp.mimamori.retention {
    requires transitive jp.mimamori.core;

    exports jp.mimamori.retention.erase;
    exports jp.mimamori.retention.erase.internal to jp.mimamori.recorder;
    exports jp.mimamori.retention.policy;
    exports jp.mimamori.retention.plan;
    exports jp.mimamori.retention.hold;
    exports jp.mimamori.retention.crypto;
    exports jp.mimamori.retention.store;
    exports jp.mimamori.retention.sanitize;
    exports jp.mimamori.retention.decommission;
    exports jp.mimamori.retention.service;
}
