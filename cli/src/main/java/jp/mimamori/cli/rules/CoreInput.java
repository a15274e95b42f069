package jp.mimamori.cli.rules;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.error.Problem;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;

/** What the rules and decide commands share: profiles (built-in plus {@code --profile} files) and printing. */
public final class CoreInput {
    private CoreInput() {}

    /** The built-in profiles plus those read from {@code files}. */
    public static ProfileRegistry profiles(List<Path> files) throws IOException, InvalidDocumentException {
        ProfileRegistry r = ProfileRegistry.builtIn();
        for (Path f : files) {
            r = r.with(GuidelineProfile.load(f));
        }
        return r;
    }

    /** The locale for {@code --lang}. */
    public static Locale locale(String lang) {
        return "ja".equals(lang) ? Locale.JAPANESE : Locale.ENGLISH;
    }

    /** Prints each problem on its own line. */
    public static void print(PrintWriter out, String what, InvalidDocumentException e, Locale locale) {
        out.println(what + ": " + e.problems().size() + ("ja".equals(locale.getLanguage()) ? " 件の問題" :
                e.problems().size() == 1 ? " problem" : " problems"));
        for (Problem p : e.problems()) {
            out.println("  " + p.render(locale));
        }
    }
}
