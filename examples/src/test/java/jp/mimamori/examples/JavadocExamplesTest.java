package jp.mimamori.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code <pre>{@code …}</pre>} examples in the Javadoc of every module's main sources name classes, methods and
 * constants that exist: {@code Type.member}, {@code new Type(…)}, and {@code variable.method(…)} where the example
 * declares the variable's type; so do inline {@code {@code Type.member}} mentions. Names are resolved as the source file resolves them (its imports, its package,
 * the project's types, then {@code java.*}); members are looked up by reflection, or in the type's source where
 * the class is not on this module's class path.
 */
class JavadocExamplesTest {
    private static final Pattern PRE = Pattern.compile("<pre>\\{@code(.*?)}</pre>", Pattern.DOTALL);
    private static final Pattern STATIC_MEMBER = Pattern.compile("(?<![\\w.])([A-Z]\\w*)\\.([a-zA-Z_]\\w*)\\b(\\s*\\()?");
    // Inline {@code Type}, {@code Type.member} or {@code Type.method()} in Javadoc prose.
    private static final Pattern INLINE =
            Pattern.compile("\\{@code (([A-Z][a-z]\\w*[A-Z]\\w*)(?:\\.([a-zA-Z_]\\w*))?(?:\\(\\))?)}");
    private static final Pattern NEW = Pattern.compile("\\bnew\\s+([A-Z]\\w*)\\s*[(<]");
    private static final Pattern DECLARATION =
            Pattern.compile("(?<![\\w.])([A-Z]\\w*)(?:<[^=;()]*>)?(?:\\[])?\\s+([a-z]\\w*)\\s*[=:;,)]");
    private static final Pattern CALL = Pattern.compile("(?<![\\w.])([a-z]\\w*)\\.([a-z]\\w*)\\s*\\(");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+([\\w.]+)\\.([A-Z]\\w*);", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final List<String> JDK = List.of("java.lang.", "java.util.", "java.nio.file.", "java.time.",
            "java.io.", "java.security.", "java.nio.", "java.nio.charset.", "java.nio.channels.", "java.util.concurrent.",
            "java.util.function.", "java.util.stream.", "java.net.", "java.math.", "java.net.http.");

    /** Simple name → source files of the project declaring a top-level or nested type of that name. */
    private final Map<String, List<Path>> projectTypes = new HashMap<>();
    /** Source file → fully qualified name of its top-level type. */
    private final Map<Path, String> fqn = new HashMap<>();

    @Test
    @DisplayName("Javadoc examples name classes, methods and constants that exist")
    void javadocExamples_nameWhatExists() throws IOException {
        List<Path> sources = mainSources();
        assertFalse(sources.isEmpty(), "no main sources found under " + Snippets.root());
        for (Path f : sources) {
            String text = Files.readString(f);
            Matcher p = PACKAGE.matcher(text);
            String pkg = p.find() ? p.group(1) + "." : "";
            String top = f.getFileName().toString().replace(".java", "");
            fqn.put(f, pkg + top);
            projectTypes.computeIfAbsent(top, k -> new ArrayList<>()).add(f);
            Matcher nested = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)").matcher(text);
            while (nested.find()) {
                if (!nested.group(1).equals(top)) {
                    projectTypes.computeIfAbsent(nested.group(1), k -> new ArrayList<>()).add(f);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        int examples = 0;
        for (Path f : sources) {
            String text = Files.readString(f);
            Matcher m = PRE.matcher(text);
            while (m.find()) {
                examples++;
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                String code = m.group(1).replaceAll("(?m)^\\s*\\*( |$)", "")
                        .replaceAll("\"(?:[^\"\\\\\\n]|\\\\.)*\"", "\"\"")   // string literals
                        .replaceAll("(?m)//.*$", "");                               // line comments
                check(f, text, line, code, problems);
            }
        }
        for (Path f : sources) {
            String text = Files.readString(f);
            Matcher m = INLINE.matcher(text);
            while (m.find()) {
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                String where = Snippets.root().relativize(f) + ":" + line + ": {@code " + m.group(1) + "}: ";
                Optional<Type> t = resolve(f, text, m.group(2));
                if (t.isEmpty()) {
                    if (!Snippets.OUTSIDE.contains(m.group(2))) {
                        problems.add(where + "no class " + m.group(2));
                    }
                } else if (m.group(3) != null && !t.get().has(m.group(3))) {
                    problems.add(where + t.get().name + " has no member " + m.group(3));
                }
            }
        }
        assertFalse(examples == 0, "no Javadoc examples found");
        assertEquals(List.of(), problems, "Javadoc examples naming what does not exist");
    }

    private void check(Path file, String source, int line, String code, List<String> problems) {
        String where = Snippets.root().relativize(file) + ":" + line + ": ";
        Map<String, String> vars = new HashMap<>();
        Matcher d = DECLARATION.matcher(code);
        while (d.find()) {
            vars.put(d.group(2), d.group(1));
        }
        Matcher n = NEW.matcher(code);
        while (n.find()) {
            if (resolve(file, source, n.group(1)).isEmpty()) {
                problems.add(where + "new " + n.group(1) + ": no such class");
            }
        }
        for (String type : vars.values()) {
            if (!type.equals("String") && resolve(file, source, type).isEmpty()) {
                problems.add(where + type + ": no such class");
            }
        }
        Matcher s = STATIC_MEMBER.matcher(code);
        while (s.find()) {
            String type = s.group(1);
            String member = s.group(2);
            Optional<Type> t = resolve(file, source, type);
            if (t.isEmpty()) {
                problems.add(where + type + "." + member + ": no class " + type);
            } else if (Character.isLowerCase(member.charAt(0)) || s.group(3) != null
                    || member.equals(member.toUpperCase())) {
                if (!t.get().has(member)) {
                    problems.add(where + type + "." + member + ": " + t.get().name + " has no member " + member);
                }
            }
        }
        Matcher c = CALL.matcher(code);
        while (c.find()) {
            String type = vars.get(c.group(1));
            if (type == null) {
                continue;
            }
            Optional<Type> t = resolve(file, source, type);
            if (t.isPresent() && !t.get().has(c.group(2))) {
                problems.add(where + c.group(1) + "." + c.group(2) + "(…): " + t.get().name + " has no method "
                        + c.group(2));
            }
        }
    }

    /** A resolved type: a loaded class, or (for classes not on this class path) its source file. */
    private record Type(String name, Optional<Class<?>> loaded, Optional<Path> source) {
        boolean has(String member) {
            if (loaded.isPresent()) {
                Deque<Class<?>> todo = new ArrayDeque<>(List.of(loaded.get()));
                Set<Class<?>> seen = new HashSet<>();
                while (!todo.isEmpty()) {
                    Class<?> k = todo.pop();
                    if (!seen.add(k)) {
                        continue;
                    }
                    for (Method m : k.getDeclaredMethods()) {
                        if (m.getName().equals(member)) {
                            return true;
                        }
                    }
                    for (Field fl : k.getDeclaredFields()) {
                        if (fl.getName().equals(member)) {
                            return true;
                        }
                    }
                    for (Class<?> inner : k.getDeclaredClasses()) {
                        if (inner.getSimpleName().equals(member)) {
                            return true;
                        }
                    }
                    if (k.getSuperclass() != null) {
                        todo.add(k.getSuperclass());
                    }
                    todo.addAll(List.of(k.getInterfaces()));
                }
                return member.equals("class") || member.equals("length");
            }
            try {
                return Pattern.compile("\\b" + Pattern.quote(member) + "\\b").matcher(Files.readString(source.get()))
                        .find();
            } catch (IOException e) {
                return false;
            }
        }
    }

    private Optional<Type> resolve(Path file, String source, String simple) {
        List<String> candidates = new ArrayList<>();
        Matcher i = IMPORT.matcher(source);
        while (i.find()) {
            if (i.group(2).equals(simple)) {
                candidates.add(i.group(1) + "." + simple);
            }
        }
        String own = fqn.get(file);
        candidates.add(own.substring(0, own.lastIndexOf('.') + 1) + simple);
        candidates.add(own + "$" + simple);
        for (Path p : projectTypes.getOrDefault(simple, List.of())) {
            String top = fqn.get(p);
            candidates.add(top.endsWith("." + simple) ? top : top + "$" + simple);
        }
        for (String jdk : JDK) {
            candidates.add(jdk + simple);
        }
        for (String cand : candidates) {
            try {
                return Optional.of(new Type(cand, Optional.of(Class.forName(cand, false, getClass().getClassLoader())),
                        Optional.empty()));
            } catch (ClassNotFoundException | LinkageError e) {
                // not this one
            }
        }
        List<Path> inSource = projectTypes.getOrDefault(simple, List.of());
        return inSource.isEmpty() ? Optional.empty()
                : Optional.of(new Type(simple, Optional.empty(), Optional.of(inSource.get(0))));
    }

    private static List<Path> mainSources() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Snippets.root())) {
            for (Path m : modules.sorted().toList()) {
                Path src = m.resolve("src/main/java");
                if (Files.isDirectory(src)) {
                    try (Stream<Path> s = Files.walk(src)) {
                        s.filter(f -> f.toString().endsWith(".java")).sorted().forEach(out::add);
                    }
                }
            }
        }
        return out;
    }
}
