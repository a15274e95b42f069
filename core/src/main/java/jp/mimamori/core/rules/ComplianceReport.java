package jp.mimamori.core.rules;

import java.util.List;
import jp.mimamori.core.finding.ComplianceCode;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Severity;

/**
 * The findings of one compliance check, in document order.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rules    {@code id@version} of the rules checked
 * @param profile  {@code id@version} of the profile checked against
 * @param findings every finding
 */
public record ComplianceReport(String rules, String profile, List<Finding> findings) {
    /** Copies the list. */
    public ComplianceReport {
        findings = List.copyOf(findings);
    }

    /** Whether nothing needs fixing: no ERROR and no WARNING (INFO findings are for the record). */
    public boolean compliant() {
        return findings.stream().allMatch(f -> f.severity() == Severity.INFO);
    }

    /** The findings with code {@code code}. */
    public List<Finding> withCode(ComplianceCode code) {
        return findings.stream().filter(f -> f.code() == code).toList();
    }
}
