/**
 * {@code mimamori export}: a disclosure request decided, logged and, when permitted, handed over as an export
 * bundle (K3-4, K3-2-1, S3).
 *
 * <p>May use: the recorder module's disclosure workflow and the cli options.
 */
package jp.mimamori.cli.export;
