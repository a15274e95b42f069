package jp.mimamori.recorder.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** policy.json is outside input: bad values are clear errors naming the field, never a crash. */
class PolicyFileTest {
    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("K3-2-2: a Kumagaya-style policy file reads into per-camera periods")
    void readsPolicy() throws Exception {
        List<String> holders = new ArrayList<>();
        var p = RetentionWorkspace.policy(utf8("{\"format\":\"mimamori-retention-policy\",\"version\":1,"
                + "\"profile\":\"kumagaya-2019\",\"principle_days\":14,\"cameras\":[{\"camera\":\"k-1\",\"days\":7}],"
                + "\"hold_principals\":[\"kmg-manager\"]}"), holders);
        assertEquals(Duration.ofDays(7), p.periodOf("k-1"));
        assertEquals(List.of("kmg-manager"), holders);
    }

    @Test
    void hugeNumber_isRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetentionWorkspace.policy(
                utf8("{\"format\":\"mimamori-retention-policy\",\"version\":1,"
                        + "\"cameras\":[{\"camera\":\"k-1\",\"days\":9223372036854775807}]}"), new ArrayList<>()));
        assertEquals("policy.json: 1 problem\n  cameras[0].days: 9223372036854775807 is outside 0 to 36500 (K3-2-2)",
                e.getMessage());
    }

    @Test
    void duplicateKey_unknownField_andWrongFormat_areEachNamed() {
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> RetentionWorkspace.policy(
                utf8("{\"format\":\"mimamori-retention-policy\",\"version\":1,\"version\":1}"), new ArrayList<>()));
        assertTrue(dup.getMessage().contains("Duplicate field 'version'"), dup.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetentionWorkspace.policy(
                utf8("{\"format\":\"other\",\"version\":1,\"ceilng_days\":31}"), new ArrayList<>()));
        assertTrue(e.getMessage().contains("format: must be \"mimamori-retention-policy\""), e.getMessage());
        assertTrue(e.getMessage().contains("ceilng_days: unknown field"), e.getMessage());
    }

    /** Arbitrary policy files fail only with an IllegalArgumentException naming the problems. */
    @FuzzTest(maxDuration = "10s")
    void arbitraryPolicy_onlyClearErrors(FuzzedDataProvider data) {
        try {
            RetentionWorkspace.policy(data.consumeRemainingAsBytes(), new ArrayList<>());
        } catch (IllegalArgumentException expected) {
            // the only failures allowed
        }
    }
}
