package jp.mimamori.core.decision;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import jp.mimamori.core.model.Obligation;
import jp.mimamori.core.text.LocalizedText;

/**
 * The answer to an access or disclosure request: {@link Permit} or {@link Deny}. Either one names the
 * requirement IDs behind it (a deny names at least one), the facts it used, its reason in Japanese and English,
 * and the rules and profile it was made under.
 *
 * <pre>{@code
 * Decision d = engine.decide(request);
 * if (d instanceof Decision.Permit p) {
 *     p.obligations().forEach(o -> System.out.println(o.text().in(Locale.JAPANESE)));   // what the caller must do
 * } else {
 *     System.out.println(d.explain(Locale.JAPANESE));                                   // why not, and what came closest
 * }
 * }</pre>
 *
 * <p>Every implementation is an immutable record; thread-safe.
 */
public sealed interface Decision permits Decision.Permit, Decision.Deny {

    /** Requirement IDs of the profile the decision rests on; never empty. */
    List<String> requirements();

    /** The facts the decision used. */
    List<Fact> facts();

    /** Why, in Japanese and English. */
    LocalizedText reason();

    /** {@code id@version} of the operating rules. */
    String rules();

    /** {@code id@version} of the guideline profile. */
    String profile();

    /** Whether this is a {@link Permit}. */
    default boolean permitted() {
        return this instanceof Permit;
    }

    /** A multi-line explanation in the language of {@code locale}. */
    default String explain(Locale locale) {
        boolean ja = "ja".equals(locale.getLanguage());
        StringBuilder sb = new StringBuilder(permitted() ? (ja ? "許可" : "PERMIT") : (ja ? "拒否" : "DENY"))
                .append(" (").append(String.join(", ", requirements())).append("): ").append(reason().in(locale));
        for (Fact f : facts()) {
            sb.append("\n  ").append(ja ? "事実 " : "fact ").append(f);
        }
        if (this instanceof Permit p) {
            for (Obligation o : p.obligations()) {
                sb.append("\n  ").append(ja ? "義務 " : "obligation ").append(o.name()).append(": ")
                        .append(o.text().in(locale)).append(" (").append(o.requirement()).append(')');
            }
        }
        if (this instanceof Deny d) {
            for (LocalizedText c : d.closest()) {
                sb.append("\n  ").append(ja ? "最も近い許可 " : "closest grant ").append(c.in(locale));
            }
        }
        sb.append("\n  ").append(ja ? "根拠 " : "under ").append(rules()).append(" / ").append(profile());
        return sb.toString();
    }

    /**
     * Yes, with what the caller must do.
     *
     * <p>Immutable and thread-safe.
     *
     * @param requirements article IDs, at least one
     * @param facts        facts used
     * @param reason       why
     * @param obligations  what the caller must honour when acting on it
     * @param rules        rules {@code id@version}
     * @param profile      profile {@code id@version}
     */
    record Permit(List<String> requirements, List<Fact> facts, LocalizedText reason, List<Obligation> obligations,
                  String rules, String profile) implements Decision {
        /** Validates; lists already immutable are kept as they are (the engine shares them between decisions). */
        public Permit {
            requirements = nonEmpty(requirements);
            facts = List.copyOf(facts);
            obligations = List.copyOf(obligations);
            requireBasis(reason, rules, profile);
        }
    }

    /**
     * No, with why, and the grants that came closest.
     *
     * <p>Immutable and thread-safe.
     *
     * @param requirements article IDs, at least one (invariant 1: every deny names requirement IDs)
     * @param facts        facts used
     * @param reason       why
     * @param closest      the requester's grants that came closest, each saying what it lacks
     * @param rules        rules {@code id@version}
     * @param profile      profile {@code id@version}
     */
    record Deny(List<String> requirements, List<Fact> facts, LocalizedText reason, List<LocalizedText> closest,
                String rules, String profile) implements Decision {
        /** Validates. */
        public Deny {
            requirements = nonEmpty(requirements);
            facts = List.copyOf(facts);
            closest = List.copyOf(closest);
            requireBasis(reason, rules, profile);
        }
    }

    /** The fields every decision carries besides its lists: why, and the rules and profile it was made under. */
    private static void requireBasis(LocalizedText reason, String rules, String profile) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(profile, "profile");
    }

    private static List<String> nonEmpty(List<String> requirements) {
        List<String> r = List.copyOf(requirements);
        if (r.isEmpty()) {
            throw new IllegalArgumentException("requirements: a decision names at least one requirement ID");
        }
        return r;
    }
}
