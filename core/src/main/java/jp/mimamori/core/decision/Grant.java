package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mimamori.core.internal.Authority;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.Obligation;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.Role;
import jp.mimamori.core.model.Scope;
import jp.mimamori.core.profile.Topic;
import jp.mimamori.core.text.LocalizedText;

/**
 * A designation or permit, indexed: masks, camera bit set, validity, its link in the chain of authority
 * (invariant 8) and its precomputed answers. Only {@link #revokedAt} changes after indexing.
 */
final class Grant {
    private static final Action[] ACTIONS = Action.values();
    private static final int PURPOSES = Purpose.values().length;

    final String id;
    final String principal;
    final boolean permit;
    final int actionMask;
    final long purposeMask;
    final boolean everywhere;
    final BitSet cameras;
    /** The site index when the scope is exactly one site (the common case), else -1. */
    final int singleSite;
    final long from;
    final long until;
    volatile long revokedAt;
    final Set<Action> actions;
    final Set<Purpose> purposes;
    final String scopeText;
    final String actionsText;
    final List<String>[] requirements;
    final List<Obligation>[] obligations;

    // The chain of authority.
    /** Who designated or issued it, and when (epoch millis). */
    final String issuer;
    final long issuedAt;
    /** The topic whose articles a broken link cites. */
    final Topic linkTopic;
    /** A break that no run-time event can mend (made by someone who was never a manager then), if any. */
    Optional<Authority.Break> staticBreak = Optional.empty();
    /** The issuer's manager designations in effect at issue; the link holds while one was unrevoked then. */
    Grant[] authority;
    /** Per authority candidate (or one, for a manager), the fact and reason of a permit: what was verified. */
    Fact[] verifiedFacts;
    LocalizedText[] verifiedReasons;

    /** Deny texts, computed on first use; races only compute the same value twice. */
    private final LocalizedText[] shortfalls = new LocalizedText[ACTIONS.length * PURPOSES * 2];
    private volatile LocalizedText notInForce;
    private volatile Object[] revokedCache;
    private volatile Object[] brokenCache;
    private final Designation designation;
    private final AccessPermit accessPermit;
    private final String principalNamed;

    private Grant(String id, String principal, boolean permit, Set<Action> actions, Set<Purpose> purposes, BitSet cams,
                  int singleSite, Instant from, long until, long revokedAt, Scope scope, String issuer,
                  Instant issuedAt, Topic linkTopic, Designation d, AccessPermit p, String principalNamed,
                  List<String> base, List<Obligation> own, RulesIndex ix) {
        this.id = id;
        this.principal = principal;
        this.permit = permit;
        this.actions = actions;
        this.actionMask = actionMask(actions);
        this.purposes = purposes;
        long m = 0;
        for (Purpose x : purposes) {
            m |= 1L << x.ordinal();
        }
        this.purposeMask = m;
        this.everywhere = cams == null;
        this.cameras = cams;
        this.singleSite = singleSite;
        this.from = from.toEpochMilli();
        this.until = until;
        this.revokedAt = revokedAt;
        this.scopeText = ix.scopeText(scope);
        this.actionsText = actions.stream().sorted().map(a -> a.label().en()).collect(Collectors.joining(", "));
        this.issuer = issuer;
        this.issuedAt = issuedAt.toEpochMilli();
        this.linkTopic = linkTopic;
        this.designation = d;
        this.accessPermit = p;
        this.principalNamed = principalNamed;
        @SuppressWarnings("unchecked")
        List<String>[] reqs = new List[ACTIONS.length];
        @SuppressWarnings("unchecked")
        List<Obligation>[] obl = new List[ACTIONS.length];
        for (Action a : ACTIONS) {
            List<String> r = base;
            LinkedHashSet<Obligation> o = new LinkedHashSet<>(own);
            switch (a) {
                case VIEW_LIVE, VIEW_RECORDED -> o.add(Obligation.LOG_VIEWING);
                case EXPORT -> {
                    o.add(Obligation.PROTECT_EXPORT);
                    r = RulesIndex.union(r, ix.profile.requirements(Topic.IMAGE_PROTECTION));
                }
                case REMOTE_VIEW -> {
                    o.add(Obligation.LOG_VIEWING);
                    r = RulesIndex.union(r, ix.remoteReqs);
                }
                case OPERATE -> { }
                // Erasure uses no footage: it rests on the retention article and the grant's own link, not on K2-1.
                case ERASE -> r = RulesIndex.union(ix.erasureReqs, ix.profile.requirements(linkTopic));
                default -> throw new AssertionError(a);
            }
            reqs[a.ordinal()] = r;
            obl[a.ordinal()] = List.copyOf(o);
        }
        this.requirements = reqs;
        this.obligations = obl;
    }

    static Grant of(Designation d, RulesIndex ix) {
        Topic topic = Authority.topicOf(d.role());
        return new Grant(d.id(), d.principal(), false, d.role().actions(), EnumSet.allOf(Purpose.class),
                ix.expand(d.scope()), ix.singleSite(d.scope()), d.from(), Long.MAX_VALUE,
                d.revokedAt().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE), d.scope(), d.designatedBy(),
                d.from(), topic, d, null, ix.names.principal(d.principal()),
                RulesIndex.union(ix.purposeReqs, ix.profile.requirements(topic)), List.of(), ix);
    }

    static Grant of(AccessPermit p, RulesIndex ix) {
        return new Grant(p.id(), p.principal(), true, p.actions(), p.purposes(), ix.expand(p.scope()),
                ix.singleSite(p.scope()), p.from(), p.until().toEpochMilli(),
                p.revokedAt().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE), p.scope(), p.issuedBy(),
                p.issuedAt(), Topic.VIEWING, null, p, ix.names.principal(p.principal()),
                RulesIndex.union(ix.purposeReqs, ix.viewingReqs), p.obligations(), ix);
    }

    /**
     * Links the grant into the chain once every grant exists: a manager's designation stands on the installer; an
     * operator's, a contractor's and a permit stand on the issuer's manager designations in effect at issue.
     */
    void link(RulesIndex ix) {
        Authority chain = ix.authority;
        String issuerNamed = ix.names.principal(issuer);
        String when = ix.names.time(Instant.ofEpochMilli(issuedAt));
        if (designation != null && designation.role() != Role.OPERATOR && designation.role() != Role.CONTRACTOR) {
            staticBreak = chain.check(designation);
            authority = null;
            Role r = designation.role();
            verifiedFacts = new Fact[] {new Fact("grant", "designation " + id + ": " + principal + " as " + r
                    + ", " + scopeText + ", designated by installer " + issuer)};
            verifiedReasons = new LocalizedText[] {LocalizedText.of(
                    principalNamed + "は設置者" + issuerNamed + "が指定した" + r.label().ja() + "です(" + id + ")",
                    principalNamed + " is " + r.label().en() + ", designated by the installer " + issuerNamed
                            + " (" + id + ")")};
            return;
        }
        if (designation != null && designation.contractorWithoutClause()) {
            staticBreak = Optional.of(chain.check(designation).orElseThrow());
            authority = new Grant[0];
            verifiedFacts = new Fact[0];
            verifiedReasons = new LocalizedText[0];
            return;
        }
        List<Designation> candidates = chain.managerDesignationsFrom(issuer, Instant.ofEpochMilli(issuedAt));
        if (candidates.isEmpty() && staticBreak.isEmpty()) {
            staticBreak = Optional.of(chain.noAuthority(id, permit, issuer, Instant.ofEpochMilli(issuedAt),
                    linkTopic));
        }
        authority = new Grant[candidates.size()];
        verifiedFacts = new Fact[candidates.size()];
        verifiedReasons = new LocalizedText[candidates.size()];
        for (int k = 0; k < candidates.size(); k++) {
            String md = candidates.get(k).id();
            authority[k] = ix.grants.get(md);
            if (permit) {
                AccessPermit p = accessPermit;
                verifiedFacts[k] = new Fact("grant", "permit " + id + " issued by " + issuer + " at " + p.issuedAt()
                        + " under " + md + " to " + principal + ": "
                        + p.actions().stream().sorted().map(Action::name).collect(Collectors.joining(", ")) + " for "
                        + p.purposes().stream().sorted().map(Purpose::name).collect(Collectors.joining(", "))
                        + ", " + scopeText + ", " + p.from() + " – " + p.until());
                String until = ix.names.time(p.until());
                verifiedReasons[k] = LocalizedText.of(
                        principalNamed + "は運用責任者" + issuerNamed + "が在任中(" + md + ")の" + when + "に発行した許可を受けています("
                                + id + "、" + until + "まで)",
                        principalNamed + " holds a permit issued at " + when + " by operation manager " + issuerNamed
                                + " while in force (" + md + ") (" + id + ", until " + until + ")");
            } else {
                Designation d = designation;
                Role r = d.role();
                String clause = d.contractClause().map(c -> ", contract clause " + c).orElse("");
                verifiedFacts[k] = new Fact("grant", "designation " + id + ": " + principal + " as " + r + ", "
                        + scopeText + clause + ", designated by " + issuer + " at " + d.from() + " under " + md);
                verifiedReasons[k] = r == Role.CONTRACTOR
                        ? LocalizedText.of(principalNamed + "は契約条項(" + d.contractClause().orElseThrow()
                                + ")に基づく受託者として、運用責任者" + issuerNamed + "が在任中(" + md + ")に指定しています(" + id + ")",
                        principalNamed + " is a contractor bound by contract clause (" + d.contractClause().orElseThrow()
                                + "), designated by operation manager " + issuerNamed + " while in force (" + md
                                + ") (" + id + ")")
                        : LocalizedText.of(principalNamed + "は運用責任者" + issuerNamed + "が在任中(" + md + ")に指定した"
                                + r.label().ja() + "です(" + id + ")",
                        principalNamed + " is " + r.label().en() + ", designated by operation manager " + issuerNamed
                                + " while in force (" + md + ") (" + id + ")");
            }
        }
    }

    /**
     * The candidate whose link holds now (0 for a manager designated by the installer), or -1 when the chain is
     * broken: each check is one comparison against a revocation time, so the hot path stays a few loads.
     */
    int verified() {
        if (staticBreak.isPresent()) {
            return -1;
        }
        Grant[] a = authority;
        if (a == null) {
            return 0;
        }
        for (int k = 0; k < a.length; k++) {
            if (issuedAt < a[k].revokedAt) {
                return k;
            }
        }
        return -1;
    }

    /** Why the chain is broken (call only when {@link #verified()} is -1). */
    Authority.Break broken(RulesIndex ix) {
        if (staticBreak.isPresent()) {
            return staticBreak.get();
        }
        Grant last = authority[0];
        for (Grant g : authority) {
            if (g.revokedAt > last.revokedAt) {
                last = g;
            }
        }
        long at = last.revokedAt;
        Object[] cached = brokenCache;
        if (cached != null && (Long) cached[0] == at) {
            return (Authority.Break) cached[1];
        }
        Authority.Break b = ix.authority.afterRevocation(id, permit, issuer, Instant.ofEpochMilli(issuedAt), last.id,
                Instant.ofEpochMilli(at), linkTopic);
        brokenCache = new Object[] {at, b};
        return b;
    }

    /** Whether the grant's scope holds {@code cam}; a single-site scope compares indexes, touching no bit set. */
    boolean covers(CameraEntry cam) {
        return everywhere || (singleSite >= 0 ? cam.siteIndex == singleSite : cameras.get(cam.index));
    }

    /** A fact naming the grant without the chain (for denials). */
    Fact plainFact() {
        return new Fact("grant", (permit ? "permit " : "designation ") + id + " of " + principal + ", by " + issuer);
    }

    /**
     * The reason for a request that this revoked grant would have allowed. Cached: a revoked principal tends to
     * keep asking, and the text changes only when the revocation time does.
     */
    LocalizedText revokedText(RulesIndex ix) {
        long at = revokedAt;
        Object[] cached = revokedCache;
        if (cached != null && (Long) cached[0] == at) {
            return (LocalizedText) cached[1];
        }
        String t = ix.names.time(Instant.ofEpochMilli(at));
        LocalizedText text = LocalizedText.of(
                id + "(" + principalNamed + ")は" + t + "に取り消されました。取消し以降は操作及び視聴できません",
                id + " (" + principalNamed + ") was revoked at " + t + "; access ends at revocation");
        revokedCache = new Object[] {at, text};
        return text;
    }

    /** The reason for a request outside this grant's validity window (made once, the window is fixed). */
    LocalizedText notInForceText(RulesIndex ix) {
        LocalizedText t = notInForce;
        if (t == null) {
            String window = ix.names.time(Instant.ofEpochMilli(from)) + " – "
                    + (until == Long.MAX_VALUE ? "" : ix.names.time(Instant.ofEpochMilli(until)));
            t = LocalizedText.of(id + "(" + principalNamed + ")の有効期間(" + window + ")外です。運用責任者の許可が必要です",
                    id + " (" + principalNamed + ") is not in force at the time of the request (valid " + window
                            + "); a permit from the operation manager is needed");
            notInForce = t;
        }
        return t;
    }

    /** What this grant lacks for {@code r}: the deny's "closest grant" line, cached per shape of request. */
    LocalizedText shortfall(AccessRequest r, CameraEntry cam) {
        boolean covered = covers(cam);
        int po = r.purpose().ordinal();
        if (po < 0) {
            return computeShortfall(r.action(), r.purpose(), covered);
        }
        int key = (r.action().ordinal() * PURPOSES + po) * 2 + (covered ? 1 : 0);
        LocalizedText t = shortfalls[key];
        if (t == null) {
            t = computeShortfall(r.action(), r.purpose(), covered);
            shortfalls[key] = t; // a race only computes the same immutable value twice
        }
        return t;
    }

    /** What this grant lacks for erasing footage of {@code cam} (no purpose is asked of an erasure). */
    LocalizedText erasureShortfall(CameraEntry cam) {
        return computeShortfall(Action.ERASE, null, covers(cam));
    }

    private LocalizedText computeShortfall(Action action, RequestedPurpose purpose, boolean covered) {
        List<String> en = new ArrayList<>();
        List<String> ja = new ArrayList<>();
        if (!actions.contains(action)) {
            en.add("not " + action.label().en());
            ja.add(action.label().ja() + "は対象外");
        }
        if (!covered) {
            en.add("camera outside its scope");
            ja.add("カメラが範囲外");
        }
        if (purpose != null && (purpose.ordinal() < 0 || !purposes.contains(purpose.builtIn().orElseThrow()))) {
            en.add("not for " + purpose.label().en());
            ja.add(purpose.label().ja() + "の目的は対象外");
        }
        if (en.isEmpty()) {
            en.add("not usable at this time");
            ja.add("この時点では使えません");
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
}
