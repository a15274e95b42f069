package jp.mimamori.core.decision;

import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.Principal;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.Role;
import jp.mimamori.core.model.Scope;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Invariant 8 (K3-1-1, K3-1-2, K3-1-3, K3-3, K5-1): on random rules — random designation trees, permits, issue
 * times and revocations, recorded and made at run time — the engine answers exactly as a small reference model
 * that walks the chain link by link, and no permit ever rests on a grant whose chain is broken at that instant.
 */
class AuthorityChainPropertiesTest {
    /** Random rules break the chain on purpose; the test accepts their findings explicitly. */
    static final EngineOptions ACCEPT = EngineOptions.defaults()
            .acknowledging(new FindingsAcknowledgement("test", "property test over random rules"));
    static final OperatingRules BASE = Samples.rules(Samples.KUMAGAYA_CITY_HALL);
    static final GuidelineProfile PROFILE = ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0").orElseThrow();
    static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;
    static final List<String> PEOPLE = List.of("kumagaya-city", "p1", "p2", "p3", "p4", "p5");
    static final Role[] ROLES = {Role.OPERATION_MANAGER, Role.OPERATION_MANAGER, Role.OPERATOR, Role.OPERATOR,
        Role.CONTRACTOR, Role.INSTALLER};

    /** Random rules over the sample's sites and cameras, built from one seed. */
    static OperatingRules randomRules(Random rnd) {
        List<Principal> principals = new ArrayList<>();
        for (String p : PEOPLE) {
            principals.add(new Principal(p, "Person " + p, "City"));
        }
        List<Designation> ds = new ArrayList<>();
        int n = rnd.nextInt(9);
        for (int i = 0; i < n; i++) {
            Role role = ROLES[rnd.nextInt(ROLES.length)];
            // Mostly sensible trees (managers by the installer, staff by someone), with every kind of break.
            String by = rnd.nextInt(4) == 0 ? PEOPLE.get(rnd.nextInt(PEOPLE.size()))
                    : role == Role.OPERATION_MANAGER || role == Role.INSTALLER ? PEOPLE.get(0)
                    : PEOPLE.get(1 + rnd.nextInt(2));
            Instant from = Instant.ofEpochMilli(START + rnd.nextInt(60) * DAY);
            Optional<Instant> revoked = rnd.nextInt(3) == 0
                    ? Optional.of(from.plusMillis(rnd.nextInt(60) * DAY)) : Optional.empty();
            Optional<String> clause = rnd.nextInt(4) == 0 ? Optional.empty() : Optional.of("contract art. 12");
            ds.add(new Designation("d" + i, PEOPLE.get(rnd.nextInt(PEOPLE.size())), role, by, scope(rnd), from,
                    revoked, clause));
        }
        List<AccessPermit> ps = new ArrayList<>();
        int m = rnd.nextInt(5);
        for (int i = 0; i < m; i++) {
            Instant issued = Instant.ofEpochMilli(START + rnd.nextInt(90) * DAY);
            Instant from = issued.plusMillis(rnd.nextInt(10) * DAY);
            Set<Action> as = EnumSet.noneOf(Action.class);
            as.add(Action.values()[rnd.nextInt(Action.values().length)]);
            as.add(Action.values()[rnd.nextInt(Action.values().length)]);
            Set<Purpose> pus = EnumSet.of(Purpose.values()[rnd.nextInt(3)], Purpose.CRIME_PREVENTION);
            ps.add(new AccessPermit("p" + i, PEOPLE.get(rnd.nextInt(PEOPLE.size())),
                    PEOPLE.get(rnd.nextInt(PEOPLE.size())), as, pus, scope(rnd), from,
                    from.plusMillis((1 + rnd.nextInt(60)) * DAY),
                    rnd.nextInt(4) == 0 ? Optional.of(from.plusMillis(rnd.nextInt(30) * DAY)) : Optional.empty(),
                    List.of(), issued));
        }
        return new OperatingRules(BASE.id(), BASE.version(), BASE.profileId(), BASE.profileVersion(),
                BASE.installer(), BASE.penaltyClause(), principals, BASE.sites(), BASE.cameras(), ds, ps,
                List.of(), BASE.inspection(), BASE.inquiryAnswerDays(), BASE.inquiries());
    }

    static Scope scope(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> Scope.EVERYWHERE;
            case 1 -> new Scope(Set.of("city-hall"), Set.of());
            default -> new Scope(Set.of(), Set.of("ch-parking"));
        };
    }

    static AccessRequest randomRequest(Random rnd, OperatingRules rules) {
        List<String> who = new ArrayList<>(PEOPLE);
        who.add("stranger");
        String cam = rules.cameras().get(rnd.nextInt(rules.cameras().size())).id();
        Action a = Action.values()[rnd.nextInt(Action.values().length)];
        Optional<ExportMethod> export = switch (rnd.nextInt(3)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(new ExportMethod("evidence server", ExportProtection.ACCESS_CONTROLLED_STORE));
            default -> Optional.of(new ExportMethod("USB stick", ExportProtection.UNPROTECTED));
        };
        return new AccessRequest(who.get(rnd.nextInt(who.size())), a, cam,
                RequestedPurpose.of(Purpose.values()[rnd.nextInt(3)]),
                Instant.ofEpochMilli(START + rnd.nextInt(150) * DAY + rnd.nextInt(1000)), export);
    }

    /** The grant id a permit's grant fact names. */
    static String grantOf(Decision d) {
        String v = d.facts().stream().filter(f -> f.name().equals("grant")).findFirst().orElseThrow().value();
        String rest = v.substring(v.indexOf(' ') + 1);
        return rest.substring(0, rest.indexOf(rest.startsWith("p") && v.startsWith("permit") ? ' ' : ':'));
    }

    @Test
    @DisplayName("Invariant 8: on random rules the engine answers as the chain-walking reference model")
    void randomRules_engineAgreesWithChainWalkingReference() {
        Props.theory().forAll(longs().all()).check(seed -> {
            Random rnd = new Random(seed);
            OperatingRules rules = randomRules(rnd);
            DecisionEngine e = DecisionEngine.create(rules, PROFILE, ACCEPT);
            ChainReference ref = new ChainReference(rules, PROFILE, Map.of());
            for (int k = 0; k < 60; k++) {
                AccessRequest r = randomRequest(rnd, rules);
                Decision d = e.decide(r);
                if (d.permitted() != ref.permits(r)) {
                    throw new AssertionError("seed " + seed + ": " + r + " -> " + d.explain(java.util.Locale.ENGLISH));
                }
                if (d.permitted() && !ref.backs(grantOf(d), r)) {
                    throw new AssertionError("permit rests on a broken grant: " + d.explain(java.util.Locale.ENGLISH));
                }
            }
            return true;
        });
    }

    @Test
    @DisplayName("Invariant 8, K3-3: revocations at run time end the revoked manager's later grants, not earlier ones")
    void runTimeRevocations_engineAgreesWithReference() {
        Props.theory(100).forAll(longs().all()).check(seed -> {
            Random rnd = new Random(seed);
            OperatingRules rules = randomRules(rnd);
            DecisionEngine e = DecisionEngine.create(rules, PROFILE, ACCEPT);
            List<String> ids = new ArrayList<>();
            rules.designations().forEach(d -> ids.add(d.id()));
            rules.permits().forEach(p -> ids.add(p.id()));
            Map<String, Long> revoked = new HashMap<>();
            List<AccessRequest> reqs = new ArrayList<>();
            for (int k = 0; k < 40; k++) {
                reqs.add(randomRequest(rnd, rules));
            }
            for (int step = 0; step < 3 && !ids.isEmpty(); step++) {
                String id = ids.get(rnd.nextInt(ids.size()));
                long at = START + rnd.nextInt(120) * DAY;
                e.revoke(id, Instant.ofEpochMilli(at));
                revoked.merge(id, at, Math::min);
                ChainReference ref = new ChainReference(rules, PROFILE, revoked);
                for (AccessRequest r : reqs) {
                    Decision d = e.decide(r);
                    if (d.permitted() != ref.permits(r)) {
                        throw new AssertionError("seed " + seed + " after revoking " + revoked + ": " + r + " -> "
                                + d.explain(java.util.Locale.ENGLISH));
                    }
                }
            }
            return true;
        });
    }
}
