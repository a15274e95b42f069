package jp.mimamori.core.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.Obligation;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.RemoteViewingGrant;
import jp.mimamori.core.model.Role;
import jp.mimamori.core.model.Scope;
import jp.mimamori.core.profile.DisclosureGround;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.Topic;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.text.LocalizedText;

/**
 * Decides access and disclosure requests under one set of operating rules and the profile they follow.
 * Deny by default (invariant 1): only a designation or a permit in force, in scope, for the action and a purpose
 * that fits the camera, permits; every deny names requirement IDs and explains itself.
 *
 * <p>{@link #create} indexes the rules once. An access decision is then two hash lookups and a scan of the
 * principal's grants, sharing precomputed requirement lists, facts and reasons, so it allocates only the
 * decision and its fact list. Safe for use from many threads; {@link #revoke} takes effect at once (K3-3).
 */
public final class DecisionEngine {
    private static final Purpose[] PURPOSES = Purpose.values();
    private static final Action[] ACTIONS = Action.values();

    private final OperatingRules rules;
    private final GuidelineProfile profile;
    private final String rulesRef;
    private final String profileRef;
    private final Map<String, CameraEntry> cameras = new HashMap<>();
    private final CameraEntry[] cameraList;
    private final Map<String, PrincipalEntry> principals = new HashMap<>();
    private final Map<String, Grant> grants = new HashMap<>();
    private final Map<String, Integer> siteIndex = new HashMap<>();
    /** For each request purpose, the declared purposes it fits (itself and the profile's fit), as a bit mask. */
    private final long[] fitMask = new long[PURPOSES.length];
    /** For each request purpose, the cameras it fits. */
    private final BitSet[] camerasFitting = new BitSet[PURPOSES.length];
    private final Fact[] purposeFacts = new Fact[PURPOSES.length];
    private final Fact[] actionFacts = new Fact[ACTIONS.length];
    private final List<String> purposeReqs;
    private final List<String> viewingReqs;
    private final List<String> revokedReqs;
    private final List<String> remoteReqs;
    private final List<String> unknownCameraReqs;

    private DecisionEngine(OperatingRules rules, GuidelineProfile profile) {
        this.rules = rules;
        this.profile = profile;
        this.rulesRef = rules.ref();
        this.profileRef = profile.ref();
        purposeReqs = profile.requirements(Topic.PURPOSE);
        viewingReqs = profile.requirements(Topic.VIEWING);
        revokedReqs = union(profile.requirements(Topic.CONFIDENTIALITY), viewingReqs);
        remoteReqs = profile.requirements(Topic.REMOTE_VIEWING);
        unknownCameraReqs = union(profile.requirements(Topic.RULES_DOCUMENT), viewingReqs);
        for (Purpose p : PURPOSES) {
            long m = bit(p);
            for (Purpose d : PURPOSES) {
                if (profile.fits(p, Set.of(d))) {
                    m |= bit(d);
                }
            }
            fitMask[p.ordinal()] = m;
            camerasFitting[p.ordinal()] = new BitSet();
            purposeFacts[p.ordinal()] = new Fact("purpose", p.name());
        }
        for (Action a : ACTIONS) {
            actionFacts[a.ordinal()] = new Fact("action", a.name());
        }
        Map<String, String> siteOf = new HashMap<>();
        rules.sites().forEach(site -> siteIndex.put(site.id(), siteIndex.size()));
        cameraList = new CameraEntry[rules.cameras().size()];
        for (Camera c : rules.cameras()) {
            CameraEntry e = new CameraEntry(cameras.size(), siteIndex.getOrDefault(c.site(), -1), c,
                    mask(c.purposes()));
            cameraList[e.index] = e;
            cameras.put(c.id(), e);
            siteOf.put(c.id(), c.site());
            for (Purpose p : PURPOSES) {
                if ((e.purposeMask & fitMask[p.ordinal()]) != 0) {
                    camerasFitting[p.ordinal()].set(e.index);
                }
            }
        }
        for (Designation d : rules.designations()) {
            add(new Grant(this, d, expand(d.scope())));
        }
        for (AccessPermit p : rules.permits()) {
            add(new Grant(this, p, expand(p.scope())));
        }
        for (RemoteViewingGrant r : rules.remoteViewing()) {
            principal(r.principal()).remote.or(expand(r.scope()));
        }
    }

    /**
     * Indexes {@code rules} for decisions under {@code profile}.
     *
     * @throws IllegalArgumentException if the rules follow another profile or version ({@code profile} names
     *                                  the field), since decisions would then cite the wrong articles
     */
    public static DecisionEngine create(OperatingRules rules, GuidelineProfile profile) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(profile, "profile");
        if (!rules.profileRef().equals(profile.ref())) {
            throw new IllegalArgumentException("profile: the rules follow " + rules.profileRef() + ", not "
                    + profile.ref() + " (K5-2)");
        }
        return new DecisionEngine(rules, profile);
    }

    /** The rules decided under. */
    public OperatingRules rules() {
        return rules;
    }

    /** The profile decided under. */
    public GuidelineProfile profile() {
        return profile;
    }

    /** Decides either kind of request. */
    public Decision decide(Request request) {
        return request instanceof AccessRequest a ? decide(a) : decide((DisclosureRequest) request);
    }

    /**
     * Decides an access request: the camera must be in the rules, the purpose must fit it (K2-1), remote viewing
     * needs a grant for the principal and site (S5), and a designation or permit in force must cover the action,
     * the camera and the purpose (K3-1-*). A revoked designation (K3-3) or an expired permit (K3-1-3) says so.
     */
    public Decision decide(AccessRequest r) {
        CameraEntry cam = cameras.get(r.camera());
        if (cam == null) {
            return deny(unknownCameraReqs, List.of(new Fact("camera", r.camera())),
                    LocalizedText.of("カメラ\"" + r.camera() + "\"は規約にありません",
                            "camera \"" + r.camera() + "\" is not in the rules"), List.of());
        }
        Purpose purpose = r.purpose();
        if ((cam.purposeMask & fitMask[purpose.ordinal()]) == 0) {
            return deny(purposeReqs, List.of(cam.fact, purposeFacts[purpose.ordinal()]),
                    cam.purposeMismatch[purpose.ordinal()], List.of());
        }
        PrincipalEntry pe = principals.get(r.principal());
        Action action = r.action();
        if (action == Action.REMOTE_VIEW && !profile.remoteViewingByDefault()
                && (pe == null || !pe.remote.get(cam.index))) {
            return deny(remoteReqs, List.of(pe != null ? pe.fact : new Fact("principal", r.principal()), cam.fact,
                            actionFacts[action.ordinal()]),
                    LocalizedText.of("規約は" + r.principal() + "に" + cam.site + "での遠隔閲覧を認めていません",
                            "the rules do not enable remote viewing for " + r.principal() + " at site " + cam.site),
                    List.of());
        }
        long t = r.at().toEpochMilli();
        int actionBit = 1 << action.ordinal();
        long purposeBit = bit(purpose);
        Grant expired = null;
        Grant revoked = null;
        if (pe != null) {
            for (Grant g : pe.grants) {
                if ((g.actionMask & actionBit) == 0 || (g.purposeMask & purposeBit) == 0 || !g.covers(cam)) {
                    continue;
                }
                if (t < g.from || t >= g.until) {
                    expired = g;
                } else if (t >= g.revokedAt) {
                    revoked = g;
                } else {
                    return new Decision.Permit(g.requirements[action.ordinal()],
                            List.of(g.fact, cam.fact, purposeFacts[purpose.ordinal()], actionFacts[action.ordinal()]),
                            g.reason, g.obligations[action.ordinal()], rulesRef, profileRef);
                }
            }
        }
        return denyByDefault(r, cam, pe, expired, revoked);
    }

    private Decision denyByDefault(AccessRequest r, CameraEntry cam, PrincipalEntry pe, Grant expired,
                                   Grant revoked) {
        List<Fact> facts = List.of(pe != null ? pe.fact : new Fact("principal", r.principal()), cam.fact,
                purposeFacts[r.purpose().ordinal()], actionFacts[r.action().ordinal()]);
        if (revoked != null) {
            return deny(revokedReqs, facts, revoked.revokedText(), List.of());
        }
        if (expired != null) {
            return deny(viewingReqs, facts, expired.notInForceText(), List.of());
        }
        if (pe == null || pe.grants.length == 0) {
            String who = r.principal();
            return deny(viewingReqs, facts, noGrantReason(who, r), List.of(LocalizedText.of(
                    who + "はこの規約で指定も許可も受けていません", who + " holds no designation or permit in these rules")));
        }
        // Texts are cached per principal and per grant, so a stream of denials allocates only the decision.
        int key = r.action().ordinal() * PURPOSES.length + r.purpose().ordinal();
        LocalizedText reason = pe.noGrantReasons[key];
        if (reason == null) {
            reason = noGrantReason(pe.fact.value(), r);
            pe.noGrantReasons[key] = reason; // a race only computes the same immutable value twice
        }
        Grant[] gs = pe.grants;
        List<LocalizedText> closest = gs.length == 1 ? List.of(gs[0].shortfall(r, cam))
                : gs.length == 2 ? List.of(gs[0].shortfall(r, cam), gs[1].shortfall(r, cam))
                : List.of(gs[0].shortfall(r, cam), gs[1].shortfall(r, cam), gs[2].shortfall(r, cam));
        return deny(viewingReqs, facts, reason, closest);
    }

    private static LocalizedText noGrantReason(String principal, AccessRequest r) {
        return LocalizedText.of(
                principal + "にこのカメラの" + r.action().label().ja() + "(" + r.purpose().label().ja()
                        + ")を認める指定又は許可はありません",
                "no designation or permit grants " + r.action() + " for " + r.purpose() + " on this camera to "
                        + principal);
    }

    /**
     * Decides a disclosure request (K3-4): individuals are sent the proper route (S9); a written request or a
     * statute is needed; the ground must be one the profile allows (missing persons through an official request
     * only, S7); a voluntary written request must also fit the camera's declared purposes (S8).
     */
    public Decision decide(DisclosureRequest r) {
        List<String> disclosure = profile.requirements(Topic.DISCLOSURE);
        CameraEntry cam = cameras.get(r.camera());
        List<Fact> facts = new ArrayList<>(List.of(new Fact("requester", r.requester()),
                new Fact("requester_kind", r.requesterKind().name()), new Fact("basis", r.basis().name()),
                purposeFacts[r.purpose().ordinal()], new Fact("camera", r.camera())));
        r.reference().ifPresent(ref -> facts.add(new Fact("reference", ref)));
        if (cam == null) {
            return deny(union(profile.requirements(Topic.RULES_DOCUMENT), disclosure), facts,
                    LocalizedText.of("カメラ\"" + r.camera() + "\"は規約にありません",
                            "camera \"" + r.camera() + "\" is not in the rules"), List.of());
        }
        if (r.requesterKind() == RequesterKind.PRIVATE_INDIVIDUAL
                || r.requesterKind() == RequesterKind.PRIVATE_ORGANIZATION) {
            return deny(union(profile.requirements(Topic.INDIVIDUAL_REQUEST), disclosure), facts, LocalizedText.of(
                    "個人や民間からの請求には画像を提供できません。警察に相談してください。警察が必要と判断すれば、"
                            + "文書により市に照会し、運用責任者が判断します(警察→市→運用責任者)",
                    "images are not provided to individuals or private bodies on request; ask the police, who may"
                            + " request them from the city in writing, and the operation manager decides (police →"
                            + " city → operation manager)"), List.of());
        }
        boolean missingPerson = r.purpose() == Purpose.MISSING_PERSON;
        List<String> base = missingPerson ? union(profile.requirements(Topic.MISSING_PERSON), disclosure) : disclosure;
        if (r.basis() == BasisKind.ORAL || r.basis() == BasisKind.NONE) {
            return deny(base, facts, LocalizedText.of(
                    "文書による要請又は法令の根拠が必要です(口頭の依頼では提供できません)",
                    "a written request or a statute is required; an oral or unstated request is not enough"),
                    List.of());
        }
        if (r.reference().isEmpty()) {
            return deny(base, facts, LocalizedText.of("要請文書又は法令の参照(文書番号等)が必要です",
                    "the request must give its statute or document reference"), List.of());
        }
        Optional<DisclosureGround> ground = ground(r);
        if (ground.isEmpty() || !profile.disclosureGrounds().contains(ground.get())) {
            String g = ground.map(x -> x.label().en()).orElse(r.requesterKind().label().en() + " asking for "
                    + r.purpose().label().en());
            String gJa = ground.map(x -> x.label().ja()).orElse(r.requesterKind().label().ja() + "からの"
                    + r.purpose().label().ja() + "のための要請");
            return deny(base, facts, LocalizedText.of(gJa + "は" + profile.id() + "が認める提供の根拠ではありません",
                    g + " is not a ground for provision under " + profile.id()), List.of());
        }
        List<String> reqs = base;
        if (ground.get() != DisclosureGround.LEGAL_OBLIGATION) {
            // S8: a written request is necessary but not sufficient; a statute or order stands on its own.
            List<String> purposeFit = profile.requirements(Topic.DISCLOSURE_PURPOSE);
            reqs = union(base, purposeFit);
            if ((cam.purposeMask & fitMask[r.purpose().ordinal()]) == 0) {
                return deny(union(purposeFit, base), facts, LocalizedText.of(
                        "文書による要請は必要条件であって十分条件ではありません。要請の目的(" + r.purpose().label().ja()
                                + ")は" + cam.id + "の設置目的(" + cam.declaredJa + ")に合いません",
                        "a written request is necessary but not sufficient: the request's purpose ("
                                + r.purpose().label().en() + ") does not fit the declared purposes of " + cam.id
                                + " (" + cam.declaredEn + ")"), List.of());
            }
        }
        List<Obligation> obligations = new ArrayList<>(List.of(Obligation.VERIFY_RECIPIENT,
                Obligation.RECORD_DISCLOSURE, Obligation.PROTECT_EXPORT, Obligation.MINIMUM_FOOTAGE));
        if (missingPerson) {
            obligations.add(Obligation.MASK_THIRD_PARTIES);
        }
        return new Decision.Permit(reqs, facts, LocalizedText.of(
                ground.get().label().ja() + "に当たり、提供できます", "provision allowed: " + ground.get().label().en()),
                obligations, rulesRef, profileRef);
    }

    private static Optional<DisclosureGround> ground(DisclosureRequest r) {
        RequesterKind k = r.requesterKind();
        if (r.basis() == BasisKind.STATUTE) {
            return Optional.of(DisclosureGround.LEGAL_OBLIGATION);
        }
        if (r.purpose() == Purpose.MISSING_PERSON
                && (k == RequesterKind.INVESTIGATIVE_AGENCY || k == RequesterKind.PUBLIC_BODY)) {
            return Optional.of(DisclosureGround.MISSING_PERSON_OFFICIAL_REQUEST);
        }
        if (k == RequesterKind.INVESTIGATIVE_AGENCY && (r.purpose() == Purpose.CRIMINAL_INVESTIGATION
                || r.purpose() == Purpose.ACCIDENT_INVESTIGATION)) {
            return Optional.of(DisclosureGround.INVESTIGATIVE_WRITTEN_REQUEST);
        }
        return Optional.empty();
    }

    /**
     * Which cameras, and which time ranges, {@code principal} may access with {@code action} for {@code purpose}
     * at {@code at} — computed from the principal's grants and the purpose's camera set as bit sets, without
     * trying every camera. Cameras are listed once, in rules order, with the first grant that allows them.
     */
    public List<Viewable> viewable(String principal, Purpose purpose, Action action, Instant at) {
        PrincipalEntry pe = principals.get(principal);
        if (pe == null) {
            return List.of();
        }
        long t = at.toEpochMilli();
        BitSet seen = new BitSet();
        List<Viewable> out = new ArrayList<>();
        for (Grant g : pe.grants) {
            if ((g.actionMask & (1 << action.ordinal())) == 0 || (g.purposeMask & bit(purpose)) == 0
                    || t < g.from || t >= g.until || t >= g.revokedAt) {
                continue;
            }
            BitSet cams = (BitSet) camerasFitting[purpose.ordinal()].clone();
            if (!g.everywhere) {
                cams.and(g.cameras);
            }
            if (action == Action.REMOTE_VIEW && !profile.remoteViewingByDefault()) {
                cams.and(pe.remote);
            }
            cams.andNot(seen);
            seen.or(cams);
            long end = Math.min(g.until, g.revokedAt);
            Optional<Instant> until = end == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(end));
            for (int i = cams.nextSetBit(0); i >= 0; i = cams.nextSetBit(i + 1)) {
                CameraEntry c = cameraList[i];
                out.add(new Viewable(c.id, g.id, Instant.ofEpochMilli(g.from), until,
                        at.minus(Duration.ofDays(c.retentionDays))));
            }
        }
        out.sort((a, b) -> Integer.compare(cameras.get(a.camera()).index, cameras.get(b.camera()).index));
        return out;
    }

    /**
     * Revokes the designation or permit {@code grantId} from {@code at} on (K3-3): every later request it would
     * have permitted is denied, at once. An earlier revocation stays in force.
     *
     * @throws IllegalArgumentException if no designation or permit has that id
     */
    public void revoke(String grantId, Instant at) {
        Grant g = grants.get(grantId);
        if (g == null) {
            throw new IllegalArgumentException("grantId: no designation or permit " + grantId);
        }
        synchronized (g) {
            g.revokedAt = Math.min(g.revokedAt, at.toEpochMilli());
        }
    }

    private Decision deny(List<String> reqs, List<Fact> facts, LocalizedText reason, List<LocalizedText> closest) {
        return new Decision.Deny(reqs, facts, reason, closest, rulesRef, profileRef);
    }

    private void add(Grant g) {
        grants.put(g.id, g);
        PrincipalEntry pe = principal(g.principal);
        Grant[] a = java.util.Arrays.copyOf(pe.grants, pe.grants.length + 1);
        a[a.length - 1] = g;
        pe.grants = a;
    }

    private PrincipalEntry principal(String id) {
        return principals.computeIfAbsent(id, PrincipalEntry::new);
    }

    private int singleSite(Scope scope) {
        return scope.cameras().isEmpty() && scope.sites().size() == 1
                ? siteIndex.getOrDefault(scope.sites().iterator().next(), -1) : -1;
    }

    /** The cameras of {@code scope} as a bit set, or {@code null} for everywhere. */
    private BitSet expand(Scope scope) {
        if (scope.everywhere()) {
            return null;
        }
        BitSet b = new BitSet(cameraList.length);
        for (CameraEntry c : cameraList) {
            if (scope.covers(c.site, c.id)) {
                b.set(c.index);
            }
        }
        return b;
    }

    private static long bit(Purpose p) {
        return 1L << p.ordinal();
    }

    private static long mask(Set<Purpose> ps) {
        long m = 0;
        for (Purpose p : ps) {
            m |= bit(p);
        }
        return m;
    }

    static List<String> union(List<String> a, List<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }

    /** A camera as the engine indexes it. */
    private static final class CameraEntry {
        final int index;
        final int siteIndex;
        final String id;
        final String site;
        final long purposeMask;
        final int retentionDays;
        final Fact fact;
        final String declaredJa;
        final String declaredEn;
        final LocalizedText[] purposeMismatch;

        CameraEntry(int index, int siteIndex, Camera c, long purposeMask) {
            this.index = index;
            this.siteIndex = siteIndex;
            this.id = c.id();
            this.site = c.site();
            this.purposeMask = purposeMask;
            this.retentionDays = c.retention().days();
            List<Purpose> declared = c.purposes().stream().sorted().toList();
            this.declaredJa = declared.stream().map(p -> p.label().ja()).collect(Collectors.joining("、"));
            this.declaredEn = declared.stream().map(p -> p.label().en()).collect(Collectors.joining(", "));
            this.fact = new Fact("camera", id + " at " + site + ", declared for "
                    + declared.stream().map(Purpose::name).collect(Collectors.joining(", ")));
            // Denials for a purpose outside the camera's are common; their text is made once, not per request.
            this.purposeMismatch = new LocalizedText[PURPOSES.length];
            for (Purpose p : PURPOSES) {
                purposeMismatch[p.ordinal()] = mismatch(p);
            }
        }

        private LocalizedText mismatch(Purpose p) {
            return LocalizedText.of(
                    "目的(" + p.label().ja() + ")は" + id + "の設置目的(" + declaredJa + ")を逸脱します",
                    "purpose " + p.label().en() + " is outside the declared purposes of " + id + " (" + declaredEn
                            + ")");
        }
    }

    /** A principal's grants and remote-viewing cameras. */
    private static final class PrincipalEntry {
        volatile Grant[] grants = new Grant[0];
        final BitSet remote = new BitSet();
        final Fact fact;
        final LocalizedText[] noGrantReasons = new LocalizedText[ACTIONS.length * PURPOSES.length];

        PrincipalEntry(String id) {
            this.fact = new Fact("principal", id);
        }
    }

    /** A designation or permit, indexed: masks, camera bit set, validity, and its precomputed answers. */
    private static final class Grant {
        final String id;
        final String principal;
        final int actionMask;
        final long purposeMask;
        final boolean everywhere;
        final BitSet cameras;
        /** The site index when the scope is exactly one site (the common case), else -1. */
        final int singleSite;
        final long from;
        final long until;
        volatile long revokedAt;
        final Fact fact;
        final LocalizedText reason;
        final String scopeText;
        final String actionsText;
        final Set<Action> actions;
        /** Deny texts, computed on first use; races only compute the same value twice. */
        private final LocalizedText[] shortfalls = new LocalizedText[ACTIONS.length * PURPOSES.length * 2];
        private volatile LocalizedText notInForce;
        private volatile Object[] revokedCache;
        final Set<Purpose> purposes;
        @SuppressWarnings("unchecked")
        final List<String>[] requirements = new List[ACTIONS.length];
        @SuppressWarnings("unchecked")
        final List<Obligation>[] obligations = new List[ACTIONS.length];

        Grant(DecisionEngine e, Designation d, BitSet cams) {
            this.id = d.id();
            this.principal = d.principal();
            this.actions = d.role().actions();
            this.actionMask = actionMask(actions);
            this.purposes = EnumSet.allOf(Purpose.class);
            this.purposeMask = -1L;
            this.everywhere = cams == null;
            this.cameras = cams;
            this.singleSite = e.singleSite(d.scope());
            this.from = d.from().toEpochMilli();
            this.until = Long.MAX_VALUE;
            this.revokedAt = d.revokedAt().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
            this.scopeText = scopeText(d.scope());
            this.actionsText = actionsText(actions);
            Topic topic = switch (d.role()) {
                case INSTALLER, OPERATION_MANAGER -> Topic.OPERATION_MANAGER;
                case OPERATOR -> Topic.OPERATOR;
                case CONTRACTOR -> Topic.CONTRACTOR;
            };
            this.fact = new Fact("grant", "designation " + id + ": " + principal + " as " + d.role() + ", "
                    + scopeText + d.contractClause().map(c -> ", contract clause " + c).orElse(""));
            this.reason = d.role() == Role.CONTRACTOR
                    ? LocalizedText.of(principal + "は契約条項に基づく受託者として指定されています(" + id + ")",
                            principal + " is designated as a contractor bound by contract clause (" + id + ")")
                    : LocalizedText.of(principal + "は" + d.role().label().ja() + "として指定されています(" + id + ")",
                            principal + " is designated as " + d.role().label().en() + " (" + id + ")");
            List<String> base = union(e.purposeReqs, e.profile.requirements(topic));
            fill(e, base, List.of());
        }

        Grant(DecisionEngine e, AccessPermit p, BitSet cams) {
            this.id = p.id();
            this.principal = p.principal();
            this.actions = p.actions();
            this.actionMask = actionMask(actions);
            this.purposes = p.purposes();
            long m = 0;
            for (Purpose x : p.purposes()) {
                m |= bit(x);
            }
            this.purposeMask = m;
            this.everywhere = cams == null;
            this.cameras = cams;
            this.singleSite = e.singleSite(p.scope());
            this.from = p.from().toEpochMilli();
            this.until = p.until().toEpochMilli();
            this.revokedAt = p.revokedAt().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
            this.scopeText = scopeText(p.scope());
            this.actionsText = actionsText(actions);
            this.fact = new Fact("grant", "permit " + id + " issued by " + p.issuedBy() + " to " + principal + ": "
                    + p.actions().stream().sorted().map(Action::name).collect(Collectors.joining(", ")) + " for "
                    + p.purposes().stream().sorted().map(Purpose::name).collect(Collectors.joining(", ")) + ", "
                    + scopeText + ", " + p.from() + " – " + p.until());
            this.reason = LocalizedText.of(
                    principal + "は運用責任者" + p.issuedBy() + "の許可を受けています(" + id + "、" + p.until() + "まで)",
                    principal + " holds a permit from operation manager " + p.issuedBy() + " (" + id + ", until "
                            + p.until() + ")");
            fill(e, union(e.purposeReqs, e.viewingReqs), p.obligations());
        }

        private void fill(DecisionEngine e, List<String> base, List<Obligation> own) {
            for (Action a : ACTIONS) {
                List<String> reqs = base;
                LinkedHashSet<Obligation> obl = new LinkedHashSet<>(own);
                switch (a) {
                    case VIEW_LIVE, VIEW_RECORDED -> obl.add(Obligation.LOG_VIEWING);
                    case EXPORT -> {
                        obl.add(Obligation.PROTECT_EXPORT);
                        reqs = union(reqs, e.profile.requirements(Topic.IMAGE_PROTECTION));
                    }
                    case REMOTE_VIEW -> {
                        obl.add(Obligation.LOG_VIEWING);
                        reqs = union(reqs, e.remoteReqs);
                    }
                    case OPERATE -> { }
                    default -> throw new AssertionError(a);
                }
                requirements[a.ordinal()] = reqs;
                obligations[a.ordinal()] = List.copyOf(obl);
            }
        }

        /** Whether the grant's scope holds {@code cam}; a single-site scope compares indexes, touching no bit set. */
        boolean covers(CameraEntry cam) {
            return everywhere || (singleSite >= 0 ? cam.siteIndex == singleSite : cameras.get(cam.index));
        }

        /**
         * The reason for a request that this revoked grant would have allowed. Cached: a revoked principal
         * tends to keep asking, and the text changes only when the revocation time does.
         */
        LocalizedText revokedText() {
            long at = revokedAt;
            Object[] cached = revokedCache;
            if (cached != null && (Long) cached[0] == at) {
                return (LocalizedText) cached[1];
            }
            LocalizedText t = LocalizedText.of(
                    id + "は" + Instant.ofEpochMilli(at) + "に取り消されました。取消し以降は操作及び視聴できません",
                    id + " was revoked at " + Instant.ofEpochMilli(at) + "; access ends at revocation");
            revokedCache = new Object[] {at, t};
            return t;
        }

        /** The reason for a request outside this grant's validity window (made once, the window is fixed). */
        LocalizedText notInForceText() {
            LocalizedText t = notInForce;
            if (t == null) {
                String window = Instant.ofEpochMilli(from) + " – "
                        + (until == Long.MAX_VALUE ? "" : Instant.ofEpochMilli(until).toString());
                t = LocalizedText.of(id + "の有効期間(" + window + ")外です。運用責任者の許可が必要です",
                        id + " is not in force at the time of the request (valid " + window
                                + "); a permit from the operation manager is needed");
                notInForce = t;
            }
            return t;
        }

        /** What this grant lacks for {@code r}: the deny's "closest grant" line, cached per shape of request. */
        LocalizedText shortfall(AccessRequest r, CameraEntry cam) {
            boolean covered = covers(cam);
            int key = (r.action().ordinal() * PURPOSES.length + r.purpose().ordinal()) * 2 + (covered ? 1 : 0);
            LocalizedText t = shortfalls[key];
            if (t == null) {
                t = computeShortfall(r.action(), r.purpose(), covered);
                shortfalls[key] = t; // a race only computes the same immutable value twice
            }
            return t;
        }

        private LocalizedText computeShortfall(Action action, Purpose purpose, boolean covered) {
            List<String> en = new ArrayList<>();
            List<String> ja = new ArrayList<>();
            if (!actions.contains(action)) {
                en.add("not " + action);
                ja.add(action.label().ja() + "は対象外");
            }
            if (!covered) {
                en.add("camera outside its scope");
                ja.add("カメラが範囲外");
            }
            if (!purposes.contains(purpose)) {
                en.add("not for " + purpose);
                ja.add(purpose.label().ja() + "の目的は対象外");
            }
            return LocalizedText.of(id + "(" + actionsText + "、" + scopeText + "): " + String.join("、", ja),
                    id + " (" + actionsText + ", " + scopeText + "): " + String.join("; ", en));
        }

        private static int actionMask(Set<Action> as) {
            int m = 0;
            for (Action a : as) {
                m |= 1 << a.ordinal();
            }
            return m;
        }

        private static String actionsText(Set<Action> as) {
            return as.stream().sorted().map(Action::name).collect(Collectors.joining(", "));
        }

        private static String scopeText(Scope s) {
            if (s.everywhere()) {
                return "all cameras";
            }
            List<String> parts = new ArrayList<>();
            s.sites().stream().sorted().forEach(x -> parts.add("site " + x));
            s.cameras().stream().sorted().forEach(x -> parts.add("camera " + x));
            return String.join(", ", parts);
        }
    }
}
