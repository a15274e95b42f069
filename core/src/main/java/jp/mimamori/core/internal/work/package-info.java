/**
 * Work split over the machine's cores for the library's own batch paths
 * ({@link jp.mimamori.core.internal.work.Parallel}: an ordered map over a list whose caller always takes part, so
 * it never waits on a busy pool; used by erasure receipts, the checks of sealed segments before their keys are
 * destroyed, and the encoding of log records appended together). Exported only to Mimamori's own modules
 * (qualified export), not API.
 *
 * <p>May use: the JDK only.
 */
package jp.mimamori.core.internal.work;
