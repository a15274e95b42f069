/**
 * The machine-readable (JSON) forms of what an embedder shows or hands on: RFC 9162 inclusion and consistency
 * proofs of the evidence log ({@link jp.mimamori.recorder.json.ProofJson}) and retention plans, findings,
 * erasure receipts and holds ({@link jp.mimamori.recorder.json.RetentionJson}). Each encoder returns an
 * ordered map; the caller picks the writer (canonical JSON, pretty-printed).
 *
 * <p>May use: core's internal JSON (qualified export), integrity's log package, retention's exported packages.
 */
package jp.mimamori.recorder.json;
