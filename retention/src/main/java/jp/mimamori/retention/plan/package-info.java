/**
 * Retention planning (invariant 2; K3-2-2, S1, S2): the incremental {@link
 * jp.mimamori.retention.plan.RetentionPlanner} over a compact segment index answers what must be erased now
 * and what next and when, forecasts when a storage budget will force erasure before a camera's period or
 * floor, chooses forced erasures (never of held segments), and {@link jp.mimamori.retention.plan.OrphanScan}
 * finds files without index entries and entries without files.
 *
 * <p>May use: the JDK, core ({@code segment}, {@code text}), {@code jp.mimamori.retention},
 * {@code …retention.policy} and {@code …retention.hold}.
 */
package jp.mimamori.retention.plan;
