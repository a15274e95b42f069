package jp.mimamori.cli.decide;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.rules.CoreInput;
import jp.mimamori.cli.rules.DecidingOptions;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.NonCompliantRulesException;
import jp.mimamori.core.decision.Request;
import jp.mimamori.core.decision.RequestReader;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.core.suite.SuiteRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mimamori decide}: decides one request under operating rules and prints why. */
@Command(name = "decide", mixinStandardHelpOptions = true,
        description = "Decide an access or disclosure request under operating rules. Exit 0 permit, 1 deny,"
                + " 2 input error (also: rules with ERROR findings without --accept-findings, a camera or principal"
                + " the rules do not know).%n閲覧・提供の可否を判断し、理由を示します。")
public final class DecideCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "operating rules JSON")
    Path rulesFile;

    @Option(names = "--request", required = true, paramLabel = "FILE", description = "request JSON")
    Path requestFile;

    @Mixin
    DecidingOptions options = new DecidingOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OperatingRules rules;
        Request request;
        DecisionEngine engine;
        try {
            rules = RulesReader.read(rulesFile);
            engine = DecisionEngine.create(rules, SuiteRunner.profile(rules, options.profiles()),
                    options.engineOptions("decide"));
        } catch (InvalidDocumentException e) {
            CoreInput.error(err, rulesFile.toString(), e, options.locale());
            return ExitCodes.USAGE;
        } catch (NonCompliantRulesException e) {
            return CoreInput.refused(err, e, options.locale());
        }
        try {
            request = RequestReader.parse(InputFiles.json(requestFile, RequestReader.MAX_BYTES));
            // A person typed this request: a camera or principal the rules do not know is a typo, not a refusal.
            engine.requireKnown(request);
        } catch (InvalidDocumentException e) {
            CoreInput.error(err, requestFile.toString(), e, options.locale());
            return ExitCodes.USAGE;
        } catch (IllegalArgumentException e) {
            err.println(requestFile + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Decision d = engine.decide(request);
        if (options.json()) {
            out.println(JSON.writeValueAsString(json(d)));
        } else {
            out.println(d.explain(options.locale()));
        }
        return d.permitted() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    /** The machine-readable form of a decision ({@code "format": "mimamori-decision"}). */
    public static Map<String, Object> json(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "mimamori-decision");
        m.put("version", 1);
        m.put("decision", d.permitted() ? "PERMIT" : "DENY");
        m.put("requirements", d.requirements());
        m.put("reason_en", d.reason().en());
        m.put("reason_ja", d.reason().ja());
        m.put("facts", d.facts().stream().map(f -> Map.of("name", f.name(), "value", f.value())).toList());
        if (d instanceof Decision.Permit p) {
            m.put("obligations", p.obligations().stream().map(o -> Map.of("code", o.name(), "requirement",
                    o.requirement(), "message_en", o.text().en(), "message_ja", o.text().ja())).toList());
        } else {
            m.put("closest", ((Decision.Deny) d).closest().stream().map(c -> Map.of("message_en", c.en(),
                    "message_ja", c.ja())).toList());
        }
        m.put("rules", d.rules());
        m.put("profile", d.profile());
        return m;
    }
}
