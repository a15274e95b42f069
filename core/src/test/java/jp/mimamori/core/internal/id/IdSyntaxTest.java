package jp.mimamori.core.internal.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jp.mimamori.core.evidence.SegmentSealed;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One form of id, one check (issue 12): a camera id names a store folder, so every place that takes one accepts
 * exactly what {@link IdSyntax} accepts.
 */
class IdSyntaxTest {
    private static final String HASH = "0".repeat(64);
    /** Characters of an id and the ones an attacker tries instead (separators, dot-dot, spaces, full width). */
    private static final String ALPHABET = "aZ9._-/\\ \n:ｃ";

    static boolean acceptedBy(Runnable constructor) {
        try {
            constructor.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    @DisplayName("K3-2-4: ids are 1 to 64 letters, digits, '.', '_', '-', starting with a letter or digit; no path")
    void edgeCases_acceptExactlyTheDocumentedForm() {
        for (String ok : List.of("a", "Z", "9", "cam-01", "es-gate", "a.b_c-d", "x".repeat(64))) {
            assertTrue(IdSyntax.isId(ok), ok);
            assertEquals(ok, IdSyntax.require(ok, "camera"));
        }
        for (String bad : List.of("", ".", "..", ".hidden", "-x", "_x", "a/b", "..\\x", "a b", "cam\n",
                "ｃａｍ", "x".repeat(65))) {
            assertFalse(IdSyntax.isId(bad), bad);
        }
        assertFalse(IdSyntax.isId(null));
    }

    @Test
    @DisplayName("K3-2-4: a refused id names the field and the rule, the value clipped to 40 characters")
    void badId_isRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IdSyntax.require("../" + "x".repeat(60), "cameraId"));
        assertEquals("cameraId: \"../" + "x".repeat(37) + "…\" is not an id (letters, digits, '.', '_', '-', at"
                + " most 64)", e.getMessage());
        assertThrows(NullPointerException.class, () -> IdSyntax.require(null, "camera"));
    }

    @Test
    @DisplayName("K3-2-4, K3-2-3: SegmentRef and segment.sealed accept a camera id exactly when IdSyntax does")
    void coreRecords_acceptExactlyTheIds() {
        Instant t = Instant.parse("2026-04-01T00:00:00Z");
        Predicate<String> segmentRef = s -> acceptedBy(() -> new SegmentRef(s, 0, t, t, 1, HASH));
        Predicate<String> sealed = s -> acceptedBy(() -> new SegmentSealed(s, 0, HASH, 0, 1, 1));
        Props.theory().forAll(lists().of(integers().between(0, ALPHABET.length() - 1)).ofSizeBetween(0, 70))
                .checkAssert(codes -> {
                    String s = codes.stream().map(i -> String.valueOf(ALPHABET.charAt(i)))
                            .collect(Collectors.joining());
                    assertEquals(IdSyntax.isId(s), segmentRef.test(s), s);
                    assertEquals(IdSyntax.isId(s), sealed.test(s), s);
                });
    }
}
