package jp.mimamori.recorder.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import jp.mimamori.retention.erase.SimulatedClock;
import jp.mimamori.retention.policy.RetentionSchedule;
import jp.mimamori.testing.Profiles;
import jp.mimamori.testing.SampleRules;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retention folder's files are outside input: periods come from the operating rules, read strictly (a
 * duplicate key shortening a period is refused, naming the field), and the workspace file likewise.
 */
class WorkspaceFilesTest {
    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("K3-2-2, S1, S2: periods, ceiling and floor come from the rules and their profile, not a policy file")
    void schedule_comesFromTheRules() {
        RetentionSchedule s = RetentionWorkspace.schedule(SampleRules.rules(SampleRules.SAKU), Profiles.SAKU);
        assertEquals(Duration.ofDays(14), s.periodOf("es-gate"));
        assertEquals(Duration.ofDays(7), s.floor(), "Saku's floor (S2)");
        assertEquals(java.util.Optional.of(Duration.ofDays(31)), s.bounds().ceiling());
        assertEquals(Duration.ofDays(7), s.periodOf("not-in-the-rules"), "the profile's shortest (K1-1)");
        RetentionSchedule k = RetentionWorkspace.schedule(SampleRules.rules(SampleRules.KUMAGAYA), Profiles.KUMAGAYA);
        assertEquals(Duration.ofDays(30), k.periodOf("ch-parking"), "justified in the rules (K3-2-2)");
        assertTrue(k.check().isEmpty(), k.check().toString());
    }

    @Test
    @DisplayName("K3-2-2: a duplicate key in a camera's retention (\"days\": 21, \"days\": 1) is refused, naming it")
    void duplicateDays_isRefusedNamingTheField() {
        String rules = new String(SampleRules.bytes(SampleRules.SAKU), StandardCharsets.UTF_8)
                .replaceFirst("\"days\": 14", "\"days\": 21, \"days\": 1");
        IOException e = assertThrows(IOException.class, () -> RetentionWorkspace.create(dir, utf8(rules), false));
        assertTrue(e.getMessage().contains("days"), e.getMessage());
        assertTrue(e.getMessage().contains("uplicate"), e.getMessage());
        assertTrue(e.getMessage().contains("(K4-1)"), e.getMessage());
    }

    @Test
    @DisplayName("K3-2-3: workspace.json is read strictly: duplicate keys, unknown fields and a wrong format are named")
    void workspaceFile_isReadStrictly() {
        assertEquals(true, RetentionWorkspace.simulation(utf8(
                "{\"format\":\"mimamori-retention-workspace\",\"version\":1,\"simulation\":true}")));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> RetentionWorkspace
                .simulation(utf8("{\"format\":\"mimamori-retention-workspace\",\"version\":1,\"simulation\":false,"
                        + "\"simulation\":true}")));
        assertTrue(dup.getMessage().contains("simulation"), dup.getMessage());
        assertTrue(dup.getMessage().contains("(K3-2-3)"), dup.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetentionWorkspace
                .simulation(utf8("{\"format\":\"other\",\"version\":1,\"simulaton\":true}")));
        assertTrue(e.getMessage().contains("format: must be \"mimamori-retention-workspace\""), e.getMessage());
        assertTrue(e.getMessage().contains("simulaton: unknown field"), e.getMessage());
        assertTrue(e.getMessage().contains("simulation: required field is missing"), e.getMessage());
    }

    @Test
    @DisplayName("K3-2-2, K3-2-3: a real folder refuses a simulated clock; a simulation folder runs on one")
    void simulatedClock_onlyForSimulationFolders() throws Exception {
        RetentionWorkspace.create(dir.resolve("real"), SampleRules.bytes(SampleRules.SAKU), false);
        RetentionWorkspace.create(dir.resolve("sim"), SampleRules.bytes(SampleRules.SAKU), true);
        // The KEK is kept apart from the folders (docs/ERASURE.md).
        KeyEncryptionKeyProvider kek = KeyEncryptionKeyProvider.generateFile(dir.resolve("secrets/site.kek"));
        java.time.Clock y2099 = SimulatedClock.of(java.time.Clock.fixed(java.time.Instant.parse(
                "2099-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RetentionWorkspace.open(dir.resolve("real"), y2099, kek));
        assertTrue(e.getMessage().startsWith("clock: a simulated clock is for simulation folders only; "),
                e.getMessage());
        assertTrue(!RetentionWorkspace.isSimulation(dir.resolve("real")));
        try (RetentionWorkspace ws = RetentionWorkspace.open(dir.resolve("sim"), java.time.Clock.systemUTC(), kek)) {
            assertTrue(ws.simulation());
        }
    }

    private static final java.time.Instant T0 = java.time.Instant.parse("2026-04-01T00:00:00Z");

    /** A Saku simulation folder with one es-gate segment a day for ten days, on a clock at {@code at}. */
    private RetentionWorkspace saku(KeyEncryptionKeyProvider kek, java.time.Instant at) throws Exception {
        Path ws = dir.resolve("sim");
        if (!java.nio.file.Files.exists(ws)) {
            RetentionWorkspace.create(ws, SampleRules.bytes(SampleRules.SAKU), true);
            try (RetentionWorkspace w = RetentionWorkspace.open(ws, fixed(T0), kek)) {
                for (int i = 0; i < 10; i++) {
                    java.time.Instant s = T0.plus(Duration.ofDays(i));
                    w.store().record(new jp.mimamori.core.segment.SegmentRef("es-gate", i, s,
                            s.plus(Duration.ofHours(1)), 100, "0".repeat(64)), new byte[100]);
                }
            }
        }
        return RetentionWorkspace.open(ws, fixed(at), kek);
    }

    private static java.time.Clock fixed(java.time.Instant t) {
        return java.time.Clock.fixed(t, java.time.ZoneOffset.UTC);
    }

    @Test
    @DisplayName("Invariant 3, K3-1-1: holds are placed and lifted only by whom the rules allow to erase (the"
            + " operation manager), never by an operator or a stranger")
    void holds_onlyByPrincipalsTheEngineAllows() throws Exception {
        KeyEncryptionKeyProvider kek = KeyEncryptionKeyProvider.generateFile(dir.resolve("secrets/site.kek"));
        try (RetentionWorkspace w = saku(kek, T0.plus(Duration.ofDays(10)))) {
            java.time.Instant from = T0.plus(Duration.ofDays(2));
            for (String who : java.util.List.of("vp-kato", "intruder")) {
                assertThrows(jp.mimamori.retention.hold.HoldDeniedException.class, () -> w.service().placeHold(
                        "es-gate", from, from.plus(Duration.ofHours(1)), who, "case 1", java.util.Optional.empty()),
                        who);
            }
            var hold = w.service().placeHold("es-gate", from, from.plus(Duration.ofHours(1)), "head-ito", "case 1",
                    java.util.Optional.empty());
            assertThrows(jp.mimamori.retention.hold.HoldDeniedException.class,
                    () -> w.service().releaseHold(hold.holdId(), "vp-kato", "done"));
            assertEquals(1, w.service().holds().size(), "an operator cannot lift it");
            w.service().releaseHold(hold.holdId(), "head-ito", "done");
            assertEquals(0, w.service().holds().size());
        }
    }

    @Test
    @DisplayName("Invariant 3, K3-2-2 (attack, SECURITY G7): a hold removed from holds.json is refused at the next"
            + " open against the log that recorded it; nothing is erased")
    void holdRemovedFromTheHoldsFile_isRefusedAgainstTheLog_nothingErased() throws Exception {
        KeyEncryptionKeyProvider kek = KeyEncryptionKeyProvider.generateFile(dir.resolve("secrets/site.kek"));
        String holdId;
        java.time.Instant from = T0.plus(Duration.ofDays(2));
        try (RetentionWorkspace w = saku(kek, T0.plus(Duration.ofDays(10)))) {
            holdId = w.service().placeHold("es-gate", from, from.plus(Duration.ofHours(1)), "head-ito", "case 1",
                    java.util.Optional.empty()).holdId();
        }
        Path holds = dir.resolve("sim/state/holds.json");
        java.nio.file.Files.writeString(holds, "{\"format\":\"mimamori-holds\",\"version\":1,\"holds\":[]}");
        IOException e = assertThrows(IOException.class, () -> saku(kek, T0.plus(Duration.ofDays(30))));
        assertTrue(e.getMessage().startsWith(holds + ": holds the evidence log shows placed and never released are"
                + " missing: " + holdId + " (log record "), e.getMessage());
        assertTrue(e.getMessage().contains("(invariant 3, K3-2-2)"), e.getMessage());
        assertEquals(10, java.nio.file.Files.list(dir.resolve("sim/store/es-gate"))
                .filter(p -> p.getFileName().toString().endsWith(".json")).count(), "nothing erased");
    }

    /** Arbitrary workspace files fail only with an IllegalArgumentException naming the problems. */
    @FuzzTest(maxDuration = "10s")
    void arbitraryWorkspaceFile_onlyClearErrors(FuzzedDataProvider data) {
        try {
            RetentionWorkspace.simulation(data.consumeRemainingAsBytes());
        } catch (IllegalArgumentException expected) {
            // the only failures allowed
        }
    }
}
