package jp.mimamori.core.decision;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mimamori.core.internal.Authority;
import jp.mimamori.core.internal.Names;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.RemoteViewingGrant;
import jp.mimamori.core.model.Scope;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.Topic;
import jp.mimamori.core.rules.OperatingRules;

/**
 * The rules indexed once for decisions: cameras, principals and grants as bit sets and masks, each grant linked
 * into the chain of authority, requirement lists and facts shared between decisions. Immutable after
 * construction except for grants' revocation times.
 */
final class RulesIndex {
    static final Purpose[] PURPOSES = Purpose.values();
    static final Action[] ACTIONS = Action.values();

    final OperatingRules rules;
    final GuidelineProfile profile;
    final Names names;
    final Authority authority;
    final String rulesRef;
    final String profileRef;
    final Map<String, CameraEntry> cameras = new HashMap<>();
    final CameraEntry[] cameraList;
    final Map<String, PrincipalEntry> principals = new HashMap<>();
    final Map<String, Grant> grants = new HashMap<>();
    final Map<String, Integer> siteIndex = new HashMap<>();
    /** For each request purpose, the declared purposes it fits (itself and the profile's fit), as a bit mask. */
    final long[] fitMask = new long[PURPOSES.length];
    /** For each request purpose, the cameras it fits. */
    final BitSet[] camerasFitting = new BitSet[PURPOSES.length];
    final Fact[] purposeFacts = new Fact[PURPOSES.length];
    final Fact[] actionFacts = new Fact[ACTIONS.length];
    final List<String> purposeReqs;
    final List<String> viewingReqs;
    final List<String> revokedReqs;
    final List<String> remoteReqs;
    final List<String> unknownCameraReqs;
    /** What an erasure rests on: the retention article (K3-2-2 / S1). */
    final List<String> erasureReqs;
    /** What an erasure denied cites: retention, the manager who runs it (K3-1-1) and the permit rule (K3-1-3). */
    final List<String> erasureDenyReqs;

    RulesIndex(OperatingRules rules, GuidelineProfile profile) {
        this.rules = rules;
        this.profile = profile;
        this.names = new Names(rules, profile.timeZone());
        this.authority = new Authority(rules, names);
        this.rulesRef = rules.ref();
        this.profileRef = profile.ref();
        purposeReqs = profile.requirements(Topic.PURPOSE);
        viewingReqs = profile.requirements(Topic.VIEWING);
        revokedReqs = union(profile.requirements(Topic.CONFIDENTIALITY), viewingReqs);
        remoteReqs = profile.requirements(Topic.REMOTE_VIEWING);
        unknownCameraReqs = union(profile.requirements(Topic.RULES_DOCUMENT), viewingReqs);
        erasureReqs = profile.requirements(Topic.RETENTION_CEILING);
        erasureDenyReqs = union(union(erasureReqs, profile.requirements(Topic.OPERATION_MANAGER)), viewingReqs);
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
        rules.sites().forEach(site -> siteIndex.put(site.id(), siteIndex.size()));
        cameraList = new CameraEntry[rules.cameras().size()];
        for (Camera c : rules.cameras()) {
            CameraEntry e = new CameraEntry(cameras.size(), siteIndex.getOrDefault(c.site(), -1), c,
                    mask(c.purposes()), profile.retentionDays(c.retention()), names);
            cameraList[e.index] = e;
            cameras.put(c.id(), e);
            for (Purpose p : PURPOSES) {
                if ((e.purposeMask & fitMask[p.ordinal()]) != 0) {
                    camerasFitting[p.ordinal()].set(e.index);
                }
            }
        }
        List<Grant> all = new ArrayList<>();
        for (Designation d : rules.designations()) {
            all.add(add(Grant.of(d, this)));
        }
        for (AccessPermit p : rules.permits()) {
            all.add(add(Grant.of(p, this)));
        }
        for (Grant g : all) {
            g.link(this);
        }
        for (RemoteViewingGrant r : rules.remoteViewing()) {
            PrincipalEntry pe = principal(r.principal());
            BitSet cams = expand(r.scope());
            pe.remote.or(cams);
            pe.remoteGrants.add(r);
            pe.remoteCameras.add(cams);
        }
    }

    /** The fact naming the purpose of a request, shared for built-ins. */
    Fact purposeFact(RequestedPurpose p) {
        int o = p.ordinal();
        return o >= 0 ? purposeFacts[o] : new Fact("purpose", p.code());
    }

    /** Whether requested purpose {@code p} fits {@code cam}'s declared purposes (K2-1); an undeclared one never. */
    boolean fits(CameraEntry cam, RequestedPurpose p) {
        int o = p.ordinal();
        return o >= 0 && (cam.purposeMask & fitMask[o]) != 0;
    }

    private Grant add(Grant g) {
        grants.put(g.id, g);
        PrincipalEntry pe = principal(g.principal);
        Grant[] a = java.util.Arrays.copyOf(pe.grants, pe.grants.length + 1);
        a[a.length - 1] = g;
        pe.grants = a;
        return g;
    }

    PrincipalEntry principal(String id) {
        return principals.computeIfAbsent(id, k -> new PrincipalEntry(k, names.principal(k)));
    }

    int singleSite(Scope scope) {
        return scope.cameras().isEmpty() && scope.sites().size() == 1
                ? siteIndex.getOrDefault(scope.sites().iterator().next(), -1) : -1;
    }

    /** The cameras of {@code scope} as a bit set, or {@code null} for everywhere. */
    BitSet expand(Scope scope) {
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

    /** A scope in words, naming sites and cameras. */
    String scopeText(Scope s) {
        if (s.everywhere()) {
            return "all cameras";
        }
        List<String> parts = new ArrayList<>();
        s.sites().stream().sorted().forEach(x -> parts.add("site " + names.site(x)));
        s.cameras().stream().sorted().forEach(x -> parts.add("camera " + names.camera(x)));
        return String.join(", ", parts);
    }

    static long bit(Purpose p) {
        return 1L << p.ordinal();
    }

    static long mask(Set<Purpose> ps) {
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

    static String joined(List<String> parts) {
        return parts.stream().collect(Collectors.joining(", "));
    }
}
