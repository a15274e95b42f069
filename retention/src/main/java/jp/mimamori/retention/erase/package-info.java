/**
 * Write-ahead erasure (invariant 6; K3-2-3): the {@link jp.mimamori.retention.erase.ErasureEngine} journals
 * and logs an intent, erases through a {@link jp.mimamori.retention.erase.ErasableStore}, then logs an
 * {@link jp.mimamori.core.evidence.ErasureReceipt} (returned with the segment as an
 * {@link jp.mimamori.retention.erase.Erasure}); a crash anywhere resumes on the next open. Methods:
 * crypto-erase (a store that destroys per-segment data keys), overwrite of plain files (with the NIST SP 800-88
 * caveat for SSD, flash and copy-on-write file systems in every receipt), or plain delete.
 *
 * <p>May use: the JDK, core ({@code evidence}, {@code segment}, {@code text}), {@code …retention.hold} and
 * {@code …retention.internal}.
 */
package jp.mimamori.retention.erase;




