package jp.mimamori.cli.rules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jp.mimamori.cli.options.LangOption;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.profile.ProfileRegistry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every rules-reading command takes: extra profiles and the language of messages. */
public final class CoreOptions {
    @Option(names = "--profile", paramLabel = "FILE", description = "an extra guideline profile JSON (repeatable)")
    List<Path> profiles = new ArrayList<>();

    @Mixin
    LangOption lang = new LangOption();

    /** The built-in profiles plus the {@code --profile} files. */
    public ProfileRegistry profiles() throws IOException, InvalidDocumentException {
        return CoreInput.profiles(profiles);
    }

    /** The locale of {@code --lang}. */
    public Locale locale() {
        return lang.locale();
    }
}
