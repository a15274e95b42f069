package jp.mimamori.core.evidence;

/** Why a segment is erased; forced erasures are recorded apart from scheduled ones (S2). Immutable and thread-safe. */
public enum ErasureReason {
    /** Its period (plus grace) has passed (K3-2-2, S1). */
    SCHEDULED,
    /** The storage budget forced it out before its period ended (S2). */
    FORCED,
    /** Its camera was decommissioned (K4-3-2). */
    DECOMMISSION;

    /** The name used in evidence records. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** The reason with wire name {@code s}. */
    public static ErasureReason fromWire(String s) {
        return WireNames.parse(ErasureReason.class, s, "reason: unknown erasure reason ");
    }
}
