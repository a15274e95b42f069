/**
 * Signed checkpoints of the evidence log in the C2SP formats: {@link jp.mimamori.integrity.checkpoint.SignedNote}
 * (signed-note), {@link jp.mimamori.integrity.checkpoint.Checkpoint} (tlog-checkpoint), Ed25519 note keys
 * ({@link jp.mimamori.integrity.checkpoint.NoteSigner}, {@link jp.mimamori.integrity.checkpoint.NoteVerifier}
 * with the {@code *.vkey} text form), tlog-cosignature v1 cosignatures, and
 * {@link jp.mimamori.integrity.checkpoint.CheckpointVerifier}. Parsers are strict with hard limits and throw
 * {@link jp.mimamori.integrity.checkpoint.NoteFormatException} naming the defect.
 *
 * <p>May use: the JDK, Bouncy Castle's lightweight Ed25519 and PEM classes, {@code jp.mimamori.integrity.report}.
 */
package jp.mimamori.integrity.checkpoint;
