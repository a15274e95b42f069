package jp.mimamori.core.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.error.InvalidDocumentException;

/**
 * The guideline profiles an application knows, by {@code id@version}. Immutable; {@link #with} returns a new
 * registry, so a third party's profile is added without touching the built-in ones. A profile is identified by its
 * content as well as its id and version (K5-2): one {@code id@version} never names two contents, so a copy of a
 * built-in profile with a longer retention ceiling cannot replace it and make a longer period "compliant".
 *
 * <pre>{@code
 * ProfileRegistry r = ProfileRegistry.builtIn().with(GuidelineProfile.load(Path.of("hanamizuki-2025.json")));
 * }</pre>
 */
public final class ProfileRegistry {
    /** Resource names of the shipped profiles, next to this class. */
    private static final String[] BUILT_IN = {"kumagaya-2019.json", "saku-2020.json"};
    private static final ProfileRegistry BUILT_IN_REGISTRY = loadBuiltIn();

    private final Map<String, GuidelineProfile> byRef;

    private ProfileRegistry(Map<String, GuidelineProfile> byRef) {
        this.byRef = Map.copyOf(byRef);
    }

    /** An empty registry. */
    public static ProfileRegistry empty() {
        return new ProfileRegistry(Map.of());
    }

    /** The profiles shipped with Mimamori: {@code kumagaya-2019@1.0.0} and {@code saku-2020@1.0.0}. */
    public static ProfileRegistry builtIn() {
        return BUILT_IN_REGISTRY;
    }

    /**
     * A registry with {@code profile} added. Adding a profile equal to one already there changes nothing.
     *
     * @throws IllegalArgumentException if the registry holds another profile with the same id and version but
     *                                  different content (K5-2: a changed profile needs its own version)
     */
    public ProfileRegistry with(GuidelineProfile profile) {
        GuidelineProfile known = byRef.get(profile.ref());
        if (known != null && !known.equals(profile)) {
            boolean builtIn = BUILT_IN_REGISTRY != null && BUILT_IN_REGISTRY.byRef.containsKey(profile.ref());
            throw new IllegalArgumentException("profile: " + profile.ref() + " is already known" + (builtIn
                    ? " as a built-in profile" : "") + " with different content" + difference(known, profile)
                    + "; a changed profile needs its own id or version (K5-2)");
        }
        Map<String, GuidelineProfile> m = new LinkedHashMap<>(byRef);
        m.put(profile.ref(), profile);
        return new ProfileRegistry(m);
    }

    /** The profile with {@code id} and {@code version}. */
    public Optional<GuidelineProfile> find(String id, String version) {
        return Optional.ofNullable(byRef.get(id + "@" + version));
    }

    /** Every profile in the registry. */
    public Collection<GuidelineProfile> all() {
        return byRef.values();
    }

    /** The first component that differs, in words, such as {@code " (retention: …)"}. */
    private static String difference(GuidelineProfile a, GuidelineProfile b) {
        if (!a.retention().equals(b.retention())) {
            return " (retention ceiling " + a.retention().ceilingDays() + " days, this file says "
                    + b.retention().ceilingDays() + ")";
        }
        String[] names = {"title", "effective", "source", "articles", "topics", "coveredSiteKinds",
            "disclosureGrounds", "remoteViewingByDefault", "purposeFit", "history", "timeZone"};
        Object[] x = {a.title(), a.effective(), a.source(), a.articles(), a.topics(), a.coveredSiteKinds(),
            a.disclosureGrounds(), a.remoteViewingByDefault(), a.purposeFit(), a.history(), a.timeZone()};
        Object[] y = {b.title(), b.effective(), b.source(), b.articles(), b.topics(), b.coveredSiteKinds(),
            b.disclosureGrounds(), b.remoteViewingByDefault(), b.purposeFit(), b.history(), b.timeZone()};
        for (int i = 0; i < names.length; i++) {
            if (!x[i].equals(y[i])) {
                return " (" + names[i] + " differs)";
            }
        }
        return "";
    }

    private static ProfileRegistry loadBuiltIn() {
        Map<String, GuidelineProfile> m = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            try (var in = ProfileRegistry.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("built-in profile missing from the jar: " + name);
                }
                GuidelineProfile p = GuidelineProfile.parse(in.readAllBytes());
                m.put(p.ref(), p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InvalidDocumentException e) {
                throw new IllegalStateException("built-in profile " + name + " is invalid: " + e.getMessage(), e);
            }
        }
        return new ProfileRegistry(m);
    }
}
