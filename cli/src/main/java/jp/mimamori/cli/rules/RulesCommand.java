package jp.mimamori.cli.rules;

import picocli.CommandLine.Command;

/** {@code mimamori rules}: checks and tests operating rules (K4-1). */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check operating rules against their guideline profile, or run a rules test suite.%n"
                + "設置運用規約の検査とテスト",
        subcommands = {RulesCheckCommand.class, RulesTestCommand.class, RulesDocumentCommand.class})
public final class RulesCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
