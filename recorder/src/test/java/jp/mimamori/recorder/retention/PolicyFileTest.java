package jp.mimamori.recorder.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** policy.json is outside input: bad values are clear errors naming the field, never a crash. */
class PolicyFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("K3-2-2: a Kumagaya-style policy file reads into per-camera periods")
    void readsPolicy() throws Exception {
        var p = RetentionWorkspace.policy(JSON.readTree("{\"format\":\"mimamori-retention-policy\",\"version\":1,"
                + "\"profile\":\"kumagaya-2019\",\"principle_days\":14,\"cameras\":[{\"camera\":\"k-1\",\"days\":7}]}"));
        assertEquals(Duration.ofDays(7), p.periodOf("k-1"));
    }

    @Test
    void hugeNumber_isRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetentionWorkspace.policy(
                JSON.readTree("{\"format\":\"mimamori-retention-policy\",\"version\":1,"
                        + "\"cameras\":[{\"camera\":\"k-1\",\"days\":9223372036854775807}]}")));
        assertEquals("policy.json cameras[0].days: must be a whole number within 0..36500", e.getMessage());
    }

    /** Arbitrary policy files fail only with IOException or IllegalArgumentException. */
    @FuzzTest(maxDuration = "10s")
    void arbitraryPolicy_onlyClearErrors(FuzzedDataProvider data) {
        try {
            RetentionWorkspace.policy(JSON.readTree(data.consumeRemainingAsString()));
        } catch (IOException | IllegalArgumentException expected) {
            // the only failures allowed
        }
    }
}
