package jp.mimamori.recorder.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.merkle.Merkle;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON forms of the log's proofs carry what a stranger needs to check them (RFC 9162, K3-4). */
class ProofJsonTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("RFC 9162: the inclusion proof JSON recomputes its root_hash from leaf_hash and path")
    void inclusion_recomputesTheRoot() throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 5; i++) {
                log.append(EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.EPOCH, Map.of("n", (long) i)));
            }
            Map<String, Object> m = ProofJson.inclusion(log, 2, 5);
            assertEquals("mimamori-inclusion-proof", m.get("format"));
            assertEquals(List.of("format", "version", "index", "tree_size", "leaf_hash", "root_hash", "path",
                    "record"), List.copyOf(m.keySet()));
            HexFormat hex = HexFormat.of();
            @SuppressWarnings("unchecked")
            List<byte[]> path = ((List<String>) m.get("path")).stream().map(hex::parseHex).toList();
            byte[] root = Merkle.rootFromInclusionProof(hex.parseHex((String) m.get("leaf_hash")), 2, 5, path);
            assertEquals(m.get("root_hash"), hex.formatHex(root));
        }
    }

    @Test
    @DisplayName("RFC 9162: the consistency proof JSON names both sizes and both roots")
    void consistency_namesBothTrees() throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 3; i++) {
                log.append(EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.EPOCH, Map.of("n", (long) i)));
            }
            Map<String, Object> m = ProofJson.consistency(log, 1, 3);
            assertEquals(1L, m.get("from_size"));
            assertEquals(log.treeHead(1).rootHex(), m.get("from_root"));
            assertEquals(log.treeHead(3).rootHex(), m.get("to_root"));
        }
    }
}
