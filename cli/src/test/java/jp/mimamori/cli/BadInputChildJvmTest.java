package jp.mimamori.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input files, run as a user runs the CLI: a separate JVM with a 128 MiB heap. A 3 GB sparse file, /dev/zero
 * and a FIFO given as rules, request, suite, profile, key or trust file end in exit 2 with a one-line message
 * and no stack trace, and never in an OutOfMemoryError or a hang (DESIGN: errors and bad input, CLI contract).
 */
class BadInputChildJvmTest {
    private static final String RULES = "../core/src/main/resources/jp/mimamori/core/rules/samples/"
            + "kumagaya-city-hall.json";

    @TempDir
    static Path dir;
    static Path sparse;
    static Path fifo;

    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void inputs() throws Exception {
        sparse = dir.resolve("huge.json");
        try (RandomAccessFile r = new RandomAccessFile(sparse.toFile(), "rw")) {
            r.setLength(3L << 30); // sparse: takes no disk, but 3 GB to anyone who reads it whole
        }
        fifo = dir.resolve("fifo.json");
        try {
            Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fifo = null;
            }
        } catch (IOException e) {
            fifo = null;
        }
    }

    static Result mimamori(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mimamori " + String.join(" ", args) + ": hung");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static void assertOneLineExit2(String... args) throws Exception {
        Result r = mimamori(args);
        String all = r.out() + r.err();
        String what = "mimamori " + String.join(" ", args) + " -> exit " + r.exit() + "\n" + all;
        assertEquals(2, r.exit(), what);
        assertEquals(1, r.err().lines().filter(l -> !l.isBlank()).count(), what);
        assertTrue(r.err().startsWith("mimamori: "), what);
        assertFalse(all.contains("\tat ") || all.contains("OutOfMemoryError") || all.contains("Exception"), what);
    }

    @Test
    @DisplayName("a 3 GB sparse file as rules, request, suite, profile, key or trust file: exit 2, one line")
    void hugeSparseFile_isExit2OneLine() throws Exception {
        String f = sparse.toString();
        assertOneLineExit2("rules", "check", f);
        assertOneLineExit2("decide", "--rules", RULES, "--request", f);
        assertOneLineExit2("rules", "test", f);
        assertOneLineExit2("rules", "check", RULES, "--profile", f);
        assertOneLineExit2("seal", "--camera", "cam-01", "--key", f, "--out", dir.resolve("store").toString(),
                RULES);
        assertOneLineExit2("verify", dir.toString(), "--trust", f);
    }

    @Test
    @DisplayName("/dev/zero as rules, request, trust file or suite: exit 2, one line, no endless read")
    void devZero_isExit2OneLine() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero on this platform");
        assertOneLineExit2("rules", "check", "/dev/zero");
        assertOneLineExit2("decide", "--rules", RULES, "--request", "/dev/zero");
        assertOneLineExit2("verify", dir.toString(), "--trust", "/dev/zero");
        assertOneLineExit2("rules", "test", "/dev/zero");
    }

    @Test
    @DisplayName("a FIFO with no writer as rules or request: exit 2, one line, no hang")
    void fifo_isExit2OneLine() throws Exception {
        assumeTrue(fifo != null, "mkfifo is not available");
        assertOneLineExit2("rules", "check", fifo.toString());
        assertOneLineExit2("decide", "--rules", RULES, "--request", fifo.toString());
    }
}
