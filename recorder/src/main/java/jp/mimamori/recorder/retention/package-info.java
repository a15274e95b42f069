/**
 * A retention folder ({@link jp.mimamori.recorder.retention.RetentionWorkspace}): the site's operating rules
 * ({@code rules.json}, which give periods, floors and who may erase and hold), {@code workspace.json},
 * {@code store/}, {@code state/} and {@code log/}, the tamper-evident evidence log, opened as retention's service
 * over a crypto-erase store whose key-encryption key the caller supplies from elsewhere.
 *
 * <p>May use: core (with its internal bounded file reading and JSON limits), retention, integrity's log package,
 * Jackson.
 */
package jp.mimamori.recorder.retention;
