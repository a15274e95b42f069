/**
 * {@code mimamori demo}: runs the whole scenario with embedded defaults and no server, one {@link
 * jp.mimamori.cli.demo.DemoSection} per area, leaving a workspace (keys, rules, store, log, exports) that the
 * other commands can check.
 */
package jp.mimamori.cli.demo;
