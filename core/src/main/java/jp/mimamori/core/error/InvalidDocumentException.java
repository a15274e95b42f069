package jp.mimamori.core.error;

import java.util.List;
import java.util.Objects;

/**
 * A document read from outside (operating rules, a guideline profile, a request, a rules test suite) is not
 * acceptable. Carries <em>all</em> problems found, not only the first, so an author fixes them in one pass.
 * Checked: every reader of outside input declares it, and throws nothing else on arbitrary bytes.
 *
 * <p>Its state is fixed when it is thrown; safe to pass between threads.
 */
public class InvalidDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The problems; never empty. */
    private final transient List<Problem> problems;

    /** An exception listing {@code problems}, which must not be empty. */
    public InvalidDocumentException(String what, List<Problem> problems) {
        super(summary(what, problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in document order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String summary(String what, List<Problem> problems) {
        Objects.requireNonNull(what, "what");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: must not be empty");
        }
        StringBuilder sb = new StringBuilder(what).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (Problem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
