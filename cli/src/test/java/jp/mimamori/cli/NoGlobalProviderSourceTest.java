package jp.mimamori.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * "No {@code Security.addProvider}" (docs/SECURITY.md G30, "Key-handling rules"): no main source file of any module
 * the library ships (core, integrity, retention, recorder, log-postgres, cli) registers, inserts or removes a JCA
 * provider. The runtime counterpart, which runs the operations that use Bouncy Castle and compares
 * {@code Security.getProviders()}, is {@code GlobalProvidersTest} in the integrity module.
 */
class NoGlobalProviderSourceTest {
    static final List<String> MODULES = List.of("core", "integrity", "retention", "recorder", "log-postgres", "cli");
    static final Pattern CALL = Pattern.compile(
            "\\b(addProvider|insertProviderAt|removeProvider)\\s*\\(|Security\\s*\\.\\s*setProperty\\s*\\(");

    /** The project folder: the cli module's parent (Maven runs tests in the module's folder). */
    static Path project() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("src/main/java")) && Files.isRegularFile(here.getParent().resolve("pom.xml"))
                ? here.getParent() : here;
    }

    @Test
    void noMainSource_registersAJcaProvider_G30() throws IOException {
        Path root = project();
        List<String> found = new ArrayList<>();
        int files = 0;
        for (String m : MODULES) {
            Path src = root.resolve(m).resolve("src/main/java");
            assertTrue(Files.isDirectory(src), "no sources at " + root.relativize(src));
            List<Path> java;
            try (Stream<Path> s = Files.walk(src)) {
                java = s.filter(p -> p.toString().endsWith(".java")).toList();
            }
            for (Path f : java) {
                files++;
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
                        continue; // documentation may name the rule
                    }
                    if (CALL.matcher(line).find()) {
                        found.add(root.relativize(f) + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        assertTrue(files > 200, "scanned only " + files + " files: the module folders were not found");
        assertEquals(List.of(), found, "JCA providers must be passed as instances, never registered");
    }
}
