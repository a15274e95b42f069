package jp.mimamori.core.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.error.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The erasure receipt is written by retention and read back by the verifier (K3-2-3, invariant 4). */
class ErasureReceiptTest {
    private static final String HASH = "ab".repeat(32);

    private static ErasureReceipt sample(boolean erased) {
        return new ErasureReceipt("er-00000000000000a1", "cam-01", 7, HASH, ErasureMethod.OVERWRITE,
                ErasureReason.FORCED, Instant.parse("2026-05-01T10:00:00Z"), "svc-retention", erased,
                "overwritten with zeros; not reliable on SSD");
    }

    private static Map<String, Object> body(ErasureReceipt r) {
        return new LinkedHashMap<>(r.toRecord().body());
    }

    @Test
    @DisplayName("K3-2-3: a receipt read back from its record equals the one written")
    void toRecordThenFromRecord_roundTrips() throws Exception {
        for (boolean erased : new boolean[] {true, false}) {
            ErasureReceipt r = sample(erased);
            assertEquals(r, ErasureReceipt.fromRecord(r.toRecord()));
        }
        assertEquals(List.of("K3-2-3", "S2"), sample(true).toRecord().body().get("requirements"));
    }

    @Test
    @DisplayName("K3-2-3, invariant 4: a receipt without an outcome is malformed, never read as erased")
    void missingOutcome_isMalformed_neverErased() {
        Map<String, Object> b = body(sample(true));
        b.remove("outcome");
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> ErasureReceipt.fromRecord(EvidenceRecord.of(EvidenceTypes.ERASURE_RECEIPT, Instant.EPOCH, b)));
        assertEquals(List.of("outcome"), e.problems().stream().map(Problem::path).toList());
        assertEquals("K3-2-3", e.problems().get(0).requirement());
    }

    @Test
    void unknownOutcome_unknownField_andWrongHashAlg_areEachNamed() {
        Map<String, Object> b = body(sample(true));
        b.put("outcome", "maybe");
        b.put("hash_alg", "md5");
        b.put("extra", 1);
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> ErasureReceipt.fromBody(b));
        assertEquals(List.of("hash_alg", "outcome", "extra"), e.problems().stream().map(Problem::path).toList());
    }

    @Test
    void recordOfAnotherType_isMalformed() {
        EvidenceRecord other = EvidenceRecord.of(EvidenceTypes.ERASURE_INTENT, Instant.EPOCH, body(sample(true)));
        assertThrows(InvalidDocumentException.class, () -> ErasureReceipt.fromRecord(other));
    }

    @Test
    @DisplayName("K3-2-3: a receipts file names the entry and field of each problem; other record types are skipped")
    void parseFile_namesEntryAndField() throws Exception {
        String ok = "{\"type\":\"erasure.receipt\",\"time\":\"2026-05-01T10:00:00.000Z\",\"body\":"
                + new String(jp.mimamori.core.internal.json.CanonicalJson.encode(body(sample(true))),
                        StandardCharsets.UTF_8) + "}";
        String other = "{\"type\":\"hold.placed\",\"time\":\"2026-05-01T10:00:00.000Z\",\"body\":{}}";
        assertEquals(List.of(sample(true)),
                ErasureReceipt.parseFile(("[" + ok + "," + other + "]").getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> b = body(sample(true));
        b.remove("outcome");
        String bad = new String(jp.mimamori.core.internal.json.CanonicalJson.encode(b), StandardCharsets.UTF_8);
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> ErasureReceipt.parseFile(("[" + ok + "," + bad + "]").getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("[1].outcome"), e.problems().stream().map(Problem::path).toList());
        assertThrows(InvalidDocumentException.class,
                () -> ErasureReceipt.parseFile("{}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(sample(false).erased());
        assertTrue(sample(true).erased());
    }
}
