package jp.mimamori.core.decision;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.Scope;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The engine's invariants (DESIGN.md invariant 1, K3-3), checked on random requests and random histories. */
class DecisionPropertiesTest {
    static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long SPAN = 180L * 86_400_000L;

    record Setup(OperatingRules rules, GuidelineProfile profile) {
        List<String> principalIds() {
            List<String> ids = new ArrayList<>(rules.principals().stream().map(p -> p.id()).toList());
            ids.add("stranger");
            return ids;
        }

        List<String> cameraIds() {
            List<String> ids = new ArrayList<>(rules.cameras().stream().map(Camera::id).toList());
            ids.add("cam-unknown");
            return ids;
        }
    }

    static final List<Setup> SETUPS = List.of(setup(Samples.KUMAGAYA_CITY_HALL), setup(Samples.SAKU_SCHOOL));

    static Setup setup(String sample) {
        OperatingRules r = Samples.rules(sample);
        return new Setup(r, ProfileRegistry.builtIn().find(r.profileId(), r.profileVersion()).orElseThrow());
    }

    /** A random access request against {@code s}: known and unknown principals and cameras, any time. */
    static Gen<AccessRequest> requests(Setup s) {
        List<String> ps = s.principalIds();
        List<String> cs = s.cameraIds();
        return integers().between(0, ps.size() - 1).zip(integers().between(0, cs.size() - 1),
                        integers().between(0, Action.values().length - 1),
                        integers().between(0, Purpose.values().length - 1), longs().between(0, SPAN),
                        (p, c, a, pu, t) -> new AccessRequest(ps.get(p), Action.values()[a], cs.get(c),
                                Purpose.values()[pu], Instant.ofEpochMilli(START + t)));
    }

    static OperatingRules with(OperatingRules r, List<Designation> designations, List<AccessPermit> permits) {
        return new OperatingRules(r.id(), r.version(), r.profileId(), r.profileVersion(), r.installer(),
                r.penaltyClause(), r.principals(), r.sites(), r.cameras(), designations, permits, r.remoteViewing(),
                r.inspection(), r.inquiryAnswerDays(), r.inquiries());
    }

    @Test
    @DisplayName("Invariant 1: under rules that grant nothing every request is denied, naming requirement IDs")
    void rulesGrantingNothing_denyEverythingWithIds() {
        for (Setup s : SETUPS) {
            DecisionEngine empty = DecisionEngine.create(with(s.rules(), List.of(), List.of()), s.profile(),
                    AuthorityChainPropertiesTest.ACCEPT);
            Props.theory().forAll(requests(s)).check(r -> {
                Decision d = empty.decide(r);
                return !d.permitted() && !d.requirements().isEmpty()
                        && d.requirements().stream().allMatch(id -> s.profile().article(id).isPresent());
            });
        }
    }

    @Test
    @DisplayName("Invariant 1: the engine permits exactly what a designation or permit in force allows")
    void engineAgreesWithTheNaiveReading() {
        for (Setup s : SETUPS) {
            DecisionEngine engine = DecisionEngine.create(s.rules(), s.profile());
            Props.theory().forAll(requests(s)).check(r -> engine.decide(r).permitted() == oracle(s, r, Map.of()));
        }
    }

    /** A random permit on a sample: any principal, actions, purposes, a camera or everywhere, a window. */
    static Gen<AccessPermit> permits(Setup s) {
        List<String> ps = s.principalIds().subList(0, s.principalIds().size() - 1);
        List<String> cs = s.cameraIds().subList(0, s.cameraIds().size() - 1);
        return integers().between(0, ps.size() - 1).zip(integers().between(1, (1 << Action.values().length) - 1),
                integers().between(1, (1 << Purpose.values().length) - 1), integers().between(-1, cs.size() - 1),
                longs().between(0, SPAN), (p, am, pm, c, t) -> {
                    Set<Action> as = EnumSet.noneOf(Action.class);
                    for (Action a : Action.values()) {
                        if ((am & (1 << a.ordinal())) != 0) {
                            as.add(a);
                        }
                    }
                    Set<Purpose> pus = EnumSet.noneOf(Purpose.class);
                    for (Purpose x : Purpose.values()) {
                        if ((pm & (1 << x.ordinal())) != 0) {
                            pus.add(x);
                        }
                    }
                    Scope scope = c < 0 ? Scope.EVERYWHERE : new Scope(Set.of(), Set.of(cs.get(c)));
                    return new AccessPermit("p-random", ps.get(p), manager(s), as, pus, scope,
                            Instant.ofEpochMilli(START + t), Instant.ofEpochMilli(START + t + 86_400_000L * 7),
                            Optional.empty(), List.of());
                });
    }

    /** The sample's first operation manager. */
    static String manager(Setup s) {
        return s.rules().designations().stream().filter(d -> d.role() == jp.mimamori.core.model.Role.OPERATION_MANAGER)
                .findFirst().orElseThrow().principal();
    }

    @Test
    @DisplayName("Invariant 1: adding a grant never turns a permit into a deny")
    void addingAGrant_neverTurnsAPermitIntoADeny() {
        for (Setup s : SETUPS) {
            DecisionEngine before = DecisionEngine.create(s.rules(), s.profile());
            Props.theory(100).forAll(permits(s), lists().of(requests(s)).ofSize(40)).check((extra, reqs) -> {
                List<AccessPermit> ps = new ArrayList<>(s.rules().permits());
                ps.add(extra);
                DecisionEngine after = DecisionEngine.create(with(s.rules(), s.rules().designations(), ps),
                        s.profile(), AuthorityChainPropertiesTest.ACCEPT);
                return reqs.stream().allMatch(r -> !before.decide(r).permitted() || after.decide(r).permitted());
            });
        }
    }

    @Test
    @DisplayName("K3-3: after random revocations, every request after a grant's revocation is decided without it")
    void revocationSequences_denyEveryLaterRequest() {
        for (Setup s : SETUPS) {
            List<String> grantIds = new ArrayList<>();
            s.rules().designations().forEach(d -> grantIds.add(d.id()));
            s.rules().permits().forEach(p -> grantIds.add(p.id()));
            Gen<Map.Entry<String, Long>> revocation = integers().between(0, grantIds.size() - 1)
                    .zip(longs().between(0, SPAN), (g, t) -> Map.entry(grantIds.get(g), START + t));
            Props.theory(100).forAll(lists().of(revocation).ofSizeBetween(1, 5), lists().of(requests(s)).ofSize(40))
                    .check((revocations, reqs) -> {
                        DecisionEngine e = DecisionEngine.create(s.rules(), s.profile());
                        Map<String, Long> revokedAt = new HashMap<>();
                        for (var rv : revocations) {
                            e.revoke(rv.getKey(), Instant.ofEpochMilli(rv.getValue()));
                            revokedAt.merge(rv.getKey(), rv.getValue(), Math::min);
                            // The state evolves: after each revocation the engine agrees with the model.
                            for (AccessRequest r : reqs) {
                                if (e.decide(r).permitted() != oracle(s, r, revokedAt)) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    });
        }
    }

    @Test
    @DisplayName("K2-1, S8: a purpose that is not built in is never permitted, except a disclosure on a compulsory ground (K3-4 (1)) and an erasure, which asks none")
    void undeclaredPurposes_neverPermitted() {
        for (Setup s : SETUPS) {
            DecisionEngine e = DecisionEngine.create(s.rules(), s.profile());
            Props.theory().forAll(requests(s), strings().basicLatinAlphabet().ofLengthBetween(1, 40),
                    integers().between(0, BasisKind.values().length - 1)).check((r, text, basis) -> {
                        if (text.isBlank() || RequestedPurpose.of(text).builtIn().isPresent()) {
                            return true;
                        }
                        RequestedPurpose p = RequestedPurpose.of(text);
                        Decision access = e.decide(new AccessRequest(r.principal(), r.action(), r.camera(), p, r.at(),
                                Optional.of(new ExportMethod("m", ExportProtection.ENCRYPTED_TO_RECIPIENT))));
                        Decision disclosure = e.decide(new DisclosureRequest("r", RequesterKind.INVESTIGATIVE_AGENCY,
                                "police", BasisKind.values()[basis], Optional.of("ref"), Optional.of("statute"), p,
                                r.camera(), r.at().minusSeconds(3600), r.at().minusSeconds(60), r.at()));
                        boolean compulsory = switch (BasisKind.values()[basis]) {
                            case WARRANT, COURT_ORDER, STATUTE -> true;
                            default -> false;
                        };
                        // An erasure asks no purpose (K3-2-3), so the purpose it names cannot permit or deny it.
                        boolean erasure = r.action() == jp.mimamori.core.model.Action.ERASE;
                        return (erasure || !access.permitted()) && (compulsory || !disclosure.permitted());
                    });
        }
    }

    /** The guideline read naively, grant by grant and link by link, with extra revocations. */
    static boolean oracle(Setup s, AccessRequest r, Map<String, Long> revoked) {
        return new ChainReference(s.rules(), s.profile(), revoked).permits(r);
    }
}
