package jp.mimamori.cli;

import jp.mimamori.cli.demo.DemoCommand;
import jp.mimamori.cli.retention.HoldCommand;
import jp.mimamori.cli.retention.RetentionCommand;
import jp.mimamori.cli.retention.SanitizeCommand;
import jp.mimamori.cli.log.LogCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code mimamori} command; each area registers its subcommands here. */
@Command(name = "mimamori",
        mixinStandardHelpOptions = true,
        version = "mimamori 0.1.0",
        description = "Guideline-compliant camera recording: decisions, integrity, retention.%n"
                + "防犯カメラのガイドライン遵守: 判断・完全性・保存期間",
        subcommands = {
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
            jp.mimamori.cli.export.AcknowledgeCommand.class,
        })
public final class MimamoriCommand implements Runnable {
    /** Read by {@link Main} from the arguments; declared here so every subcommand accepts it. */
    @Option(names = Main.VERBOSE, scope = ScopeType.INHERIT,
            description = "on an error, also print the stack trace (for reporting a bug)")
    boolean verbose;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
