/**
 * A retention folder ({@link jp.mimamori.recorder.retention.RetentionWorkspace}): {@code policy.json},
 * {@code kek.bin}, {@code store/}, {@code state/} and {@code log/}, the tamper-evident evidence log, opened as
 * retention's service over a crypto-erase store.
 *
 * <p>May use: core (with its internal bounded file reading and JSON limits), retention, integrity's log package,
 * Jackson.
 */
package jp.mimamori.recorder.retention;
