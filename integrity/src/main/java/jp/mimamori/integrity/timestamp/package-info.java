/**
 * RFC 3161 timestamps over log checkpoints: {@link jp.mimamori.integrity.timestamp.Timestamps} builds requests,
 * {@link jp.mimamori.integrity.timestamp.TimestampVerifier} checks responses with Bouncy Castle's TSP classes
 * (an explicit provider instance, never a registered one), {@link jp.mimamori.integrity.timestamp.TimestampAuthority}
 * is how an embedder's TSA is reached, and {@code TestTsa}
 * is a small in-memory TSA for tests and the demo. Responses are stored beside the checkpoint they cover as
 * {@code <checkpoint file>.tsr}.
 *
 * <p>May use: the JDK, Bouncy Castle (bcprov, bcpkix), {@code jp.mimamori.integrity.report}.
 */
package jp.mimamori.integrity.timestamp;
