package jp.mimamori.cli.rules;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesDocument;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.core.suite.SuiteRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mimamori rules document FILE}: the human-readable rules document in Markdown (K4-1). */
@Command(name = "document", mixinStandardHelpOptions = true,
        description = "Print the operating rules as a Markdown document (ja or en).%n設置運用規約の文書を出力します。")
public final class RulesDocumentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "operating rules JSON")
    Path file;

    @Mixin
    CoreOptions options = new CoreOptions();

    @Override
    public Integer call() throws Exception {
        try {
            OperatingRules rules = RulesReader.read(file);
            spec.commandLine().getOut().print(RulesDocument.markdown(rules,
                    SuiteRunner.profile(rules, options.profiles()), options.locale()));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (InvalidDocumentException e) {
            CoreInput.error(spec.commandLine().getErr(), file.toString(), e, options.locale());
            return ExitCodes.USAGE;
        }
    }
}
