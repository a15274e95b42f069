package jp.mimamori.cli.rules;

import java.io.IOException;
import java.util.Locale;
import jp.mimamori.cli.options.JsonOption;
import jp.mimamori.core.decision.EngineOptions;
import jp.mimamori.core.decision.FindingsAcknowledgement;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.profile.ProfileRegistry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options of every command that decides requests under rules ({@code decide}, {@code rules test}): those of every
 * rules-reading command, {@code --accept-findings} (decide under rules with ERROR findings, the acknowledgement
 * recorded in every decision) and {@code --json}.
 */
public final class DecidingOptions {
    @Mixin
    CoreOptions core = new CoreOptions();

    @Option(names = "--accept-findings", description = "go on even though the rules have ERROR findings; the"
            + " acknowledgement is recorded in every decision (accepted_findings)")
    boolean acceptFindings;

    @Mixin
    JsonOption json = new JsonOption();

    /** The built-in profiles plus the {@code --profile} files. */
    public ProfileRegistry profiles() throws IOException, InvalidDocumentException {
        return core.profiles();
    }

    /** The locale of {@code --lang}. */
    public Locale locale() {
        return core.locale();
    }

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json.json();
    }

    /** The engine options for {@code mimamori COMMAND}: the defaults, acknowledging findings when given. */
    public EngineOptions engineOptions(String command) {
        EngineOptions o = EngineOptions.defaults();
        return acceptFindings ? o.acknowledging(new FindingsAcknowledgement("mimamori " + command,
                "--accept-findings given on the command line")) : o;
    }
}
