package jp.mimamori.bench.decision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.decision.AccessRequest;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.ExportMethod;
import jp.mimamori.core.decision.ExportProtection;
import jp.mimamori.core.decision.RequestedPurpose;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.CaptureArea;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.InspectionSchedule;
import jp.mimamori.core.model.Obligation;
import jp.mimamori.core.model.Principal;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.RetentionSetting;
import jp.mimamori.core.model.Role;
import jp.mimamori.core.model.Scope;
import jp.mimamori.core.model.Signage;
import jp.mimamori.core.model.Site;
import jp.mimamori.core.model.SiteKind;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.Installer;
import jp.mimamori.core.rules.OperatingRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One access decision against a city's rules with 1,000 cameras at 50 sites and 10,000 principals: 10
 * operation managers, 5,000 operators scoped to one site, 989 contractors scoped to one site, and 4,000
 * permit holders with a permit for 3 cameras. Requests cycle through 4,096 pregenerated ones (about half
 * permitted; the denies include deny-by-default with closest grants, expired permits and purpose mismatches).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar "AccessDecisionBench|BaselineBench" -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccessDecisionBench {
    static final int SITES = 50;
    static final int CAMERAS = 1_000;
    static final int PRINCIPALS = 10_000;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final Optional<ExportMethod> EXPORT = Optional.of(new ExportMethod("evidence server",
            ExportProtection.ACCESS_CONTROLLED_STORE));

    private DecisionEngine engine;
    private AccessRequest[] mixed;
    private AccessRequest[] permitted;
    private int i;
    private int j;

    /** Builds the rules, indexes them and pregenerates requests with a fixed seed. */
    @Setup
    public void setup() {
        OperatingRules rules = cityRules();
        engine = DecisionEngine.create(rules, ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0")
                .orElseThrow());
        Random rnd = new Random(20261123L);
        Action[] actions = {Action.VIEW_LIVE, Action.VIEW_RECORDED, Action.OPERATE, Action.EXPORT};
        Purpose[] purposes = {Purpose.CRIME_PREVENTION, Purpose.CRIMINAL_INVESTIGATION, Purpose.FACILITY_MANAGEMENT};
        mixed = new AccessRequest[4096];
        List<AccessRequest> ok = new ArrayList<>();
        for (int k = 0; k < mixed.length; k++) {
            int p = rnd.nextInt(PRINCIPALS);
            // Half the requests stay at the principal's own site, so about half are permitted.
            int cam = rnd.nextBoolean() ? siteOf(p) * (CAMERAS / SITES) + rnd.nextInt(CAMERAS / SITES)
                    : rnd.nextInt(CAMERAS);
            Instant at = T0.plusSeconds(rnd.nextInt(200) * 86_400L);
            Action a = actions[rnd.nextInt(actions.length)];
            // Exports name a protected medium (K3-2-1), so they are decided on the grants as before.
            mixed[k] = new AccessRequest("p-" + p, a, "cam-" + cam,
                    RequestedPurpose.of(purposes[rnd.nextInt(purposes.length)]), at,
                    a == Action.EXPORT ? EXPORT : Optional.empty());
        }
        while (ok.size() < 4096) {
            int p = rnd.nextInt(5_000) + 10;
            int cam = siteOf(p) * (CAMERAS / SITES) + rnd.nextInt(CAMERAS / SITES);
            AccessRequest r = new AccessRequest("p-" + p, Action.VIEW_RECORDED, "cam-" + cam,
                    Purpose.CRIME_PREVENTION, T0.plusSeconds(86_400L));
            ok.add(r);
        }
        permitted = ok.toArray(new AccessRequest[0]);
        long permits = 0;
        for (AccessRequest r : mixed) {
            permits += engine.decide(r).permitted() ? 1 : 0;
        }
        for (AccessRequest r : permitted) {
            if (!engine.decide(r).permitted()) {
                throw new IllegalStateException("setup: expected a permit for " + r);
            }
        }
        System.out.println("\nmixed requests permitted: " + permits + " of " + mixed.length);
    }

    /** One decision from the mixed stream (permits and all kinds of denies). */
    @Benchmark
    public Decision decideMixed() {
        i = (i + 1) & (mixed.length - 1);
        return engine.decide(mixed[i]);
    }

    /** One decision that is a permit: an operator viewing recorded footage at their site. */
    @Benchmark
    public Decision decidePermitted() {
        j = (j + 1) & (permitted.length - 1);
        return engine.decide(permitted[j]);
    }

    static int siteOf(int principal) {
        return principal % SITES;
    }

    static OperatingRules cityRules() {
        List<Principal> principals = new ArrayList<>();
        principals.add(new Principal("city", "City", "City"));
        List<Site> sites = new ArrayList<>();
        for (int s = 0; s < SITES; s++) {
            sites.add(new Site("site-" + s, "Site " + s, SiteKind.PUBLIC_FACILITY));
        }
        List<Camera> cameras = new ArrayList<>();
        for (int c = 0; c < CAMERAS; c++) {
            Set<Purpose> ps = c % 4 == 0 ? Set.of(Purpose.CRIME_PREVENTION, Purpose.FACILITY_MANAGEMENT)
                    : Set.of(Purpose.CRIME_PREVENTION);
            cameras.add(new Camera("cam-" + c, "site-" + (c / (CAMERAS / SITES)), "Camera " + c, ps,
                    Optional.of(new CaptureArea("entrance", List.of())),
                    Optional.of(new Signage("City", "door")), RetentionSetting.ofDays(14)));
        }
        List<Designation> designations = new ArrayList<>();
        List<AccessPermit> permits = new ArrayList<>();
        for (int p = 0; p < PRINCIPALS; p++) {
            String id = "p-" + p;
            principals.add(new Principal(id, "Principal " + p, "City"));
            Scope site = new Scope(Set.of("site-" + siteOf(p)), Set.of());
            if (p < 10) {
                designations.add(new Designation("d-" + p, id, Role.OPERATION_MANAGER, "city",
                        new Scope(Set.of("site-" + (p * 5), "site-" + (p * 5 + 1), "site-" + (p * 5 + 2),
                                "site-" + (p * 5 + 3), "site-" + (p * 5 + 4)), Set.of()), T0, Optional.empty(),
                        Optional.empty()));
            } else if (p < 5_010) {
                Optional<Instant> revoked = p % 50 == 0 ? Optional.of(T0.plusSeconds(100 * 86_400L))
                        : Optional.empty();
                designations.add(new Designation("d-" + p, id, Role.OPERATOR, "p-" + (p % 10), site, T0, revoked,
                        Optional.empty()));
            } else if (p < 6_000) {
                designations.add(new Designation("d-" + p, id, Role.CONTRACTOR, "p-" + (p % 10), site, T0,
                        Optional.empty(), Optional.of("contract " + p + " art. 12")));
            } else {
                int base = siteOf(p) * (CAMERAS / SITES);
                permits.add(new AccessPermit("g-" + p, id, "p-" + (p % 10), Set.of(Action.VIEW_RECORDED),
                        Set.of(Purpose.CRIME_PREVENTION, Purpose.CRIMINAL_INVESTIGATION), new Scope(Set.of(),
                        Set.of("cam-" + base, "cam-" + (base + 1), "cam-" + (base + 2))), T0,
                        T0.plusSeconds(90 * 86_400L), Optional.empty(), List.of(Obligation.LOG_VIEWING)));
            }
        }
        return new OperatingRules("bench-city", "1", "kumagaya-2019", "1.0.0", new Installer("city", "City"),
                Optional.of("penalties"), principals, sites, cameras, designations, permits, List.of(),
                Optional.of(new InspectionSchedule(180, Optional.of(LocalDate.of(2026, 1, 5)))), 14, List.of());
    }
}
