package jp.mimamori.integrity.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonFormatException;

/**
 * The part of an erasure receipt ({@link EvidenceTypes#ERASURE_RECEIPT}) the segment verifier needs: which
 * segment of which camera was erased, and the hash of its manifest. A segment missing from the store with a
 * receipt whose {@code manifest_hash} matches the chain is reported {@code SEGMENT_ERASED} (INFO, K3-2-3).
 * The receipt's own authenticity is the evidence log's business (its inclusion proof), not this verifier's.
 *
 * @param camera       camera id
 * @param sequence     the erased segment's sequence number
 * @param manifestHash lowercase hex SHA-256 of its manifest bytes
 * @param outcome      {@code "erased"} or {@code "failed"}
 */
public record ErasureReceipt(String camera, long sequence, String manifestHash, String outcome) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Validates. */
    public ErasureReceipt {
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(outcome, "outcome");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence: must be >= 0");
        }
        if (!HEX64.matcher(Objects.requireNonNull(manifestHash, "manifestHash")).matches()) {
            throw new IllegalArgumentException("manifest_hash: must be 64 lowercase hex digits");
        }
    }

    /** Whether the erasure succeeded. */
    public boolean erased() {
        return "erased".equals(outcome);
    }

    /** From an erasure receipt's body (fields camera, sequence, manifest_hash, outcome). */
    public static ErasureReceipt fromBody(Map<String, ?> body) {
        Object camera = body.get("camera");
        Object seq = body.get("sequence");
        Object hash = body.get("manifest_hash");
        Object outcome = body.get("outcome");
        Object alg = body.get("hash_alg");
        if (!(camera instanceof String c)) {
            throw new IllegalArgumentException("erasure receipt camera: must be a string");
        }
        if (!(seq instanceof Long || seq instanceof Integer)) {
            throw new IllegalArgumentException("erasure receipt sequence: must be an integer");
        }
        if (!(hash instanceof String h)) {
            throw new IllegalArgumentException("erasure receipt manifest_hash: must be a string");
        }
        if (alg != null && !"sha-256".equals(alg)) {
            throw new IllegalArgumentException("erasure receipt hash_alg: must be \"sha-256\"");
        }
        return new ErasureReceipt(c, ((Number) seq).longValue(), h, outcome instanceof String o ? o : "erased");
    }

    /** From an evidence record of type {@link EvidenceTypes#ERASURE_RECEIPT}. */
    public static ErasureReceipt fromRecord(EvidenceRecord r) {
        if (!EvidenceTypes.ERASURE_RECEIPT.equals(r.type())) {
            throw new IllegalArgumentException("type: must be \"" + EvidenceTypes.ERASURE_RECEIPT + "\"");
        }
        return fromBody(r.body());
    }

    /**
     * Reads a receipts file: a JSON array of receipt bodies, or of evidence records
     * ({@code {"type":"erasure.receipt","body":{…}}}); other record types are skipped.
     */
    public static List<ErasureReceipt> parseFile(byte[] json) {
        Object v;
        try {
            v = CanonicalJson.parse(json);
        } catch (JsonFormatException e) {
            throw new IllegalArgumentException("receipts: not valid JSON: " + e.getMessage(), e);
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("receipts: must be a JSON array");
        }
        List<ErasureReceipt> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("receipts[" + i + "]: must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> body = (Map<String, ?>) m;
            if (m.get("body") instanceof Map<?, ?> b) {
                if (!EvidenceTypes.ERASURE_RECEIPT.equals(m.get("type"))) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, ?> bb = (Map<String, ?>) b;
                body = bb;
            }
            try {
                out.add(fromBody(body));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("receipts[" + i + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
