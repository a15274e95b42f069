package jp.mimamori.core.evidence;

/** How a segment's data was made unrecoverable; the wire names are those of {@code EvidenceTypes}. */
public enum ErasureMethod {
    /** The segment's own data key destroyed (NIST SP 800-88 cryptographic erase); the primary method. */
    CRYPTO_ERASE("crypto-erase"),
    /** The file overwritten with zeros then deleted; not reliable on SSD, flash or copy-on-write storage. */
    OVERWRITE("overwrite"),
    /** The file only deleted: recoverable with forensic tools; for stores that offer nothing better. */
    DELETE("delete");

    private final String wire;

    ErasureMethod(String wire) {
        this.wire = wire;
    }

    /** The name used in evidence records. */
    public String wireName() {
        return wire;
    }

    /** The method with wire name {@code s}. */
    public static ErasureMethod fromWire(String s) {
        return WireNames.find(values(), ErasureMethod::wireName, s).orElseThrow(() ->
                new IllegalArgumentException("method: unknown erasure method " + s));
    }
}
