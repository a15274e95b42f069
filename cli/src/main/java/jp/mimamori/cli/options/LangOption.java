package jp.mimamori.cli.options;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code --lang ja|en}: the language of messages. Default English. */
public final class LangOption {
    @Option(names = "--lang", paramLabel = "ja|en", defaultValue = "en", converter = LangOption.Converter.class,
            description = "language of messages: ja or en (default: ${DEFAULT-VALUE})")
    Locale locale = Locale.ENGLISH;

    /** {@link Locale#JAPANESE} for {@code ja} (and {@code ja-JP}), {@link Locale#ENGLISH} otherwise. */
    public Locale locale() {
        return locale;
    }

    /** Whether messages are in Japanese. */
    public boolean japanese() {
        return "ja".equals(locale.getLanguage());
    }

    /** Reads a language tag; every tag whose language is not Japanese means English, as before. */
    public static final class Converter implements ITypeConverter<Locale> {
        @Override
        public Locale convert(String value) {
            return "ja".equals(Locale.forLanguageTag(value).getLanguage()) ? Locale.JAPANESE : Locale.ENGLISH;
        }
    }
}
