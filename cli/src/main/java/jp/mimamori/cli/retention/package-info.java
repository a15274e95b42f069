/**
 * {@code mimamori retention plan|run}, {@code mimamori hold place|release|list} and {@code mimamori sanitize
 * certify}: the retention module over a retention folder (recorder's
 * {@link jp.mimamori.recorder.retention.RetentionWorkspace}: {@code rules.json}, {@code workspace.json},
 * {@code store/}, {@code state/}, {@code log/}, the tamper-evident evidence log; its key-encryption key comes from
 * {@code --kek} or the environment, never from the folder), printing what it returns
 * (JSON through {@link jp.mimamori.recorder.json.RetentionJson}).
 *
 * <p>May use: picocli, {@code jp.mimamori.cli}, core, retention, recorder, the JDK.
 */
package jp.mimamori.cli.retention;
