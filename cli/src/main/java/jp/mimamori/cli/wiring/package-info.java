/**
 * Wiring between modules that never import each other: retention's erasure engine over integrity's sealed
 * store ({@link jp.mimamori.cli.wiring.SealedSegmentStore}), erasure receipts read back from the evidence log
 * for the verifier ({@link jp.mimamori.cli.wiring.LogReceipts}), and the demo section that erases sealed
 * footage and performs a K3-4 disclosure. May use core, integrity and retention; nothing else in the CLI
 * depends on it except {@code VerifyCommand} and the demo's section list.
 */
package jp.mimamori.cli.wiring;
