/**
 * Retention benchmarks: planning over 10 million segments from 10,000 cameras (full plan, incremental tick,
 * heap per segment via {@link jp.mimamori.bench.retention.PlannerHeap}), crypto-erase throughput including
 * intent and receipt records, streaming segment encryption and decryption, and overwrite erasure. Native
 * references ({@code openssl speed}, {@code dd}) are run beside them; see docs/PERFORMANCE.md.
 */
package jp.mimamori.bench.retention;
