package jp.mimamori.core.suite;

import java.util.List;
import java.util.Objects;
import jp.mimamori.core.decision.Request;

/**
 * One case of a rules test suite.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name                 what the case checks, ideally naming its requirement
 * @param request              the request to decide
 * @param expectPermit         whether a permit is expected
 * @param expectedRequirements IDs the decision must cite (it may cite more)
 */
public record TestCase(String name, Request request, boolean expectPermit, List<String> expectedRequirements) {
    /** Validates and copies. */
    public TestCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
        expectedRequirements = List.copyOf(expectedRequirements);
    }
}
