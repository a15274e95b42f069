package jp.mimamori.core.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.testing.RulesSuiteAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A city checks its rules with its own test suite before adopting them (K4-1). */
class SuiteRunnerTest {

    static Path writeSamples(Path dir) throws Exception {
        for (String n : Samples.names()) {
            Files.write(dir.resolve(n), Samples.bytes(n));
        }
        return dir;
    }

    @Test
    @DisplayName("K4-1: the shipped suites pass against the shipped rules")
    void sampleSuites_pass(@TempDir Path dir) throws Exception {
        writeSamples(dir);
        assertEquals(18, RulesSuiteAssertions.assertPasses(dir.resolve(Samples.KUMAGAYA_CITY_HALL_TESTS))
                .results().size());
        assertEquals(10, RulesSuiteAssertions.assertPasses(dir.resolve(Samples.SAKU_SCHOOL_TESTS)).results().size());
        SuiteResult draft = SuiteRunner.run(dir.resolve(Samples.KUMAGAYA_DRAFT_TESTS), ProfileRegistry.builtIn(),
                jp.mimamori.core.decision.EngineOptions.defaults().acknowledging(
                        new jp.mimamori.core.decision.FindingsAcknowledgement("test", "the draft's defects")));
        assertTrue(draft.passed(), draft.failures().toString());
        assertEquals(7, draft.results().size());
    }

    @Test
    @DisplayName("K4-1: a rules change that breaks an expectation fails the suite, naming the case")
    void changedRules_failTheSuite(@TempDir Path dir) throws Exception {
        writeSamples(dir);
        // The Saku school drops its remote-viewing grant: the central-desk case must now fail.
        String rules = Files.readString(dir.resolve(Samples.SAKU_SCHOOL));
        Files.writeString(dir.resolve(Samples.SAKU_SCHOOL), rules.replaceAll(
                "(?s)\"remote_viewing\": \\[.*?\\],\\s*\"inspection\"", "\"inspection\""));
        SuiteResult r = SuiteRunner.run(dir.resolve(Samples.SAKU_SCHOOL_TESTS),
                jp.mimamori.core.profile.ProfileRegistry.builtIn());
        assertFalse(r.passed());
        assertEquals(List.of("FAIL S5: the board of education's central desk views over its dedicated line: expected"
                + " PERMIT citing [S5], got DENY citing [S5]: the rules do not enable remote viewing for 学校教育課"
                + " 監視センター (school education division, central desk) (boe-center) at site 佐久市立南小学校 (Saku Minami"
                + " Elementary School, fictional) (minami-es)"), r.failures().stream().map(CaseResult::summary).toList());
        AssertionError e = assertThrows(AssertionError.class, () -> RulesSuiteAssertions.assertPasses(r));
        assertEquals(true, e.getMessage().startsWith("Saku Minami Elementary School rules, checked before adoption: 1"
                + " of 10 cases failed"));
    }

    @Test
    void badSuite_listsEveryProblem() {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> RulesTestSuite.parse(
                ("{\"format\":\"mimamori-rules-test\",\"format_version\":1,\"name\":\"n\",\"rules\":\"r.json\","
                        + "\"cases\":[{\"name\":\"c\",\"request\":{\"type\":\"peek\"},\"expect\":{\"decision\":\"MAYBE\"}}]}")
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("cases[0].request.type: must be \"access\" or \"disclosure\" (K4-1)",
                "cases[0].expect.decision: must be \"PERMIT\" or \"DENY\" (K4-1)"),
                e.problems().stream().map(Object::toString).toList());
    }

    @FuzzTest(maxDuration = "10s")
    void parse_onlyTypedError(FuzzedDataProvider data) {
        try {
            RulesTestSuite.parse(data.consumeRemainingAsBytes());
        } catch (InvalidDocumentException expected) {
            if (expected.problems().isEmpty()) {
                throw new AssertionError("typed error without problems");
            }
        }
    }
}
