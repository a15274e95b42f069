package jp.mimamori.core.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.error.Problem;
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hold records are signed by the retention key exactly as erasure receipts are, and read strictly (docs/SECURITY.md
 * G7, K3-2-2, K3-4, invariant 3).
 */
class HoldRecordTest {
    private static final Instant T = Instant.parse("2026-04-10T09:00:00Z");
    private static final String ID = "hold-0a1b2c3d4e5f";

    private static List<HoldRecord> samples() {
        return List.of(
                new HoldRecord.Placed(ID, "cam-01", T.minusSeconds(3600), T, "mgr-1", "police request 2026-118",
                        Optional.of(T.plusSeconds(86_400)), T),
                new HoldRecord.Placed(ID, "cam-01", T, T, "mgr-1", "case", Optional.empty(), T.plusMillis(250)),
                new HoldRecord.Released(ID, "cam-01", "mgr-1", "case closed", T.plusSeconds(60)),
                new HoldRecord.Expired(ID, "cam-01", T.plusSeconds(86_400), T.plusSeconds(90_000)));
    }

    @Test
    @DisplayName("K3-2-2, G7: signed and unsigned hold records read back from their evidence records equal those"
            + " written, and a signed one verifies under the retention key only")
    void signedRecords_roundTripAndVerifyUnderTheRetentionKeyOnly_G7_K3_2_2() throws Exception {
        TestSigner other = TestSigner.generate();
        for (HoldRecord r : samples()) {
            assertEquals(r, HoldRecord.fromRecord(r.toRecord()));
            HoldRecord s = r.signed(TestSigner.RETENTION);
            HoldRecord back = HoldRecord.fromRecord(s.toRecord());
            assertEquals(s, back);
            back.verifySignature(TestSigner.RETENTION);
            assertThrows(SignatureInvalidException.class, () -> back.verifySignature(other), r.type());
            SignatureInvalidException unsigned = assertThrows(SignatureInvalidException.class,
                    () -> r.verifySignature(TestSigner.RETENTION));
            assertEquals(r.type() + " " + ID + ": not signed", unsigned.getMessage());
            assertEquals(List.of("K3-2-2"), s.toRecord().body().get("requirements"));
        }
    }

    @Test
    @DisplayName("K3-2-2, G7: the signature covers the act's context string, then the canonical body without it —"
            + " the receipts' scheme, one context per act")
    void signedBytes_areTheContextThenTheCanonicalBody_G7_K3_2_2() throws Exception {
        HoldRecord r = samples().get(2).signed(TestSigner.RETENTION);
        Map<String, Object> body = new LinkedHashMap<>(r.toRecord().body());
        body.remove("signature");
        byte[] ctx = "mimamori-hold-released-v1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] canon = CanonicalJson.encode(body);
        byte[] expected = new byte[ctx.length + canon.length];
        System.arraycopy(ctx, 0, expected, 0, ctx.length);
        System.arraycopy(canon, 0, expected, ctx.length, canon.length);
        assertArrayEquals(expected, r.signedBytes());
        assertEquals(List.of("mimamori-hold-placed-v1\n", "mimamori-hold-placed-v1\n", "mimamori-hold-released-v1\n",
                "mimamori-hold-expired-v1\n"), samples().stream().map(HoldRecord::signingContext).toList());
    }

    @Test
    @DisplayName("K3-4, G7 (attack): a signed record edited after signing, or its signed body passed off as another"
            + " act or at another time, does not verify or is refused")
    void editedOrRetypedSignedRecords_doNotCount_G7_K3_4() throws Exception {
        HoldRecord released = samples().get(2).signed(TestSigner.RETENTION);
        Map<String, Object> edited = new LinkedHashMap<>(released.toRecord().body());
        edited.put("reason", "nothing to see");
        HoldRecord back = HoldRecord.fromRecord(EvidenceRecord.of(EvidenceTypes.HOLD_RELEASED, released.at(), edited));
        assertThrows(SignatureInvalidException.class, () -> back.verifySignature(TestSigner.RETENTION));
        // The expiry's signed body under the release's type: its fields are not a release's.
        HoldRecord expired = samples().get(3).signed(TestSigner.RETENTION);
        assertThrows(InvalidDocumentException.class, () -> HoldRecord.fromRecord(EvidenceRecord.of(
                EvidenceTypes.HOLD_RELEASED, expired.at(), expired.toRecord().body())));
        InvalidDocumentException time = assertThrows(InvalidDocumentException.class, () -> HoldRecord.fromRecord(
                EvidenceRecord.of(EvidenceTypes.HOLD_RELEASED, T, released.toRecord().body())));
        assertEquals(List.of("time"), time.problems().stream().map(Problem::path).toList());
        assertEquals("K3-2-2", time.problems().get(0).requirement());
    }

    @Test
    @DisplayName("K3-2-2: reading is strict: unknown and missing fields, a malformed id, and a signed body not"
            + " written as its fields write it are each named")
    void strictReading_namesEachProblem() throws Exception {
        HoldRecord placed = samples().get(0);
        Map<String, Object> b = new LinkedHashMap<>(placed.toRecord().body());
        b.put("extra", 1);
        b.remove("reason");
        b.put("hold_id", "hold-1");
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> HoldRecord.fromRecord(EvidenceRecord.of(EvidenceTypes.HOLD_PLACED, T, b)));
        assertEquals(List.of("extra", "hold_id", "reason"),
                e.problems().stream().map(Problem::path).sorted().toList());
        Map<String, Object> s = new LinkedHashMap<>(placed.signed(TestSigner.RETENTION).toRecord().body());
        s.put("to", "2026-04-10T09:00:00.000Z");
        InvalidDocumentException w = assertThrows(InvalidDocumentException.class,
                () -> HoldRecord.fromRecord(EvidenceRecord.of(EvidenceTypes.HOLD_PLACED, T, s)));
        assertTrue(w.getMessage().contains("to"), w.getMessage());
        assertThrows(InvalidDocumentException.class,
                () -> HoldRecord.fromRecord(EvidenceRecord.of(EvidenceTypes.ERASURE_INTENT, T, Map.of())));
    }
}
