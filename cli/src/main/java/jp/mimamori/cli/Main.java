package jp.mimamori.cli;

import picocli.CommandLine;

/** Entry point of {@code java -jar mimamori.jar}. */
public final class Main {
    private Main() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; for tests. */
    public static int run(String... args) {
        return run(new MimamoriCommand(), args);
    }

    /** Runs {@code command} with the CLI's error handling (exit 2 with a message for bad input). */
    public static int run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        // Input errors (bad files, bad JSON) are exit 2 with a message, never a stack trace.
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("mimamori: " + ex.getMessage());
            return ExitCodes.USAGE;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            ex.getCommandLine().getErr().println("mimamori: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }
}
