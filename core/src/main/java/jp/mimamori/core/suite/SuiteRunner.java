package jp.mimamori.core.suite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.EngineOptions;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.error.Problem;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.core.text.LocalizedText;

/** Runs rules test suites. Stateless; thread-safe. */
public final class SuiteRunner {
    private SuiteRunner() {}

    /** Runs {@code suite} against an engine. */
    public static SuiteResult run(RulesTestSuite suite, DecisionEngine engine) {
        List<CaseResult> out = new ArrayList<>();
        for (TestCase c : suite.cases()) {
            Decision d = engine.decide(c.request());
            List<String> missing = c.expectedRequirements().stream()
                    .filter(id -> !d.requirements().contains(id)).toList();
            out.add(new CaseResult(c, d, missing));
        }
        return new SuiteResult(suite.name(), out);
    }

    /**
     * Runs {@code suite} against {@code rules} under the profile they name, taken from {@code profiles}.
     *
     * @throws jp.mimamori.core.decision.NonCompliantRulesException if the rules have ERROR findings
     */
    public static SuiteResult run(RulesTestSuite suite, OperatingRules rules, ProfileRegistry profiles)
            throws InvalidDocumentException {
        return run(suite, rules, profiles, EngineOptions.defaults());
    }

    /** The same with engine options, such as a {@link jp.mimamori.core.decision.FindingsAcknowledgement}. */
    public static SuiteResult run(RulesTestSuite suite, OperatingRules rules, ProfileRegistry profiles,
                                  EngineOptions options) throws InvalidDocumentException {
        return run(suite, DecisionEngine.create(rules, profile(rules, profiles), options));
    }

    /**
     * Reads the suite file, the rules file it names (relative to the suite file) and runs it.
     *
     * @throws InvalidDocumentException if the suite or the rules are invalid, or name an unknown profile
     * @throws jp.mimamori.core.decision.NonCompliantRulesException if the rules have ERROR findings
     */
    public static SuiteResult run(Path suiteFile, ProfileRegistry profiles) throws IOException,
            InvalidDocumentException {
        return run(suiteFile, profiles, EngineOptions.defaults());
    }

    /** The same with engine options, such as a {@link jp.mimamori.core.decision.FindingsAcknowledgement}. */
    public static SuiteResult run(Path suiteFile, ProfileRegistry profiles, EngineOptions options)
            throws IOException, InvalidDocumentException {
        RulesTestSuite suite = RulesTestSuite.parse(BoundedFiles.read(suiteFile, JsonInput.MAX_BYTES));
        Path parent = suiteFile.toAbsolutePath().getParent();
        OperatingRules rules = RulesReader.read(parent.resolve(suite.rules()));
        return run(suite, rules, profiles, options);
    }

    /** The profile {@code rules} follow, or the typed error naming {@code profile.id}. */
    public static GuidelineProfile profile(OperatingRules rules, ProfileRegistry profiles)
            throws InvalidDocumentException {
        return profiles.find(rules.profileId(), rules.profileVersion()).orElseThrow(() ->
                new InvalidDocumentException("operating rules", List.of(Problem.of("profile", "K5-2",
                        LocalizedText.of("プロファイル" + rules.profileRef() + "が見つかりません",
                        "unknown guideline profile " + rules.profileRef())))));
    }
}
