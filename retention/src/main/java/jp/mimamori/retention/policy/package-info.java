/**
 * Retention parameters as plain values: the bounds a guideline profile sets
 * ({@link jp.mimamori.retention.policy.RetentionBounds#of(jp.mimamori.core.profile.GuidelineProfile)}: principle
 * or ceiling, floor, and the articles they cite) and each camera's period and justification, which the
 * application reads from the operating rules, together a {@link jp.mimamori.retention.policy.RetentionSchedule}.
 * No guideline's numbers are written here: they come from the profile.
 *
 * <pre>{@code
 * GuidelineProfile kumagaya = ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0").orElseThrow();
 * RetentionSchedule p = RetentionSchedule.builder(RetentionBounds.of(kumagaya))
 *         .camera(CameraRetention.of("kmg-station-1", Duration.ofDays(14)))
 *         .build();
 * }</pre>
 *
 * <p>May use: the JDK, {@code jp.mimamori.core.profile}, {@code jp.mimamori.core.text},
 * {@code jp.mimamori.core.internal.id} and {@code jp.mimamori.retention}.
 */
package jp.mimamori.retention.policy;
