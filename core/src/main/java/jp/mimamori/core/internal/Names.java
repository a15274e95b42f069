package jp.mimamori.core.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.Principal;
import jp.mimamori.core.model.Site;
import jp.mimamori.core.rules.OperatingRules;

/**
 * How messages name things a clerk knows: people, cameras and sites by their names in the rules with the id in
 * parentheses ({@code 田中 (Tanaka) (op-tanaka)}), and times in the profile's zone with the offset
 * ({@code 2026-03-15 09:00 +09:00}). Shared by the decision engine and the compliance check.
 */
public final class Names {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm xxx");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");

    private final Map<String, String> principals = new HashMap<>();
    private final Map<String, String> cameras = new HashMap<>();
    private final Map<String, String> sites = new HashMap<>();
    private final ZoneId zone;

    /** Names from {@code rules}, times in {@code zone}. */
    public Names(OperatingRules rules, ZoneId zone) {
        this.zone = zone;
        for (Principal p : rules.principals()) {
            principals.put(p.id(), p.name());
        }
        for (Camera c : rules.cameras()) {
            cameras.put(c.id(), c.name());
        }
        for (Site s : rules.sites()) {
            sites.put(s.id(), s.name());
        }
    }

    /** {@code name (id)} of a principal, or the id alone when the rules do not name it. */
    public String principal(String id) {
        return named(principals.get(id), id);
    }

    /** {@code name (id)} of a camera, or the id alone. */
    public String camera(String id) {
        return named(cameras.get(id), id);
    }

    /** {@code name (id)} of a site, or the id alone. */
    public String site(String id) {
        return named(sites.get(id), id);
    }

    /** Whether the rules name the principal {@code id}. */
    public boolean knowsPrincipal(String id) {
        return principals.containsKey(id);
    }

    /** The time zone times are given in. */
    public ZoneId zone() {
        return zone;
    }

    /** {@code t} in the zone, with its offset: {@code 2026-03-15 09:00 +09:00} (seconds only when not zero). */
    public String time(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        return (z.getSecond() == 0 && z.getNano() == 0 ? MINUTES : SECONDS).format(z);
    }

    /** {@code t}'s date in the zone: {@code 2026-03-15}. */
    public String date(Instant t) {
        return DATE.format(t.atZone(zone));
    }

    private static String named(String name, String id) {
        return name == null ? id : name + " (" + id + ")";
    }
}
