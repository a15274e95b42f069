package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.Role;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.rules.OperatingRules;

/**
 * The guideline read naively, grant by grant, walking the chain of authority link by link (invariant 8): the
 * reference the engine's indexed answers are compared with. Extra revocations map a grant id to epoch millis.
 */
final class ChainReference {
    private final OperatingRules rules;
    private final GuidelineProfile profile;
    private final Map<String, Long> revoked;

    ChainReference(OperatingRules rules, GuidelineProfile profile, Map<String, Long> revoked) {
        this.rules = rules;
        this.profile = profile;
        this.revoked = revoked;
    }

    /** Whether the guideline permits {@code r}. */
    boolean permits(AccessRequest r) {
        Optional<Camera> cam = rules.camera(r.camera());
        if (cam.isPresent() && r.action() == Action.ERASE) {
            // K3-2-3: erasure uses no footage, so no purpose is asked; the grant and its chain decide alone.
            return rules.designations().stream().anyMatch(d -> allows(d, r, cam.get()))
                    || rules.permits().stream().anyMatch(p -> allows(p, r, cam.get()));
        }
        if (cam.isEmpty() || r.purpose().builtIn().isEmpty()
                || !profile.fits(r.purpose().builtIn().get(), cam.get().purposes())) {
            return false;
        }
        Camera c = cam.get();
        if (r.action() == Action.REMOTE_VIEW && !profile.remoteViewingByDefault()
                && rules.remoteViewing().stream().noneMatch(g -> g.principal().equals(r.principal())
                        && g.scope().covers(c.site(), c.id()))) {
            return false;
        }
        if (r.action() == Action.EXPORT && (r.export().isEmpty()
                || r.export().get().protection() == ExportProtection.UNPROTECTED)) {
            return false;
        }
        return rules.designations().stream().anyMatch(d -> allows(d, r, c))
                || rules.permits().stream().anyMatch(p -> allows(p, r, c));
    }

    /** Whether the grant with {@code id} may back a permit for {@code r} (in force and its chain whole). */
    boolean backs(String id, AccessRequest r) {
        Camera c = rules.camera(r.camera()).orElseThrow();
        return rules.designations().stream().anyMatch(d -> d.id().equals(id) && allows(d, r, c))
                || rules.permits().stream().anyMatch(p -> p.id().equals(id) && allows(p, r, c));
    }

    private boolean allows(Designation d, AccessRequest r, Camera c) {
        long t = r.at().toEpochMilli();
        return d.principal().equals(r.principal()) && d.role().actions().contains(r.action())
                && d.scope().covers(c.site(), c.id()) && !r.at().isBefore(d.from()) && t < revokedAt(d)
                && chainHolds(d);
    }

    private boolean allows(AccessPermit p, AccessRequest r, Camera c) {
        long t = r.at().toEpochMilli();
        boolean purposeOk = r.action() == Action.ERASE
                || p.purposes().contains(r.purpose().builtIn().orElseThrow());
        return p.principal().equals(r.principal()) && p.actions().contains(r.action())
                && purposeOk && p.scope().covers(c.site(), c.id())
                && !r.at().isBefore(p.from()) && r.at().isBefore(p.until()) && t < revokedAt(p.id(), p.revokedAt())
                && managerInForce(p.issuedBy(), p.issuedAt());
    }

    /** K3-1-1, K3-1-2, K5-1: the link that made {@code d}. */
    private boolean chainHolds(Designation d) {
        return switch (d.role()) {
            case INSTALLER -> false;
            case OPERATION_MANAGER -> d.designatedBy().equals(rules.installer().principal());
            case OPERATOR -> managerInForce(d.designatedBy(), d.from());
            case CONTRACTOR -> d.contractClause().isPresent() && managerInForce(d.designatedBy(), d.from());
        };
    }

    /** Whether {@code m} held an operation manager designation made by the installer, in force at {@code t}. */
    private boolean managerInForce(String m, Instant t) {
        long ms = t.toEpochMilli();
        return rules.designations().stream().anyMatch(d -> d.role() == Role.OPERATION_MANAGER
                && d.principal().equals(m) && d.designatedBy().equals(rules.installer().principal())
                && !t.isBefore(d.from()) && ms < revokedAt(d));
    }

    private long revokedAt(Designation d) {
        return revokedAt(d.id(), d.revokedAt());
    }

    private long revokedAt(String id, Optional<Instant> recorded) {
        return Math.min(recorded.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE),
                revoked.getOrDefault(id, Long.MAX_VALUE));
    }
}
