package jp.mimamori.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.examples.Snippets.Block;
import jp.mimamori.examples.Snippets.Region;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * README.md and docs/*.md stay true: every Java block is the text of an example that compiles and runs, every
 * file and type they name exists, and DESIGN.md's table of report codes is the code's.
 */
class DocsTest {
    @TestFactory
    @DisplayName("every ```java block of the docs is the exact text of a compiled, run example")
    Stream<DynamicTest> everyJavaBlock_isACompiledExample() {
        Map<String, Region> regions = Snippets.regions();
        List<Block> blocks = Snippets.javaBlocks();
        assertFalse(blocks.isEmpty(), "no ```java block found in README.md or docs/");
        return blocks.stream().map(b -> DynamicTest.dynamicTest(b.where() + b.name().map(n -> " " + n).orElse(""),
                () -> {
                    String name = b.name().orElseThrow(() -> new AssertionError(b.where()
                            + ": a ```java block needs <!-- snippet:NAME --> on the line before it, and an example"
                            + " in examples/src/test/java that runs the same text between // snippet:NAME begin"
                            + " and // snippet:NAME end"));
                    Region r = regions.get(name);
                    assertTrue(r != null, () -> b.where() + ": no example marks // snippet:" + name
                            + " begin/end in examples/src/test/java");
                    assertEquals(r.text(), b.text(), () -> b.where() + " differs from its example "
                            + Snippets.root().relativize(r.source()) + ":" + r.line() + firstDifference(r.text(), b.text())
                            + " (fix the example until it runs, then copy its text into the doc)");
                }));
    }

    private static String firstDifference(String example, String doc) {
        String[] e = example.split("\n", -1);
        String[] d = doc.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, d.length); i++) {
            String el = i < e.length ? e[i] : "(end)";
            String dl = i < d.length ? d[i] : "(end)";
            if (!el.equals(dl)) {
                return ", first at line " + (i + 1) + " of the block:\n  example: " + el + "\n  doc:     " + dl + "\n";
            }
        }
        return "";
    }

    @Test
    @DisplayName("every marked example is shown in a doc (no example outlives its doc)")
    void everyExample_isShownInADoc() {
        Set<String> shown = Snippets.javaBlocks().stream().flatMap(b -> b.name().stream()).collect(Collectors.toSet());
        List<String> unused = Snippets.regions().values().stream().filter(r -> !shown.contains(r.name()))
                .map(r -> Snippets.root().relativize(r.source()) + ":" + r.line() + " " + r.name()).toList();
        assertEquals(List.of(), unused, "examples no doc shows");
    }

    // Links, and backticked paths that start at a module or docs/ folder, or name a Markdown file.
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)\\s]*)?\\)");
    private static final Pattern CODE = Pattern.compile("`([A-Za-z0-9_./-]+)`");
    private static final Pattern REPO_PATH =
            Pattern.compile("^(core|integrity|retention|recorder|cli|bench|examples|docs|\\.ci)/.*|^[A-Za-z0-9_-]+\\.md$");

    @Test
    @DisplayName("the docs name no file that is not in the repository")
    void docs_nameOnlyFilesInTheRepository() {
        List<String> missing = new ArrayList<>();
        for (Path doc : Snippets.docs()) {
            String text = String.join("\n", Snippets.read(doc));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (!target.contains("://") && !target.startsWith("mailto:")
                        && !Files.exists(doc.getParent().resolve(target))) {
                    missing.add(Snippets.root().relativize(doc) + ": link " + target);
                }
            }
            m = CODE.matcher(text);
            while (m.find()) {
                String p = m.group(1);
                if (!REPO_PATH.matcher(p).matches() || p.contains("/target/")) {
                    continue;
                }
                if (!Files.exists(Snippets.root().resolve(p)) && !Files.exists(doc.getParent().resolve(p))) {
                    missing.add(Snippets.root().relativize(doc) + ": `" + p + "`");
                }
            }
        }
        assertEquals(List.of(), missing, "files the docs name that are not in the repository");
    }

    @Test
    @DisplayName("DESIGN.md lists exactly the verification report codes, with their default severity")
    void designDoc_listsEveryFindingCode() {
        Pattern row = Pattern.compile("^\\| `([A-Z_]+)` \\| (ERROR|INFO) \\|");
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Snippets.read(Snippets.root().resolve("docs/DESIGN.md"))) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                documented.put(m.group(1), m.group(2));
            }
        }
        Map<String, String> inCode = new LinkedHashMap<>();
        Arrays.stream(VerificationCode.values()).forEach(c -> inCode.put(c.name(), c.defaultSeverity().name()));
        assertEquals(inCode, documented, "docs/DESIGN.md, section \"Verification reports\": one row per VerificationCode");
    }

    // A backticked type name in CamelCase, optionally with a member: `DecisionEngine`, `SigningKey.toPem()`.
    private static final Pattern TYPE_REF =
            Pattern.compile("`([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)(?:\\.([a-zA-Z_]\\w*))?(?:\\(\\))?`");

    @Test
    @DisplayName("the docs name only types, and members of our types, that exist")
    void docs_nameOnlyTypesThatExist() throws java.io.IOException {
        Map<String, Path> ours = new LinkedHashMap<>();
        try (Stream<Path> modules = Files.list(Snippets.root())) {
            for (Path m : modules.sorted().toList()) {
                for (String set : List.of("src/main/java", "src/test/java")) {
                    Path src = m.resolve(set);
                    if (!Files.isDirectory(src)) {
                        continue;
                    }
                    try (Stream<Path> s = Files.walk(src)) {
                        for (Path f : s.filter(x -> x.toString().endsWith(".java")).sorted().toList()) {
                            Matcher t = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)")
                                    .matcher(Files.readString(f));
                            while (t.find()) {
                                ours.putIfAbsent(t.group(1), f);
                            }
                        }
                    }
                }
            }
        }
        List<String> unknown = new ArrayList<>();
        for (Path doc : Snippets.docs()) {
            Matcher m = TYPE_REF.matcher(String.join("\n", Snippets.read(doc)));
            while (m.find()) {
                String type = m.group(1);
                String member = m.group(2);
                Path source = ours.get(type);
                if (source == null) {
                    if (!Snippets.OUTSIDE.contains(type) && !isJdkType(type)) {
                        unknown.add(Snippets.root().relativize(doc) + ": `" + m.group(0).replace("`", "") + "`");
                    }
                } else if (member != null && !Pattern.compile("\\b" + Pattern.quote(member) + "\\b")
                        .matcher(Files.readString(source)).find()) {
                    unknown.add(Snippets.root().relativize(doc) + ": `" + type + "." + member + "`");
                }
            }
        }
        assertEquals(List.of(), unknown, "types or members the docs name that do not exist");
    }

    private static boolean isJdkType(String simple) {
        for (String pkg : List.of("java.lang.", "java.util.", "java.io.", "java.nio.", "java.nio.file.",
                "java.nio.channels.", "java.security.", "java.time.", "java.util.concurrent.", "java.net.http.")) {
            try {
                Class.forName(pkg + simple, false, DocsTest.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                // next package
            }
        }
        return false;
    }
}
