package jp.mimamori.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The scratch folder the examples run in: Maven's surefire starts this module's tests in
 * {@code examples/target/snippets-work}, so the examples name relative paths ({@code Path.of("log")}) as an
 * embedder's code would.
 */
final class Workspace {
    private Workspace() {}

    /** Empties the working folder; refuses to run anywhere but the scratch folder. */
    static void reset() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        if (!cwd.getFileName().toString().equals("snippets-work")) {
            throw new IllegalStateException("run the examples through Maven (mvn verify -pl examples -am): they "
                    + "write relative paths into the working folder, here " + cwd);
        }
        try (Stream<Path> s = Files.list(cwd)) {
            for (Path p : s.toList()) {
                delete(p);
            }
        }
    }

    /** Copies one of core's sample rules documents into the working folder. */
    static void copySample(String name, Path to) throws IOException {
        Files.copy(Snippets.root().resolve("core/src/main/resources/jp/mimamori/core/rules/samples").resolve(name), to);
    }

    private static void delete(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
