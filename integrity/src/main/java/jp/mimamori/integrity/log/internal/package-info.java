/**
 * Storage internals of the evidence log: frame layout, memory-mapped tree levels, the checkpointed tree
 * state. Not exported.
 *
 * <p>May use: the JDK and {@code jp.mimamori.integrity.merkle}.
 */
package jp.mimamori.integrity.log.internal;
