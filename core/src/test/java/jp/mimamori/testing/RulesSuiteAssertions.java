package jp.mimamori.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.suite.CaseResult;
import jp.mimamori.core.suite.SuiteResult;
import jp.mimamori.core.suite.SuiteRunner;

/**
 * JUnit helper for a city's rules test suites: one line in a test checks the rules before adoption.
 *
 * <pre>{@code
 * @Test void ourRules_passTheirSuite() throws Exception {
 *     RulesSuiteAssertions.assertPasses(Path.of("src/test/resources/city-hall.tests.json"));
 * }
 * }</pre>
 */
public final class RulesSuiteAssertions {
    private RulesSuiteAssertions() {}

    /** Runs the suite file under the built-in profiles and fails listing every failed case. */
    public static SuiteResult assertPasses(Path suiteFile) throws IOException, InvalidDocumentException {
        return assertPasses(suiteFile, ProfileRegistry.builtIn());
    }

    /** Runs the suite file under {@code profiles} and fails listing every failed case. */
    public static SuiteResult assertPasses(Path suiteFile, ProfileRegistry profiles)
            throws IOException, InvalidDocumentException {
        return assertPasses(SuiteRunner.run(suiteFile, profiles));
    }

    /** Fails listing every failed case of {@code result}. */
    public static SuiteResult assertPasses(SuiteResult result) {
        if (!result.passed()) {
            throw new AssertionError(result.suite() + ": " + result.failures().size() + " of "
                    + result.results().size() + " cases failed\n" + result.failures().stream()
                    .map(CaseResult::summary).collect(Collectors.joining("\n")));
        }
        return result;
    }
}
