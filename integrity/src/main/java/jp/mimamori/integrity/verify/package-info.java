/**
 * The offline verifier of sealed recordings (K3-2-4, invariant 4): checks a segment folder, a partial clip, a
 * camera's chain or a whole store against a caller-supplied trust store and returns a {@link
 * jp.mimamori.integrity.report.VerificationReport} with the fixed finding codes. It never throws on hostile
 * input. Erasure receipts from the retention engine (core's {@code EvidenceTypes.ERASURE_RECEIPT}) make a
 * missing segment {@code SEGMENT_ERASED} (INFO) rather than {@code SEGMENT_MISSING}.
 *
 * <p>{@link jp.mimamori.integrity.verify.PathVerifier} is the extension point for other kinds of folders and
 * files (evidence logs, export bundles).
 *
 * <p>May use: the JDK, {@code jp.mimamori.core}, {@code jp.mimamori.integrity.report}, {@code …manifest},
 * {@code …store}, {@code …merkle}, {@code …keys}, {@code …jcs}, {@code …seal} (its chain-state file only),
 * {@code …timestamp} (an export bundle's RFC 3161 timestamps).
 */
package jp.mimamori.integrity.verify;
