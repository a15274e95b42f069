package jp.mimamori.core.decision;

import java.util.List;
import java.util.Objects;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.rules.ComplianceReport;

/**
 * {@link DecisionEngine#create} refused rules whose compliance check has ERROR findings, as no
 * {@link FindingsAcknowledgement} was given. The message lists the findings, one a line; {@link #errors()} gives
 * them as values.
 *
 * <pre>{@code
 * try {
 *     engine = DecisionEngine.create(rules, profile);
 * } catch (NonCompliantRulesException e) {
 *     e.errors().forEach(f -> System.err.println(f));
 * }
 * }</pre>
 *
 * <p>Its state is fixed when it is thrown; safe to pass between threads.
 */
public final class NonCompliantRulesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient ComplianceReport report;

    NonCompliantRulesException(ComplianceReport report) {
        super("rules: " + report.rules() + " has ERROR findings under " + report.profile()
                + "; fix them or pass a FindingsAcknowledgement:\n  " + String.join("\n  ",
                errors(report).stream().map(Finding::toString).toList()));
        this.report = Objects.requireNonNull(report, "report");
    }

    /** The whole report. */
    public ComplianceReport report() {
        return report;
    }

    /** The ERROR findings that made the engine refuse. */
    public List<Finding> errors() {
        return errors(report);
    }

    static List<Finding> errors(ComplianceReport report) {
        return report.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }
}
