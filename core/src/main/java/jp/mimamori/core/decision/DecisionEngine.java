package jp.mimamori.core.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.mimamori.core.finding.ComplianceCode;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.rules.ComplianceCheck;
import jp.mimamori.core.rules.ComplianceReport;
import jp.mimamori.core.rules.OperatingRules;

/**
 * Decides access and disclosure requests under one set of operating rules and the profile they follow.
 * Deny by default (invariant 1): only a designation or a permit in force, in scope, for the action and a purpose
 * that fits the camera, and resting on a valid chain of authority at that instant (invariant 8), permits; every
 * deny names requirement IDs and explains itself, naming people, cameras and sites by their names in the rules
 * and times in the profile's zone.
 *
 * <pre>{@code
 * DecisionEngine engine = DecisionEngine.create(rules, profile);   // refuses rules with ERROR findings
 * Decision d = engine.decide(new AccessRequest("op-tanaka", Action.VIEW_RECORDED, "ch-lobby",
 *         Purpose.CRIME_PREVENTION, Instant.now()));
 * }</pre>
 *
 * <p>A request naming a camera or principal the rules do not know is decided, and denied (deny by default), so a
 * library caller always gets a decision to log; a tool that takes requests from people should reject such input
 * first with {@link #requireKnown(Request)}, as {@code mimamori decide} does.
 *
 * <p>{@link #create} indexes the rules once. An access decision is then two hash lookups and a scan of the
 * principal's grants (each with one comparison per link of its chain), sharing precomputed requirement lists,
 * facts and reasons, so it allocates only the decision and its fact list. Safe for use from many threads;
 * {@link #revoke} takes effect at once (K3-3).
 */
public final class DecisionEngine {
    private final RulesIndex ix;
    private final AccessDecisions access;
    private final DisclosureDecisions disclosure;

    private DecisionEngine(RulesIndex ix, Decisions decisions, FootageHolds holds) {
        this.ix = ix;
        this.access = new AccessDecisions(ix, decisions);
        this.disclosure = new DisclosureDecisions(ix, decisions, holds);
    }

    /**
     * Indexes {@code rules} for decisions under {@code profile} with {@linkplain EngineOptions#defaults() default
     * options}: rules whose compliance check has ERROR findings are refused.
     *
     * @throws NonCompliantRulesException if the compliance check finds ERRORs
     * @throws IllegalArgumentException   if the rules follow another profile or version ({@code profile} names
     *                                    the field), since decisions would then cite the wrong articles
     */
    public static DecisionEngine create(OperatingRules rules, GuidelineProfile profile) {
        return create(rules, profile, EngineOptions.defaults());
    }

    /**
     * Indexes {@code rules} for decisions under {@code profile}. Runs the compliance check as of the options'
     * clock first; ERROR findings refuse the rules unless the options carry a {@link FindingsAcknowledgement},
     * which every decision then records as its {@code accepted_findings} fact. Overdue inspections and inquiry
     * answers (K4-3-1, K4-2) are duties of the register that {@code ComplianceCheck} reports; they do not make a
     * decision wrong, so they never refuse the rules.
     *
     * @throws NonCompliantRulesException if the check finds ERRORs and no acknowledgement is given
     * @throws IllegalArgumentException   if the rules follow another profile or version
     */
    public static DecisionEngine create(OperatingRules rules, GuidelineProfile profile, EngineOptions options) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(options, "options");
        if (!rules.profileRef().equals(profile.ref())) {
            throw new IllegalArgumentException("profile: the rules follow " + rules.profileRef() + ", not "
                    + profile.ref() + " (K5-2)");
        }
        ComplianceReport report = ComplianceCheck.check(rules, profile, options.clock().instant());
        List<Finding> errors = blocking(report);
        Optional<Fact> accepted = Optional.empty();
        if (options.acknowledgement().isPresent()) {
            FindingsAcknowledgement a = options.acknowledgement().get();
            accepted = Optional.of(new Fact("accepted_findings", "by " + a.by() + " (" + a.reason() + "): " + (errors.isEmpty()
                    ? "none" : errors.stream().map(f -> f.code() + " at " + f.where()).collect(Collectors.joining("; ")))));
        } else if (!errors.isEmpty()) {
            throw new NonCompliantRulesException(new ComplianceReport(report.rules(), report.profile(), errors));
        }
        RulesIndex ix = new RulesIndex(rules, profile);
        return new DecisionEngine(ix, new Decisions(ix.rulesRef, ix.profileRef, accepted), options.holds());
    }

    /** The ERROR findings that refuse rules: all but the register's overdue duties. */
    static List<Finding> blocking(ComplianceReport report) {
        return NonCompliantRulesException.errors(report).stream()
                .filter(f -> f.code() != ComplianceCode.INSPECTION_OVERDUE && f.code() != ComplianceCode.INQUIRY_OVERDUE)
                .toList();
    }

    /** The rules decided under. */
    public OperatingRules rules() {
        return ix.rules;
    }

    /** The profile decided under. */
    public GuidelineProfile profile() {
        return ix.profile;
    }

    /** Decides either kind of request. */
    public Decision decide(Request request) {
        return request instanceof AccessRequest a ? decide(a) : decide((DisclosureRequest) request);
    }

    /**
     * Decides an access request: the camera must be in the rules, the purpose must fit it (K2-1), remote viewing
     * needs a grant for the principal and site (S5), a designation or permit in force must cover the action, the
     * camera and the purpose (K3-1-*), and its chain of authority must hold at {@code at} (invariant 8). An export
     * must name a protected medium (K3-2-1). A revoked designation (K3-3), an expired permit (K3-1-3) or a broken
     * link says so.
     */
    public Decision decide(AccessRequest r) {
        return access.decide(r);
    }

    /**
     * Decides a disclosure request (K3-4): individuals and private bodies are told the route that exists for them
     * (S9); a written request or a compulsory ground is needed, with its reference; the footage must still be able
     * to exist (K3-2-2); the ground must be one the profile allows (missing persons through an official request
     * only, S7); and every ground that is not compulsory must also fit the camera's declared purposes (S8).
     */
    public Decision decide(DisclosureRequest r) {
        return disclosure.decide(r);
    }

    /**
     * Decides an erasure of recorded footage (K3-2-2, K3-2-3, K4-3-2): a designation or permit in force that allows
     * {@link Action#ERASE} on the camera — an operation manager's by the role (K3-1-1), anyone else's by a
     * manager's permit (K3-1-3) — whose chain of authority holds at {@code at} (invariant 8). No purpose is asked.
     * A deny names the retention article, K3-1-1 and K3-1-3 (and a broken link's article).
     */
    public Decision decide(ErasureRequest r) {
        return access.erase(r.principal(), r.camera(), r.at());
    }

    /**
     * Rejects a request naming a camera or principal these rules do not know, for tools taking input from people.
     *
     * @throws IllegalArgumentException naming the field, such as
     *                                  {@code request.camera: "K-9" is not a camera of kumagaya-city-hall@2026-04-01}
     *                                  ({@code request.cameras[1]: …} for the second of several cameras)
     */
    public void requireKnown(Request request) {
        List<String> cams = request.cameras();
        for (int i = 0; i < cams.size(); i++) {
            if (!ix.cameras.containsKey(cams.get(i))) {
                throw new IllegalArgumentException((cams.size() == 1 ? "request.camera" : "request.cameras[" + i + "]")
                        + ": \"" + cams.get(i) + "\" is not a camera of " + ix.rulesRef);
            }
        }
        if (request instanceof AccessRequest a && !ix.names.knowsPrincipal(a.principal())) {
            throw new IllegalArgumentException("request.principal: \"" + a.principal() + "\" is not a principal of "
                    + ix.rulesRef);
        }
    }

    /**
     * Which cameras, and which time ranges, {@code principal} may access with {@code action} for {@code purpose}
     * at {@code at} — computed from the principal's grants and the purpose's camera set as bit sets, without
     * trying every camera. Cameras are listed once, in rules order, with the first grant that allows them; grants
     * whose chain of authority is broken allow nothing.
     */
    public List<Viewable> viewable(String principal, jp.mimamori.core.model.Purpose purpose, Action action,
                                   Instant at) {
        PrincipalEntry pe = ix.principals.get(principal);
        if (pe == null) {
            return List.of();
        }
        long t = at.toEpochMilli();
        BitSet seen = new BitSet();
        List<Viewable> out = new ArrayList<>();
        for (Grant g : pe.grants) {
            if ((g.actionMask & (1 << action.ordinal())) == 0 || (g.purposeMask & RulesIndex.bit(purpose)) == 0
                    || t < g.from || t >= g.until || t >= g.revokedAt || g.verified() < 0) {
                continue;
            }
            BitSet cams = (BitSet) ix.camerasFitting[purpose.ordinal()].clone();
            if (!g.everywhere) {
                cams.and(g.cameras);
            }
            if (action == Action.REMOTE_VIEW && !ix.profile.remoteViewingByDefault()) {
                cams.and(pe.remote);
            }
            cams.andNot(seen);
            seen.or(cams);
            long end = Math.min(g.until, g.revokedAt);
            Optional<Instant> until = end == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(end));
            for (int i = cams.nextSetBit(0); i >= 0; i = cams.nextSetBit(i + 1)) {
                CameraEntry c = ix.cameraList[i];
                out.add(new Viewable(c.id, g.id, Instant.ofEpochMilli(g.from), until,
                        at.minus(Duration.ofDays(c.retentionDays))));
            }
        }
        out.sort((a, b) -> Integer.compare(ix.cameras.get(a.camera()).index, ix.cameras.get(b.camera()).index));
        return out;
    }

    /**
     * Revokes the designation or permit {@code grantId} from {@code at} on (K3-3): every later request it would
     * have permitted is denied, at once. Revoking an operation manager ends the manager's own access; what the
     * manager designated or issued before {@code at} stays valid, anything issued at or after it counts for
     * nothing. An earlier revocation stays in force.
     *
     * @throws IllegalArgumentException if no designation or permit has that id
     */
    public void revoke(String grantId, Instant at) {
        Grant g = ix.grants.get(grantId);
        if (g == null) {
            throw new IllegalArgumentException("grantId: no designation or permit " + grantId);
        }
        synchronized (g) {
            g.revokedAt = Math.min(g.revokedAt, at.toEpochMilli());
        }
    }
}
