package jp.mimamori.core.model;

import java.util.Set;

/**
 * Where a designation, permit or grant applies: the union of the listed sites and cameras; both empty means
 * every camera of the rules.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sites   site ids
 * @param cameras camera ids
 */
public record Scope(Set<String> sites, Set<String> cameras) {
    /** Every camera of the rules. */
    public static final Scope EVERYWHERE = new Scope(Set.of(), Set.of());

    /** Validates and copies. */
    public Scope {
        sites = Set.copyOf(sites);
        cameras = Set.copyOf(cameras);
        sites.forEach(s -> Ids.id(s, "sites[]"));
        cameras.forEach(c -> Ids.id(c, "cameras[]"));
    }

    /** Whether the scope is every camera. */
    public boolean everywhere() {
        return sites.isEmpty() && cameras.isEmpty();
    }

    /** Whether a camera at {@code site} with id {@code camera} is in scope. */
    public boolean covers(String site, String camera) {
        return everywhere() || sites.contains(site) || cameras.contains(camera);
    }
}
