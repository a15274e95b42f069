package jp.mimamori.cli.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.JsonOption;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.error.Problem;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.rules.ComplianceCheck;
import jp.mimamori.core.rules.ComplianceReport;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.core.suite.SuiteRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mimamori rules check FILE}: every problem and compliance finding at once. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Read operating rules and check them against the profile they name. Exit 0 compliant,"
                + " 1 findings, 2 input error (a file that cannot be read as rules).%n設置運用規約をガイドラインに照らして検査します。")
public final class RulesCheckCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "operating rules JSON")
    Path file;

    @Mixin
    CoreOptions options = new CoreOptions();

    @Option(names = "--as-of", paramLabel = "INSTANT",
            description = "check overdue inspections and inquiries as of this time (default: now)")
    Instant asOf;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Locale locale = options.locale();
        var registry = options.profiles();
        OperatingRules rules;
        try {
            rules = RulesReader.read(file);
        } catch (InvalidDocumentException e) {
            if (json.json()) {
                out.println(JSON.writeValueAsString(result(null, null, e.problems(), List.of(), false)));
            } else {
                CoreInput.print(out, file.toString(), e, locale);
            }
            return ExitCodes.USAGE; // not readable as rules (malformed JSON, limits, schema): input error

        }
        GuidelineProfile profile = SuiteRunner.profile(rules, registry);
        ComplianceReport report = ComplianceCheck.check(rules, profile, asOf == null ? Instant.now() : asOf);
        if (json.json()) {
            out.println(JSON.writeValueAsString(result(rules.ref(), profile.ref(), List.of(), report.findings(),
                    report.compliant())));
        } else {
            print(out, report, locale);
        }
        return report.compliant() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    /** Prints a report as text. */
    public static void print(PrintWriter out, ComplianceReport report, Locale locale) {
        boolean ja = "ja".equals(locale.getLanguage());
        out.println(report.rules() + (ja ? " を " : " checked against ") + report.profile()
                + (ja ? " に照らして検査: " : ": ") + (report.compliant() ? (ja ? "適合" : "compliant")
                : (ja ? "要対応" : "NOT compliant")) + " (" + report.findings().size()
                + (ja ? " 件)" : report.findings().size() == 1 ? " finding)" : " findings)"));
        for (Finding f : report.findings()) {
            out.println("  " + f.severity() + " " + f.code() + " " + f.render(locale));
        }
    }

    static Map<String, Object> result(String rules, String profile, List<Problem> problems, List<Finding> findings,
                                      boolean compliant) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "mimamori-rules-check");
        m.put("version", 1);
        m.put("rules", rules);
        m.put("profile", profile);
        m.put("compliant", compliant);
        m.put("problems", problems.stream().map(p -> Map.of("path", p.path(), "requirement", p.requirement(),
                "message_en", p.message().en(), "message_ja", p.message().ja())).toList());
        m.put("findings", findings.stream().map(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("code", f.code().name());
            x.put("severity", f.severity().name());
            x.put("path", f.where().toString());
            x.put("requirements", f.requirements());
            x.put("message_en", f.message().en());
            x.put("message_ja", f.message().ja());
            return x;
        }).toList());
        return m;
    }
}
