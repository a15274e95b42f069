package jp.mimamori.core.suite;

import java.util.List;

/**
 * The outcome of a whole suite.
 *
 * <p>Immutable and thread-safe.
 *
 * @param suite   the suite's name
 * @param results one result per case, in order
 */
public record SuiteResult(String suite, List<CaseResult> results) {
    /** Copies the list. */
    public SuiteResult {
        results = List.copyOf(results);
    }

    /** Whether every case passed. */
    public boolean passed() {
        return results.stream().allMatch(CaseResult::passed);
    }

    /** The cases that failed. */
    public List<CaseResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }
}
