package jp.mimamori.core.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.Test;

/** Evidence records hold only values the canonical JSON profile can encode (DESIGN.md, format ground rules). */
class EvidenceRecordTest {

    @Test
    void integerBeyondTwoToThe53_isRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvidenceRecord.of("hold.placed", Instant.EPOCH, Map.of("n", 1L << 53)));
        assertEquals("body.n: integer outside ±(2^53-1) (DESIGN format rules)", e.getMessage());
    }

    @Test
    void nonAsciiKey_isRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> EvidenceRecord.of("hold.placed", Instant.EPOCH, Map.of("理由", "x")));
    }

    @Test
    void loneSurrogate_isRejected_asNoCanonicalEncodingExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvidenceRecord.of("hold.placed", Instant.EPOCH, Map.of("s", "a\ud800")));
        assertEquals("body.s: string contains a lone surrogate (I-JSON)", e.getMessage());
    }

    @Test
    void body_isCopiedAndUnmodifiable() {
        EvidenceRecord r = EvidenceRecord.of("erasure.receipt", Instant.parse("2026-01-01T00:00:00.123456Z"),
                Map.of("list", List.of(1, "a")));
        assertEquals(List.of(1L, "a"), r.body().get("list"));
        assertEquals(Instant.parse("2026-01-01T00:00:00.123Z"), r.occurredAt());
        assertThrows(UnsupportedOperationException.class, () -> r.body().put("x", "y"));
    }

    @Test
    void strings_readAStringArray_andNothingElse_K3_4() {
        EvidenceRecord r = EvidenceRecord.of("decision.disclosure", Instant.EPOCH,
                Map.of("cameras", List.of("cam-1", "cam-2"), "mixed", List.of("a", 1, "b"), "camera", "cam-1"));
        assertEquals(List.of("cam-1", "cam-2"), r.strings("cameras"));
        assertEquals(List.of("a", "b"), r.strings("mixed"));
        assertEquals(List.of(), r.strings("camera"));
        assertEquals(List.of(), r.strings("absent"));
    }

    @Test
    void safeIntegersAndAnyStrings_areAccepted() {
        Props.theory().forAll(longs().between(-(1L << 53) + 1, (1L << 53) - 1),
                        strings().betweenCodePoints(0, Character.MIN_SURROGATE - 1).ofLengthBetween(0, 40))
                .check((n, s) -> {
                    EvidenceRecord r = EvidenceRecord.of("x.y", Instant.EPOCH, Map.of("n", n, "s", s));
                    return r.body().get("n").equals(n) && r.body().get("s").equals(s);
                });
    }

    /** Arbitrary input never escapes as anything but IllegalArgumentException. */
    @FuzzTest(maxDuration = "10s")
    void arbitraryTypeAndBody_onlyIllegalArgument(FuzzedDataProvider data) {
        String type = data.consumeString(80);
        String key = data.consumeString(20);
        long n = data.consumeLong();
        try {
            EvidenceRecord.of(type, Instant.EPOCH, Map.of(key, n));
        } catch (IllegalArgumentException expected) {
            // the only failure allowed
        }
    }
}
