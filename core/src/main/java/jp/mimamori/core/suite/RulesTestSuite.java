package jp.mimamori.core.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.decision.Request;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.RequestJson;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;

/**
 * A rules test suite (format in {@code docs/RULES.md}):
 *
 * <pre>{@code
 * {"format": "mimamori-rules-test", "format_version": 1, "name": "…", "rules": "kumagaya-city-hall.json",
 *  "cases": [{"name": "…", "request": {…}, "expect": {"decision": "DENY", "requirements": ["K3-3"]}}]}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param name  the suite's name
 * @param rules path of the rules file, relative to the suite file
 * @param cases the cases, at least one
 */
public record RulesTestSuite(String name, String rules, List<TestCase> cases) {
    /** The format name in the document's {@code format} field. */
    public static final String FORMAT = "mimamori-rules-test";

    /** Validates and copies. */
    public RulesTestSuite {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rules, "rules");
        cases = List.copyOf(cases);
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("cases: a suite has at least one case");
        }
    }

    /** Reads a suite, reporting every problem at once; throws nothing else on any input. */
    public static RulesTestSuite parse(byte[] json) throws InvalidDocumentException {
        JsonInput in = new JsonInput("rules test suite", "K4-1");
        Obj root = in.document(json, JsonInput.MAX_BYTES, FORMAT);
        Optional<String> name = root.text("name");
        Optional<String> rules = root.text("rules");
        List<TestCase> cases = new ArrayList<>();
        List<Obj> caseObjs = root.objects("cases", true);
        if (caseObjs.isEmpty() && root.has("cases")) {
            root.problem("cases", "K4-1", "ケースが1つ以上必要です", "at least one case is needed");
        }
        for (Obj c : caseObjs) {
            Optional<String> cname = c.text("name");
            Optional<Request> request = c.object("request", true).flatMap(RequestJson::read);
            Optional<Obj> expect = c.object("expect", true);
            Optional<String> decision = expect.flatMap(e -> e.text("decision"));
            List<String> reqs = expect.map(e -> List.copyOf(e.textSet("requirements", false))).orElse(List.of());
            expect.ifPresent(Obj::end);
            c.end();
            if (decision.isPresent() && !decision.get().equals("PERMIT") && !decision.get().equals("DENY")) {
                expect.get().problem("decision", "K4-1", "\"PERMIT\"又は\"DENY\"が必要です",
                        "must be \"PERMIT\" or \"DENY\"");
                continue;
            }
            if (cname.isPresent() && request.isPresent() && decision.isPresent()) {
                cases.add(new TestCase(cname.get(), request.get(), decision.get().equals("PERMIT"), reqs));
            }
        }
        root.end();
        in.throwIfProblems();
        return new RulesTestSuite(name.orElseThrow(), rules.orElseThrow(), cases);
    }
}
