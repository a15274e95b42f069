package jp.mimamori.core.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire names of erasure methods and reasons are part of the evidence-record format (FORMATS.md). */
class WireNamesTest {

    @Test
    void erasureMethods_keepTheirWireNames() {
        assertEquals(List.of("crypto-erase", "overwrite", "delete"),
                Arrays.stream(ErasureMethod.values()).map(ErasureMethod::wireName).toList());
        for (ErasureMethod m : ErasureMethod.values()) {
            assertEquals(m, ErasureMethod.fromWire(m.wireName()));
        }
    }

    @Test
    void erasureReasons_keepTheirWireNames() {
        assertEquals(List.of("scheduled", "forced", "decommission"),
                Arrays.stream(ErasureReason.values()).map(ErasureReason::wireName).toList());
        for (ErasureReason r : ErasureReason.values()) {
            assertEquals(r, ErasureReason.fromWire(r.wireName()));
        }
    }

    @Test
    void unknownWireName_isRejectedNamingTheField() {
        assertEquals("method: unknown erasure method CRYPTO_ERASE",
                assertThrows(IllegalArgumentException.class, () -> ErasureMethod.fromWire("CRYPTO_ERASE"))
                        .getMessage());
        assertEquals("reason: unknown erasure reason later",
                assertThrows(IllegalArgumentException.class, () -> ErasureReason.fromWire("later")).getMessage());
    }
}
