/**
 * The integrity commands of the CLI contract (DESIGN.md): {@code mimamori keys generate}, {@code mimamori seal}
 * and {@code mimamori verify}. {@link jp.mimamori.cli.integrity.VerifyCommand#verifiers(java.util.Optional)} is where other areas
 * add verifiers for their kinds of path (evidence-log folders, export bundles).
 *
 * <p>May use: picocli, {@code jp.mimamori.cli}, the integrity module's exported packages, recorder's erasure
 * package (erasure receipts from the log).
 */
package jp.mimamori.cli.integrity;
