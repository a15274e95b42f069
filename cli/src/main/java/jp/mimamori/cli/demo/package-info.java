/**
 * {@code mimamori demo}: runs the whole scenario with embedded defaults and no server, one {@link
 * jp.mimamori.cli.demo.DemoSection} per area (core decisions, sealing, retention, erasure of sealed footage and
 * a K3-4 disclosure, the evidence log), leaving a workspace (keys, rules, store, log, exports) that the other
 * commands can check. All demo code lives here, apart from the commands.
 *
 * <p>May use: every module's exported packages and {@code jp.mimamori.cli.rules} (to print a compliance
 * report as {@code rules check} does); no command package depends on it except the top-level command list.
 */
package jp.mimamori.cli.demo;
