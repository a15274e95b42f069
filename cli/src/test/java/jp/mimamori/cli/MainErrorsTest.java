package jp.mimamori.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * DESIGN CLI contract: one catch-all in {@code Main}; an input error is one line and exit 2, an internal error
 * one line and exit 70, and only {@code --verbose} shows a stack trace.
 */
class MainErrorsTest {
    @TempDir
    Path dir;

    record Run(int code, String err) {
        long lines() {
            return err.lines().filter(l -> !l.isBlank()).count();
        }

        boolean hasStackTrace() {
            return err.contains("\tat ") || err.contains("Exception:") && err.lines().count() > 1;
        }
    }

    static Run capture(IntSupplier body) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return new Run(body.getAsInt(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    /** A command with a bug in it. */
    @Command(name = "buggy")
    static final class Buggy implements Callable<Integer> {
        @Option(names = Main.VERBOSE)
        boolean verbose;
        @Option(names = "--error")
        boolean error;

        @Override
        public Integer call() {
            if (error) {
                throw new StackOverflowError();
            }
            throw new IllegalStateException("unexpected state\nsecond line");
        }
    }

    @Test
    @DisplayName("an internal error is one line and exit 70, without a stack trace")
    void internalError_isOneLineExit70() {
        Run r = capture(() -> Main.run(new Buggy()));
        assertEquals(ExitCodes.INTERNAL, r.code());
        assertEquals(1, r.lines(), r.err());
        assertTrue(r.err().startsWith("mimamori: internal error (java.lang.IllegalStateException: unexpected state"),
                r.err());
        assertFalse(r.hasStackTrace(), r.err());
    }

    @Test
    @DisplayName("--verbose adds the stack trace to an internal error")
    void internalError_verbose_showsTheStackTrace() {
        Run r = capture(() -> Main.run(new Buggy(), "--verbose"));
        assertEquals(ExitCodes.INTERNAL, r.code());
        assertTrue(r.err().contains("\tat jp.mimamori.cli.MainErrorsTest$Buggy.call"), r.err());
    }

    @Test
    @DisplayName("an Error (stack overflow, out of memory) is an internal error too, exit 70")
    void jvmError_isExit70() {
        Run r = capture(() -> Main.run(new Buggy(), "--error"));
        assertEquals(ExitCodes.INTERNAL, r.code());
        assertEquals(1, r.lines(), r.err());
    }

    @Test
    @DisplayName("an input error (a missing file) is one line and exit 2; --verbose shows where it was thrown")
    void inputError_isOneLineExit2_verboseShowsTrace() {
        String missing = dir.resolve("missing.json").toString();
        Run r = capture(() -> Main.run("rules", "check", missing));
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("mimamori: " + missing + ": no such file or folder / 見つかりません", r.err().strip());
        Run v = capture(() -> Main.run("--verbose", "rules", "check", missing));
        assertEquals(ExitCodes.USAGE, v.code());
        assertTrue(v.err().contains("\tat "), v.err());
        Run sub = capture(() -> Main.run("rules", "check", missing, "--verbose"));
        assertTrue(sub.err().contains("\tat "), "--verbose is accepted after the subcommand too: " + sub.err());
    }

    @Test
    @DisplayName("a usage error (unknown option, bad instant) is one line and exit 2, no usage dump")
    void usageError_isOneLineExit2() {
        Run r = capture(() -> Main.run("rules", "check", "--no-such-option", "x.json"));
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals(1, r.lines(), r.err());
        Run t = capture(() -> Main.run("retention", "plan", "--retention", dir.toString(), "--now", "yesterday"));
        assertEquals(ExitCodes.USAGE, t.code());
        assertEquals(1, t.lines(), t.err());
        assertTrue(t.err().contains("--now") && t.err().contains("ISO-8601"), t.err());
    }

    @Test
    @DisplayName("K4-1: rules check on malformed JSON is exit 2, with the line and column where it broke")
    void rulesCheckMalformed_isExit2() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.json"), "{\"format\": \"mimamori-rules\",\n  \"x\": [1, }");
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("rules", "check", f.toString());
        } finally {
            System.setOut(oldOut);
        }
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("at line 2, column"), out.toString());
    }
}
