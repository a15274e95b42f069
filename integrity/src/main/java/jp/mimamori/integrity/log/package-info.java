/**
 * The tamper-evident evidence log: {@link jp.mimamori.integrity.log.TransparentEvidenceLog} implements core's
 * {@code EvidenceLog} with an append-only file of canonical JSON records ({@link
 * jp.mimamori.integrity.log.internal.RecordCodec}), an RFC 9162 Merkle tree stored level by level, group commit and
 * crash recovery; inclusion and consistency proofs; the auditor's index ({@link
 * jp.mimamori.integrity.log.AuditIndex}), the K3-4 disclosure register ({@link
 * jp.mimamori.integrity.log.DisclosureRegister}) and the log verifier ({@link
 * jp.mimamori.integrity.log.LogVerifier}).
 *
 * <p>May use: the JDK, core, {@code jp.mimamori.integrity.checkpoint}, {@code jp.mimamori.integrity.timestamp},
 * {@code jp.mimamori.integrity.report}, integrity I's canonical JSON and Merkle packages, Jackson.
 */
package jp.mimamori.integrity.log;
