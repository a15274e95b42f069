package jp.mimamori.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java code the docs show and the regions of the example sources it must equal. A doc shows code as a
 * {@code ```java} block preceded by {@code <!-- snippet:NAME -->}; the example source that runs it marks the same
 * text with {@code // snippet:NAME begin} and {@code // snippet:NAME end} (compared without the common indent).
 */
final class Snippets {
    static final Pattern DOC_NAME = Pattern.compile("<!--\\s*snippet:([a-z0-9-]+)\\s*-->");
    static final Pattern BEGIN = Pattern.compile("^\\s*// snippet:([a-z0-9-]+) begin\\s*$");
    static final Pattern END = Pattern.compile("^\\s*// snippet:([a-z0-9-]+) end\\s*$");

    /** Names of outside standards and libraries the docs cite: ASN.1 types, Tink and Bouncy Castle classes. */
    static final java.util.Set<String> OUTSIDE = java.util.Set.of("PrivateKeyInfo", "OneAsymmetricKey",
            "TimeStampResp", "TimeStampToken", "AesGcmHkdfStreaming", "SecP256R1", "BouncyCastleProvider", "NaN",
            "EnvelopedData");

    private Snippets() {}

    /** A {@code ```java} block of a doc: where it starts (1-based line of the fence) and its lines. */
    record Block(Path doc, int line, Optional<String> name, String text) {
        String where() {
            return root().relativize(doc) + ":" + line;
        }
    }

    /** A marked region of an example source, without its common indent. */
    record Region(Path source, int line, String name, String text) {}

    /** The project's root folder (Maven passes it; a run from the module folder finds it one level up). */
    static Path root() {
        String p = System.getProperty("mimamori.projectRoot");
        Path r = p != null ? Path.of(p) : Path.of("..");
        return r.toAbsolutePath().normalize();
    }

    /** README.md and every docs/*.md, in a stable order. */
    static List<Path> docs() {
        List<Path> out = new ArrayList<>();
        out.add(root().resolve("README.md"));
        try (Stream<Path> s = Files.list(root().resolve("docs"))) {
            s.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every {@code ```java} block of the docs. */
    static List<Block> javaBlocks() {
        List<Block> out = new ArrayList<>();
        for (Path doc : docs()) {
            List<String> lines = read(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```java")) {
                    continue;
                }
                Optional<String> name = Optional.empty();
                for (int j = i - 1; j >= Math.max(0, i - 2); j--) {
                    Matcher m = DOC_NAME.matcher(lines.get(j));
                    if (m.find()) {
                        name = Optional.of(m.group(1));
                        break;
                    }
                }
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                out.add(new Block(doc, i + 1, name, String.join("\n", lines.subList(i + 1, end))));
                i = end;
            }
        }
        return out;
    }

    /** Every marked region of the example sources, by name. */
    static Map<String, Region> regions() {
        Map<String, Region> out = new LinkedHashMap<>();
        Path src = root().resolve("examples/src/test/java");
        List<Path> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(f -> f.toString().endsWith(".java")).sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path f : files) {
            List<String> lines = read(f);
            for (int i = 0; i < lines.size(); i++) {
                Matcher b = BEGIN.matcher(lines.get(i));
                if (!b.matches()) {
                    continue;
                }
                String name = b.group(1);
                int end = i + 1;
                while (end < lines.size() && !END.matcher(lines.get(end)).matches()) {
                    end++;
                }
                if (end == lines.size() || !lines.get(end).contains("snippet:" + name + " end")) {
                    throw new IllegalStateException(f.getFileName() + ":" + (i + 1) + ": snippet " + name
                            + " has no matching '// snippet:" + name + " end'");
                }
                Region r = new Region(f, i + 1, name, dedent(lines.subList(i + 1, end)));
                if (out.putIfAbsent(name, r) != null) {
                    throw new IllegalStateException("snippet " + name + " is marked twice");
                }
                i = end;
            }
        }
        return out;
    }

    static String dedent(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return String.join("\n", out);
    }

    static List<String> read(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
