package jp.mimamori.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.DateTimeException;
import java.util.Arrays;
import jp.mimamori.integrity.log.LogIntegrityException;
import picocli.CommandLine;

/**
 * Entry point of {@code java -jar mimamori.jar}, and the one place where errors become exit codes: a usage or
 * input error prints one line and exits 2, an internal error (a bug) prints one line and exits 70; only
 * {@code --verbose} adds the stack trace.
 */
public final class Main {
    private Main() {}

    /** The global option that shows stack traces. */
    static final String VERBOSE = "--verbose";

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; for tests. */
    public static int run(String... args) {
        // A log command line with --db is for the PostgreSQL log (module log-postgres).
        return run(jp.mimamori.cli.log.DbLogCommand.wants(args)
                ? new CommandLine(new jp.mimamori.cli.log.DbLogCommand.Root())
                : MimamoriCommand.commandLine(args), args);
    }

    /** Runs {@code command} with the CLI's error handling. */
    public static int run(Object command, String... args) {
        return run(new CommandLine(command), args);
    }

    /** Runs the command line {@code cl} with the CLI's error handling. */
    static int run(CommandLine cl, String... args) {
        boolean verbose = Arrays.asList(args).contains(VERBOSE);
        oneLineLogging(verbose);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> report(ex, cmd.getErr(), verbose));
        cl.setParameterExceptionHandler((ex, ignored) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("mimamori: " + oneLine(ex.getMessage()) + " (see: "
                    + c.getCommandSpec().qualifiedName() + " --help)");
            if (verbose) {
                c.usage(c.getErr());
            }
            c.getErr().flush();
            return ExitCodes.USAGE;
        });
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            // Errors (out of memory, stack overflow) pass through picocli's handlers.
            return report(t, cl.getErr(), verbose);
        }
    }

    /** The JDK logger's property for its line format. */
    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    /**
     * Library warnings (System.Logger, through java.util.logging) as one line each, {@code mimamori: LEVEL:
     * message}; their stack traces only with {@code --verbose}. A format the user set is kept.
     */
    static void oneLineLogging(boolean verbose) {
        if (System.getProperty(LOG_FORMAT) == null) {
            System.setProperty(LOG_FORMAT, verbose ? "mimamori: %4$s: %5$s%6$s%n" : "mimamori: %4$s: %5$s%n");
        }
    }

    /** Prints one line about {@code t} (and its stack trace when verbose) and returns the exit code. */
    static int report(Throwable t, PrintWriter err, boolean verbose) {
        if (t instanceof LogIntegrityException found) {
            // The log refused because of what it found in itself: a finding (exit 1), not a usage error.
            err.println("mimamori: " + oneLine(found.getMessage()));
            if (verbose) {
                t.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.FOUND;
        }
        boolean input = isInputError(t);
        String message = message(t);
        if (input) {
            err.println("mimamori: " + message);
        } else {
            err.println("mimamori: internal error (" + t.getClass().getName() + ": " + message + "); please report it"
                    + (verbose ? "" : ", with the stack trace that " + VERBOSE + " prints")
                    + " / 内部エラーです");
        }
        if (verbose) {
            t.printStackTrace(err);
        }
        err.flush();
        return input ? ExitCodes.USAGE : ExitCodes.INTERNAL;
    }

    /**
     * Whether {@code t} is about the input rather than a bug: checked exceptions (I/O, invalid documents, crypto,
     * formats) and {@link IllegalArgumentException}s name what was wrong with the input; any other unchecked
     * exception or error is a bug.
     */
    static boolean isInputError(Throwable t) {
        if (t instanceof Error) {
            return false;
        }
        return !(t instanceof RuntimeException) || t instanceof IllegalArgumentException
                || t instanceof UncheckedIOException || t instanceof DateTimeException;
    }

    /** What went wrong, in one line; the JDK's file errors name only the file, so say what happened to it. */
    static String message(Throwable t) {
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return message(u.getCause());
        }
        if (t instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file or folder / 見つかりません";
        }
        if (t instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied / アクセスできません";
        }
        if (t instanceof FileSystemException e && e.getReason() != null) {
            return e.getFile() + ": " + oneLine(e.getReason());
        }
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName()
                : oneLine(t.getMessage());
    }

    /** The first line of {@code s}, so that a message never spreads over several lines. */
    public static String oneLine(String s) {
        String trimmed = s.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip() + " …";
    }
}
