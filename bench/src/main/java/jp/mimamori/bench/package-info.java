/**
 * JMH benchmarks of the hot paths, one class per path, each measured beside a native reference of the same run
 * (see {@code docs/PERFORMANCE.md}). Not published; nothing depends on this module.
 */
package jp.mimamori.bench;
