package jp.mimamori.core.evidence;

/**
 * How a segment's data was made unrecoverable; the wire names are those of {@code EvidenceTypes}.
 *
 * <p>Immutable and thread-safe.
 */
public enum ErasureMethod {
    /** The segment's own data key destroyed (NIST SP 800-88 cryptographic erase); the primary method. */
    CRYPTO_ERASE,
    /** The file overwritten with zeros then deleted; not reliable on SSD, flash or copy-on-write storage. */
    OVERWRITE,
    /** The file only deleted: recoverable with forensic tools; for stores that offer nothing better. */
    DELETE;

    /** The name used in evidence records. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** The method with wire name {@code s}. */
    public static ErasureMethod fromWire(String s) {
        return WireNames.parse(ErasureMethod.class, s, "method: unknown erasure method ");
    }
}
