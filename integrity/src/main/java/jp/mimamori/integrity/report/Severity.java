package jp.mimamori.integrity.report;

/** How much a finding weighs: any {@link #ERROR} makes a report {@code INVALID}; {@link #INFO} does not. */
public enum Severity {
    /** Tampering, damage or an untrusted signer: the verdict is INVALID. */
    ERROR,
    /** A recorded, legitimate event worth telling (erasure with receipt, key rotation, restart). */
    INFO
}
