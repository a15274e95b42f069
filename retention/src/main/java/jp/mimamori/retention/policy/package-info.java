/**
 * Retention parameters as plain values — the seam between retention and the operating rules. Core's rules
 * and profiles (built separately) are not visible here: the application (or {@code cli}) reads each camera's
 * period and justification from the operating rules and the profile's principle, ceiling and floor, and fills
 * a {@link jp.mimamori.retention.policy.RetentionPolicy}. Nothing else crosses the seam.
 *
 * <pre>{@code
 * RetentionBounds kumagaya = RetentionBounds.of("kumagaya-2019", Duration.ofDays(14), null, Duration.ZERO);
 * RetentionPolicy p = RetentionPolicy.builder(kumagaya)
 *         .camera(CameraRetention.of("kmg-station-1", Duration.ofDays(14)))
 *         .build();
 * }</pre>
 *
 * <p>May use: the JDK, {@code jp.mimamori.core.text} and {@code jp.mimamori.retention}.
 */
package jp.mimamori.retention.policy;
