package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.internal.Authority;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.RemoteViewingGrant;
import jp.mimamori.core.text.LocalizedText;

/**
 * Access decisions (K2-1, K3-1-*, K3-2-1, K3-3, K5-1, S5): purpose, remote viewing, export protection, then the
 * principal's grants, each honoured only through a valid chain of authority at the instant of the request.
 */
final class AccessDecisions {
    private final RulesIndex ix;
    private final Decisions out;

    AccessDecisions(RulesIndex ix, Decisions out) {
        this.ix = ix;
        this.out = out;
    }

    Decision decide(AccessRequest r) {
        CameraEntry cam = ix.cameras.get(r.camera());
        if (cam == null) {
            return out.deny(ix.unknownCameraReqs, List.of(new Fact("camera", r.camera())),
                    LocalizedText.of("カメラ\"" + r.camera() + "\"は規約にありません",
                            "camera \"" + r.camera() + "\" is not in the rules"), List.of());
        }
        if (r.action() == Action.ERASE) {
            return erase(r.principal(), cam, r.at());
        }
        RequestedPurpose purpose = r.purpose();
        Action action = r.action();
        if (!ix.fits(cam, purpose)) {
            return out.deny(ix.purposeReqs, List.of(cam.fact, ix.purposeFact(purpose)), cam.mismatch(purpose),
                    List.of());
        }
        PrincipalEntry pe = ix.principals.get(r.principal());
        if (action == Action.REMOTE_VIEW && !ix.profile.remoteViewingByDefault()
                && (pe == null || !pe.remote.get(cam.index))) {
            String who = pe != null ? pe.named : r.principal();
            return out.deny(ix.remoteReqs, List.of(pe != null ? pe.fact : new Fact("principal", r.principal()),
                            cam.fact, ix.actionFacts[action.ordinal()]),
                    LocalizedText.of("規約は" + who + "に" + ix.names.site(cam.site) + "での遠隔閲覧を認めていません",
                            "the rules do not enable remote viewing for " + who + " at site "
                                    + ix.names.site(cam.site)), List.of());
        }
        long t = r.at().toEpochMilli();
        int actionBit = 1 << action.ordinal();
        int po = purpose.ordinal();
        long purposeBit = 1L << po;
        Grant expired = null;
        Grant revoked = null;
        Grant broken = null;
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
                    int k = g.verified();
                    if (k < 0) {
                        broken = g;
                    } else if (action == Action.EXPORT && exportUnprotected(r).isPresent()) {
                        // K3-2-1 decided: the grant would allow it, but not like this.
                        return exportDeny(r, cam, exportUnprotected(r).get());
                    } else {
                        return permit(r, cam, pe, g, k);
                    }
                }
            }
        }
        return denyByDefault(r, cam, pe, expired, revoked, broken);
    }

    /** Decides an erasure of footage of {@code camera} by {@code principal} at {@code at} (K3-2-3, invariant 8). */
    Decision erase(String principal, String camera, Instant at) {
        CameraEntry cam = ix.cameras.get(camera);
        if (cam == null) {
            return out.deny(RulesIndex.union(ix.unknownCameraReqs, ix.erasureReqs), List.of(new Fact("camera", camera),
                            ix.actionFacts[Action.ERASE.ordinal()]),
                    LocalizedText.of("カメラ\"" + camera + "\"は規約にありません", "camera \"" + camera
                            + "\" is not in the rules"), List.of());
        }
        return erase(principal, cam, at);
    }

    /**
     * Erasure: no purpose is asked (it uses no footage); a designation or permit in force that allows
     * {@link Action#ERASE} on the camera, through a valid chain of authority at {@code at}, permits.
     */
    private Decision erase(String principal, CameraEntry cam, Instant at) {
        PrincipalEntry pe = ix.principals.get(principal);
        Fact action = ix.actionFacts[Action.ERASE.ordinal()];
        long t = at.toEpochMilli();
        int bit = 1 << Action.ERASE.ordinal();
        Grant expired = null;
        Grant revoked = null;
        Grant broken = null;
        if (pe != null) {
            for (Grant g : pe.grants) {
                if ((g.actionMask & bit) == 0 || !g.covers(cam)) {
                    continue;
                }
                if (t < g.from || t >= g.until) {
                    expired = g;
                } else if (t >= g.revokedAt) {
                    revoked = g;
                } else {
                    int k = g.verified();
                    if (k < 0) {
                        broken = g;
                    } else {
                        return out.permit(g.requirements[Action.ERASE.ordinal()],
                                List.of(g.verifiedFacts[k], cam.fact, action), g.verifiedReasons[k], List.of());
                    }
                }
            }
        }
        Fact who = pe != null ? pe.fact : new Fact("principal", principal);
        List<Fact> facts = List.of(who, cam.fact, action);
        if (broken != null) {
            Authority.Break b = broken.broken(ix);
            return out.deny(RulesIndex.union(ix.erasureDenyReqs, ix.profile.requirements(b.topic())),
                    List.of(who, broken.plainFact(), cam.fact, action), b.text(), List.of());
        }
        if (revoked != null) {
            return out.deny(RulesIndex.union(ix.erasureDenyReqs, ix.revokedReqs), facts, revoked.revokedText(ix),
                    List.of());
        }
        if (expired != null) {
            return out.deny(ix.erasureDenyReqs, facts, expired.notInForceText(ix), List.of());
        }
        String named = pe != null ? pe.named : ix.names.principal(principal);
        LocalizedText reason = LocalizedText.of(
                named + "に" + cam.named + "の録画映像の消去を認める指定又は許可はありません。保存期間の満了による消去は、運用責任者"
                        + "又はその許可を受けた者だけが行えます",
                "no designation or permit allows " + named + " to erase recorded footage of " + cam.named
                        + "; only the operation manager, or someone holding the manager's permit to erase, may run"
                        + " retention");
        List<LocalizedText> closest = new java.util.ArrayList<>();
        if (pe == null || pe.grants.length == 0) {
            closest.add(LocalizedText.of(named + "はこの規約で指定も許可も受けていません",
                    named + " holds no designation or permit in these rules"));
        } else {
            for (int i = 0; i < pe.grants.length && i < 3; i++) {
                closest.add(pe.grants[i].erasureShortfall(cam));
            }
        }
        return out.deny(ix.erasureDenyReqs, facts, reason, closest);
    }

    private Decision permit(AccessRequest r, CameraEntry cam, PrincipalEntry pe, Grant g, int k) {
        Action action = r.action();
        LocalizedText reason = g.verifiedReasons[k];
        List<Fact> facts = List.of(g.verifiedFacts[k], cam.fact, ix.purposeFacts[r.purpose().ordinal()],
                ix.actionFacts[action.ordinal()]);
        if (action == Action.REMOTE_VIEW) {
            int rg = pe.remoteGrantFor(cam.index);
            if (rg >= 0) {
                RemoteViewingGrant remote = pe.remoteGrants.get(rg);
                reason = LocalizedText.of(reason.ja() + "。遠隔閲覧は規約で" + pe.named + "に" + ix.scopeText(remote.scope())
                                + "について認められています(手段: " + remote.means() + ")",
                        reason.en() + "; remote viewing is enabled for " + pe.named + " at " + ix.scopeText(remote.scope())
                                + " over " + remote.means() + " (remote_viewing[" + ix.rules.remoteViewing().indexOf(remote)
                                + "])");
                facts = List.of(facts.get(0), facts.get(1), facts.get(2), facts.get(3),
                        new Fact("remote_grant", "remote_viewing[" + ix.rules.remoteViewing().indexOf(remote) + "]: "
                                + remote.principal() + ", " + ix.scopeText(remote.scope()) + ", means " + remote.means()));
            }
        } else if (action == Action.EXPORT) {
            ExportMethod m = r.export().orElseThrow();
            reason = LocalizedText.of(reason.ja() + "。書き出し先: " + m.medium() + "(" + m.protection().label().ja() + ")",
                    reason.en() + "; export to " + m.medium() + " (" + m.protection().label().en() + ")");
            facts = List.of(facts.get(0), facts.get(1), facts.get(2), facts.get(3),
                    new Fact("export", m.medium() + ", " + m.protection().name()));
        }
        return out.permit(g.requirements[action.ordinal()], facts, reason, g.obligations[action.ordinal()]);
    }

    /** K3-2-1 decided: why this export may not be made as asked; empty when it names a protected medium. */
    private static Optional<LocalizedText> exportUnprotected(AccessRequest r) {
        if (r.export().isEmpty()) {
            return Optional.of(LocalizedText.of("書き出しの要求には媒体と保護の方法(受領者宛ての暗号化又はアクセス制御)を示してください",
                    "an export request must name its medium and protection (encrypted to the recipient or an"
                            + " access-controlled store)"));
        }
        ExportMethod m = r.export().get();
        if (m.protection() == ExportProtection.UNPROTECTED) {
            return Optional.of(LocalizedText.of("保護されない媒体(" + m.medium() + ")への書き出しはできません。受領者宛てに暗号化するか、"
                            + "アクセス制御された保管場所に書き出してください",
                    "images may not be exported to unprotected media (" + m.medium() + "); encrypt them to the"
                            + " recipient or export to an access-controlled store"));
        }
        return Optional.empty();
    }

    private Decision exportDeny(AccessRequest r, CameraEntry cam, LocalizedText why) {
        List<Fact> facts = r.export().isPresent()
                ? List.of(new Fact("principal", r.principal()), cam.fact, ix.actionFacts[Action.EXPORT.ordinal()],
                        new Fact("export", r.export().get().medium() + ", " + r.export().get().protection().name()))
                : List.of(new Fact("principal", r.principal()), cam.fact, ix.actionFacts[Action.EXPORT.ordinal()]);
        return out.deny(ix.profile.requirements(jp.mimamori.core.profile.Topic.IMAGE_PROTECTION), facts, why,
                List.of());
    }

    private Decision denyByDefault(AccessRequest r, CameraEntry cam, PrincipalEntry pe, Grant expired,
                                   Grant revoked, Grant broken) {
        Fact purposeFact = ix.purposeFact(r.purpose());
        List<Fact> facts = List.of(pe != null ? pe.fact : new Fact("principal", r.principal()), cam.fact,
                purposeFact, ix.actionFacts[r.action().ordinal()]);
        if (broken != null) {
            Authority.Break b = broken.broken(ix);
            return out.deny(RulesIndex.union(ix.profile.requirements(b.topic()), ix.viewingReqs),
                    List.of(facts.get(0), broken.plainFact(), cam.fact, purposeFact, ix.actionFacts[r.action().ordinal()]),
                    b.text(), List.of());
        }
        if (revoked != null) {
            return out.deny(ix.revokedReqs, facts, revoked.revokedText(ix), List.of());
        }
        if (expired != null) {
            return out.deny(ix.viewingReqs, facts, expired.notInForceText(ix), List.of());
        }
        if (pe == null || pe.grants.length == 0) {
            String who = pe != null ? pe.named : ix.names.principal(r.principal());
            return out.deny(ix.viewingReqs, facts, noGrantReason(who, r), List.of(LocalizedText.of(
                    who + "はこの規約で指定も許可も受けていません", who + " holds no designation or permit in these rules")));
        }
        // Texts are cached per principal and per grant, so a stream of denials allocates only the decision.
        LocalizedText reason;
        int po = r.purpose().ordinal();
        if (po < 0) {
            reason = noGrantReason(pe.named, r);
        } else {
            int key = r.action().ordinal() * RulesIndex.PURPOSES.length + po;
            reason = pe.noGrantReasons[key];
            if (reason == null) {
                reason = noGrantReason(pe.named, r);
                pe.noGrantReasons[key] = reason; // a race only computes the same immutable value twice
            }
        }
        Grant[] gs = pe.grants;
        List<LocalizedText> closest = gs.length == 1 ? List.of(gs[0].shortfall(r, cam))
                : gs.length == 2 ? List.of(gs[0].shortfall(r, cam), gs[1].shortfall(r, cam))
                : List.of(gs[0].shortfall(r, cam), gs[1].shortfall(r, cam), gs[2].shortfall(r, cam));
        return out.deny(ix.viewingReqs, facts, reason, closest);
    }

    private static LocalizedText noGrantReason(String principal, AccessRequest r) {
        return LocalizedText.of(
                principal + "にこのカメラの" + r.action().label().ja() + "(" + r.purpose().label().ja()
                        + ")を認める指定又は許可はありません",
                "no designation or permit grants " + r.action().label().en() + " for " + r.purpose().label().en()
                        + " on this camera to " + principal);
    }
}
