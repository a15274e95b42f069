/**
 * JMH benchmarks of the access decision engine: one decision against rules with 1,000 cameras and 10,000
 * principals, reported beside {@link jp.mimamori.bench.BaselineBench#hashMapLookup()} of the same run.
 */
package jp.mimamori.bench.decision;
