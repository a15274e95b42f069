package jp.mimamori.recorder.json;

import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonFormatException;
import jp.mimamori.integrity.log.ConsistencyProof;
import jp.mimamori.integrity.log.InclusionProof;
import jp.mimamori.integrity.log.LogView;

/**
 * The JSON forms of the evidence log's RFC 9162 proofs, {@code mimamori-inclusion-proof} and
 * {@code mimamori-consistency-proof} version 1: hashes as lowercase hex, the proof path in order. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * try (LogReader log = LogReader.open(Path.of("log"))) {
 *     String json = CanonicalJson.encodeToString(ProofJson.inclusion(log, 0, log.size()));
 * }
 * }</pre>
 */
public final class ProofJson {
    private ProofJson() {}

    /**
     * The inclusion proof of record {@code index} in the tree of {@code treeSize} records, with the record.
     *
     * @throws IOException if the log cannot be read or the stored record is not canonical JSON
     */
    public static Map<String, Object> inclusion(LogView log, long index, long treeSize)
            throws IOException {
        InclusionProof p = log.inclusionProof(index, treeSize);
        Map<String, Object> m = document("mimamori-inclusion-proof");
        m.put("index", index);
        m.put("tree_size", treeSize);
        m.put("leaf_hash", HexFormat.of().formatHex(log.leafHash(index)));
        m.put("root_hash", log.treeHead(treeSize).rootHex());
        m.put("path", hex(p.path()));
        try {
            m.put("record", CanonicalJson.parse(log.recordBytes(index)));
        } catch (JsonFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        return m;
    }

    /**
     * The consistency proof between the trees of {@code fromSize} and {@code toSize} records.
     *
     * @throws IOException if the log cannot be read
     */
    public static Map<String, Object> consistency(LogView log, long fromSize, long toSize)
            throws IOException {
        ConsistencyProof p = log.consistencyProof(fromSize, toSize);
        Map<String, Object> m = document("mimamori-consistency-proof");
        m.put("from_size", fromSize);
        m.put("to_size", toSize);
        m.put("from_root", log.treeHead(fromSize).rootHex());
        m.put("to_root", log.treeHead(toSize).rootHex());
        m.put("path", hex(p.path()));
        return m;
    }

    /** A proof document's first members: its {@code format} and {@code version} 1. */
    private static Map<String, Object> document(String format) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("version", 1);
        return m;
    }

    private static List<String> hex(List<byte[]> path) {
        return path.stream().map(h -> HexFormat.of().formatHex(h)).toList();
    }
}
