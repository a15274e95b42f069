package jp.mimamori.cli.rules;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import jp.mimamori.core.decision.NonCompliantRulesException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.error.Problem;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.cli.options.InputFiles;

/** What the rules and decide commands share: profiles (built-in plus {@code --profile} files) and printing. */
public final class CoreInput {
    private CoreInput() {}

    /**
     * The built-in profiles plus those read from {@code files}.
     *
     * @throws InvalidDocumentException if a file is not a profile, or gives a known {@code id@version} (such as a
     *                                  built-in's) different content (K5-2)
     */
    public static ProfileRegistry profiles(List<Path> files) throws IOException, InvalidDocumentException {
        ProfileRegistry r = ProfileRegistry.builtIn();
        for (Path f : files) {
            try {
                r = r.with(GuidelineProfile.load(f));
            } catch (IllegalArgumentException e) {
                String msg = e.getMessage().startsWith("profile: ") ? e.getMessage().substring(9) : e.getMessage();
                throw new InvalidDocumentException("guideline profile " + f, List.of(Problem.of("$", "K5-2",
                        LocalizedText.of("既知のプロファイルと同じIDと版で内容が異なります。変更したプロファイルには別のIDか版を付けて"
                                + "ください: " + msg, msg))));
            }
        }
        return r;
    }

    /**
     * Prints the ERROR findings that make the engine refuse the rules, and how to decide anyway. Returns
     * {@link jp.mimamori.cli.ExitCodes#USAGE}.
     */
    public static int refused(PrintWriter err, NonCompliantRulesException e, Locale locale) {
        boolean ja = "ja".equals(locale.getLanguage());
        err.println(e.report().rules() + (ja ? ": ERRORの検査結果があるため判断しません (--accept-findings で承知の上で判断)"
                : ": not decided on, the rules have ERROR findings (--accept-findings decides anyway, recording it)"));
        for (Finding f : e.errors()) {
            err.println("  " + f.severity() + " " + f.code() + " " + f.render(locale));
        }
        return jp.mimamori.cli.ExitCodes.USAGE;
    }

    /**
     * Prints an input error about a document in one line on {@code err}: the file, how many problems, and each
     * problem with its field path and requirement, separated by {@code "; "} (DESIGN: one line per error).
     */
    public static void error(PrintWriter err, String what, InvalidDocumentException e, Locale locale) {
        err.println("mimamori: " + InputFiles.problems(what, e, locale));
    }

    /** Prints each problem on its own line (the report of {@code rules check}). */
    public static void print(PrintWriter out, String what, InvalidDocumentException e, Locale locale) {
        out.println(what + ": " + e.problems().size() + ("ja".equals(locale.getLanguage()) ? " 件の問題" :
                e.problems().size() == 1 ? " problem" : " problems"));
        for (Problem p : e.problems()) {
            out.println("  " + p.render(locale));
        }
    }
}
