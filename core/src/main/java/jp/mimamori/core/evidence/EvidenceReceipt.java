package jp.mimamori.core.evidence;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Acknowledgement of a durable append: the record's zero-based index in the log and its leaf hash.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index    zero-based position of the record in the log
 * @param leafHash lowercase hex of the record's leaf hash (RFC 9162 leaf hash of its canonical JSON bytes in
 *                 the tamper-evident log; an implementation-defined SHA-256 for in-memory logs)
 */
public record EvidenceReceipt(long index, String leafHash) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Validates the index and the hash's form. */
    public EvidenceReceipt {
        if (index < 0) {
            throw new IllegalArgumentException("index: must be >= 0, was " + index);
        }
        Objects.requireNonNull(leafHash, "leafHash");
        if (!HEX64.matcher(leafHash).matches()) {
            throw new IllegalArgumentException("leafHash: must be 64 lowercase hex digits");
        }
    }
}
