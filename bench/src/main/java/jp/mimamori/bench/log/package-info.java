/** Benchmarks of the evidence log: durable group-committed appends, proofs on a 10M-record log, open after a crash. */
package jp.mimamori.bench.log;
