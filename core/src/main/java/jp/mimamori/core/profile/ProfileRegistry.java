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
 * registry, so a third party's profile is added without touching the built-in ones.
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

    /** A registry with {@code profile} added (replacing one with the same id and version). */
    public ProfileRegistry with(GuidelineProfile profile) {
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
