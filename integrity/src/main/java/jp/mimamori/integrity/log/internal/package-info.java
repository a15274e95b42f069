/**
 * Storage internals of the evidence log: frame layout, memory-mapped tree levels, the checkpointed tree
 * state and the record profile's JSON. Not exported.
 *
 * <p>May use: the JDK and Jackson.
 */
package jp.mimamori.integrity.log.internal;
