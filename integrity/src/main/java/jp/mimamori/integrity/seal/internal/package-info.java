/**
 * Implementation of the sealer, not API: the {@code chain.json} cache a camera chain resumes from (never
 * evidence; the verifier rebuilds the chain from the signed manifests).
 *
 * <p>May use: the JDK, {@code jp.mimamori.core.internal.json}, {@code jp.mimamori.core.internal.id}.
 */
package jp.mimamori.integrity.seal.internal;
