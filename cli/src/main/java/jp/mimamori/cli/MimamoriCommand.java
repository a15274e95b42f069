package jp.mimamori.cli;

import jp.mimamori.cli.demo.DemoCommand;
import jp.mimamori.cli.retention.HoldCommand;
import jp.mimamori.cli.retention.RetentionCommand;
import jp.mimamori.cli.retention.SanitizeCommand;
import jp.mimamori.cli.log.LogCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code mimamori} command. Its subcommands are {@link #SUBCOMMANDS}, added by {@link Main}: all of
 * them for {@code mimamori --help}, only the one named for any other command line, because picocli inspects by
 * reflection every class it is given and a command line pays for that at every start (issue 11: the whole-process
 * time of {@code mimamori seal}).
 */
@Command(name = "mimamori",
        mixinStandardHelpOptions = true,
        version = "mimamori 0.1.0",
        description = "Guideline-compliant camera recording: decisions, integrity, retention.%n"
                + "防犯カメラのガイドライン遵守: 判断・完全性・保存期間")
public final class MimamoriCommand implements Runnable {
    /** The subcommands, in the order {@code --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            DemoCommand.class,
            jp.mimamori.cli.rules.RulesCommand.class,
            jp.mimamori.cli.decide.DecideCommand.class,
            RetentionCommand.class,
            HoldCommand.class,
            SanitizeCommand.class,
            jp.mimamori.cli.integrity.KeysCommand.class,
            jp.mimamori.cli.integrity.SealCommand.class,
            jp.mimamori.cli.integrity.RecordCommand.class,
            jp.mimamori.cli.integrity.VerifyCommand.class,
            LogCommand.class,
            jp.mimamori.cli.export.ExportCommand.class,
            jp.mimamori.cli.export.AcknowledgeCommand.class);

    /** Read by {@link Main} from the arguments; declared here so every subcommand accepts it. */
    @Option(names = Main.VERBOSE, scope = ScopeType.INHERIT,
            description = "on an error, also print the stack trace (for reporting a bug)")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /**
     * The command line for {@code args}: the root with only the subcommand {@code args[0]} names when it names
     * one, otherwise with all of them (help, version, and the error for an unknown command).
     */
    static CommandLine commandLine(String... args) {
        CommandLine root = new CommandLine(new MimamoriCommand());
        String first = args.length == 0 ? "" : args[0];
        List<Class<?>> wanted = SUBCOMMANDS.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(first)).toList();
        for (Class<?> c : wanted.isEmpty() ? SUBCOMMANDS : wanted) {
            root.addSubcommand(c);
        }
        return root;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
