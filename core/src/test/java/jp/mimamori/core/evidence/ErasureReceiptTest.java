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
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.testing.TestSigner;
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

    @Test
    @DisplayName("K3-2-3: a receipt signed by the retention key reads back signed and verifies under that key")
    void signedReceipt_roundTripsAndVerifies() throws Exception {
        TestSigner key = TestSigner.generate();
        ErasureReceipt r = sample(true).signed(key);
        ErasureReceipt back = ErasureReceipt.fromRecord(r.toRecord());
        assertEquals(r, back);
        assertTrue(back.signature().isPresent());
        back.verifySignature(key);
        assertEquals(false, back.toRecord().body().get("simulated"));
    }

    @Test
    @DisplayName("K3-2-3, SECURITY G1: an unsigned receipt, one by another key, and an edited one do not verify")
    void unsignedOtherKeyOrEdited_doNotVerify() throws Exception {
        TestSigner key = TestSigner.generate();
        TestSigner other = TestSigner.generate();
        assertThrows(SignatureInvalidException.class, () -> sample(true).verifySignature(key));
        assertThrows(SignatureInvalidException.class, () -> sample(true).signed(other).verifySignature(key));
        Map<String, Object> b = body(sample(true).signed(key));
        b.put("sequence", 8L);
        ErasureReceipt edited = ErasureReceipt.fromBody(b);
        assertThrows(SignatureInvalidException.class, () -> edited.verifySignature(key));
        Map<String, Object> sim = body(sample(true).signed(key));
        sim.put("simulated", true);
        assertThrows(SignatureInvalidException.class, () -> ErasureReceipt.fromBody(sim).verifySignature(key));
    }

    @Test
    @DisplayName("a simulated receipt says so; an unsigned receipt without the field reads as not simulated")
    void simulatedFlag_isWrittenAndDefaultsToFalse() throws Exception {
        ErasureReceipt sim = new ErasureReceipt("er-00000000000000a1", "cam-01", 7, HASH, ErasureMethod.OVERWRITE,
                ErasureReason.FORCED, Instant.parse("2026-05-01T10:00:00Z"), "svc-retention", true, "n", true);
        assertEquals(true, sim.toRecord().body().get("simulated"));
        assertTrue(ErasureReceipt.fromRecord(sim.toRecord()).simulated());
        Map<String, Object> b = body(sample(true));
        b.remove("simulated");
        assertFalse(ErasureReceipt.fromBody(b).simulated());
    }

    @Test
    @DisplayName("K3-2-3: a signed receipt must be written as its fields write it; a malformed signature is named")
    void signedReceiptInAnotherForm_orMalformedSignature_isNamed() throws Exception {
        TestSigner key = TestSigner.generate();
        Map<String, Object> b = body(sample(true).signed(key));
        b.remove("simulated");
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> ErasureReceipt.fromBody(b));
        assertEquals(List.of("simulated"), e.problems().stream().map(Problem::path).toList());
        Map<String, Object> c = body(sample(true).signed(key));
        Map<String, Object> sig = new LinkedHashMap<>(sample(true).signed(key).signature().orElseThrow().toJson());
        sig.put("sig", "not base64!");
        sig.put("extra", "x");
        c.put("signature", sig);
        InvalidDocumentException e2 = assertThrows(InvalidDocumentException.class, () -> ErasureReceipt.fromBody(c));
        assertEquals(List.of("signature.extra", "signature.sig"),
                e2.problems().stream().map(Problem::path).sorted().toList());
    }
}
