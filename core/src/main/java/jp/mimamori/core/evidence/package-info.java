/**
 * The evidence log service-provider interface: every act that matters for accountability (designations,
 * permits, decisions, exports, disclosures, holds, erasures, rule changes) is appended as one typed
 * {@link jp.mimamori.core.evidence.EvidenceRecord} and acknowledged with an {@link
 * jp.mimamori.core.evidence.EvidenceReceipt}. The records the retention service vouches for — erasure receipts
 * ({@link jp.mimamori.core.evidence.ErasureReceipt}) and hold acts ({@link jp.mimamori.core.evidence.HoldRecord})
 * — carry its signature, made and checked by one implementation, and count only when it verifies.
 *
 * <p>The tamper-evident, file-backed log lives in the {@code integrity} module ({@code TransparentEvidenceLog});
 * an in-memory log for tests ships in core's test jar ({@code jp.mimamori.testing.InMemoryEvidenceLog}). The {@code retention} module writes
 * to this interface and never sees the implementation. Records hold references and hashes, never images.
 *
 * <p>May use: the JDK, {@code jp.mimamori.core.text}, {@code jp.mimamori.core.crypto},
 * {@code jp.mimamori.core.error}, {@code jp.mimamori.core.internal.json} and {@code jp.mimamori.core.internal.id}.
 */
package jp.mimamori.core.evidence;
