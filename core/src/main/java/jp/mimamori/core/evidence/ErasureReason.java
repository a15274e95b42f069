package jp.mimamori.core.evidence;

/** Why a segment is erased; forced erasures are recorded apart from scheduled ones (S2). */
public enum ErasureReason {
    /** Its period (plus grace) has passed (K3-2-2, S1). */
    SCHEDULED("scheduled"),
    /** The storage budget forced it out before its period ended (S2). */
    FORCED("forced"),
    /** Its camera was decommissioned (K4-3-2). */
    DECOMMISSION("decommission");

    private final String wire;

    ErasureReason(String wire) {
        this.wire = wire;
    }

    /** The name used in evidence records. */
    public String wireName() {
        return wire;
    }

    /** The reason with wire name {@code s}. */
    public static ErasureReason fromWire(String s) {
        return WireNames.find(values(), ErasureReason::wireName, s).orElseThrow(() ->
                new IllegalArgumentException("reason: unknown erasure reason " + s));
    }
}
