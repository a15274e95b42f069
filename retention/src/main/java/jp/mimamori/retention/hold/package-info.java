/**
 * Holds (evidence locks for an investigation or a disclosure in progress, invariant 3): a
 * {@link jp.mimamori.retention.hold.Hold} covers a camera's segments over a time range; the
 * {@link jp.mimamori.retention.hold.HoldRegistry} places and releases holds only for principals a
 * {@link jp.mimamori.retention.hold.HoldAuthority} allows, with a reason, logs each act signed by the retention
 * key ({@link jp.mimamori.core.evidence.HoldRecord}), and keeps its state crash-safely so that no hold is ever
 * silently dropped.
 *
 * <p>May use: the JDK, core ({@code evidence}, {@code text}, {@code crypto}, {@code error}), Jackson for the state file and
 * {@code …retention.internal} (durable writes).
 */
package jp.mimamori.retention.hold;
