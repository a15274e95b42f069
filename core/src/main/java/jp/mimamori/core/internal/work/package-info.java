/**
 * Work split over threads for the library's own batch and streaming paths:
 * {@link jp.mimamori.core.internal.work.Parallel}, an ordered map over a list whose caller always takes part, so
 * it never waits on a busy pool (used by erasure receipts, the checks of sealed segments before their keys are
 * destroyed, and the encoding of log records appended together); and
 * {@link jp.mimamori.core.internal.work.BufferHandOff}, a bounded hand-off of fixed buffers from one thread to
 * another with an end, a failure handed to the other side and cancellation (used by the recorder's segment writer
 * and the bundle writer's reader). Exported only to Mimamori's own modules (qualified export), not API.
 *
 * <p>May use: the JDK only.
 */
package jp.mimamori.core.internal.work;
