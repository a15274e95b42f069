package jp.mimamori.cli.rules;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.core.decision.NonCompliantRulesException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.suite.CaseResult;
import jp.mimamori.core.suite.SuiteResult;
import jp.mimamori.core.suite.SuiteRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mimamori rules test FILE}: runs a rules test suite against the rules it names. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run a rules test suite (requests with expected decisions and requirement IDs). Exit 0 all"
                + " pass, 1 a case failed, 2 input error (also: rules with ERROR findings without"
                + " --accept-findings).%n規約のテストを実行します。")
public final class RulesTestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "rules test suite JSON")
    Path file;

    @Mixin
    DecidingOptions options = new DecidingOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SuiteResult result;
        try {
            result = SuiteRunner.run(file, options.profiles(), options.engineOptions("rules test"));
        } catch (InvalidDocumentException e) {
            CoreInput.error(spec.commandLine().getErr(), file.toString(), e, options.locale());
            return ExitCodes.USAGE;
        } catch (NonCompliantRulesException e) {
            return CoreInput.refused(spec.commandLine().getErr(), e, options.locale());
        }
        if (options.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", "mimamori-rules-test-result");
            m.put("version", 1);
            m.put("suite", result.suite());
            m.put("passed", result.passed());
            m.put("cases", result.results().stream().map(RulesTestCommand::json).toList());
            out.println(RulesCheckCommand.JSON.writeValueAsString(m));
        } else {
            out.println(result.suite());
            result.results().forEach(r -> out.println("  " + r.summary()));
            out.println((result.results().size() - result.failures().size()) + " of " + result.results().size()
                    + " cases passed");
        }
        return result.passed() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    private static Map<String, Object> json(CaseResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.testCase().name());
        m.put("passed", r.passed());
        m.put("expected", r.testCase().expectPermit() ? "PERMIT" : "DENY");
        m.put("actual", r.decision().permitted() ? "PERMIT" : "DENY");
        m.put("requirements", r.decision().requirements());
        m.put("missing", r.missing());
        m.put("reason_en", r.decision().reason().en());
        return m;
    }
}
