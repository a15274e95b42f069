/**
 * Recorded segments as the rest of the system sees them: a {@link jp.mimamori.core.segment.SegmentRef} names
 * one sealed segment of one camera (sequence, time range, size, manifest hash) without its images. The
 * {@code integrity} module produces them when it seals; the {@code retention} module plans and erases by them.
 *
 * <p>May use: the JDK and {@code jp.mimamori.core.internal.id}.
 */
package jp.mimamori.core.segment;
