package jp.mimamori.core.suite;

import java.util.List;
import java.util.Objects;
import jp.mimamori.core.decision.Decision;

/**
 * The outcome of one case.
 *
 * <p>Immutable and thread-safe.
 *
 * @param testCase the case
 * @param decision what the engine decided
 * @param missing  expected requirement IDs the decision did not cite
 */
public record CaseResult(TestCase testCase, Decision decision, List<String> missing) {
    /** Validates and copies. */
    public CaseResult {
        Objects.requireNonNull(testCase, "testCase");
        Objects.requireNonNull(decision, "decision");
        missing = List.copyOf(missing);
    }

    /** Whether the decision and its requirement IDs are as expected. */
    public boolean passed() {
        return decision.permitted() == testCase.expectPermit() && missing.isEmpty();
    }

    /** One line: {@code PASS name} or {@code FAIL name: expected …, got …}. */
    public String summary() {
        if (passed()) {
            return "PASS " + testCase.name();
        }
        return "FAIL " + testCase.name() + ": expected " + (testCase.expectPermit() ? "PERMIT" : "DENY")
                + " citing " + testCase.expectedRequirements() + ", got " + (decision.permitted() ? "PERMIT" : "DENY")
                + " citing " + decision.requirements() + (missing.isEmpty() ? "" : " (missing " + missing + ")")
                + ": " + decision.reason().en();
    }
}
