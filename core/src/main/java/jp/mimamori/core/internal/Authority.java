package jp.mimamori.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.Role;
import jp.mimamori.core.profile.Topic;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.text.LocalizedText;

/**
 * The chain of authority in operating rules (DESIGN.md invariant 8): operation managers are designated by the
 * installer, who may designate itself (K3-1-1); operators and contractors are designated by an operation manager
 * whose own designation was in force at the moment of designating (K3-1-2, K5-1); permits are issued by an
 * operation manager in force at the moment of issue (K3-1-3); a contractor needs its contract clause (K5-1).
 * Revoking a manager (K3-3) leaves what the manager issued while in force valid; nothing issued after counts.
 *
 * <p>The one implementation of the chain: the compliance check reports each {@link Break}, the decision engine
 * honours no grant with one. The engine re-checks the moment of issue against revocations made at run time.
 */
public final class Authority {
    /**
     * A broken link: which topic's articles it breaks and why, naming the grant, the people and the instants.
     *
     * @param topic the topic whose articles the link belongs to
     * @param text  why the grant counts for nothing
     */
    public record Break(Topic topic, LocalizedText text) {}

    private final String installer;
    private final Names names;
    private final Map<String, List<Designation>> byPrincipal = new HashMap<>();

    /** The chain of {@code rules}; messages name people through {@code names}. */
    public Authority(OperatingRules rules, Names names) {
        this.installer = rules.installer().principal();
        this.names = names;
        for (Designation d : rules.designations()) {
            byPrincipal.computeIfAbsent(d.principal(), k -> new ArrayList<>()).add(d);
        }
    }

    /** Whether {@code d} is an operation manager designation made by the installer (K3-1-1). */
    public boolean validManager(Designation d) {
        return d.role() == Role.OPERATION_MANAGER && d.designatedBy().equals(installer);
    }

    /**
     * The validly made manager designations of {@code principal} that had taken effect by {@code t}, whether or not
     * revoked since: the engine checks revocations itself, as they may come at run time.
     */
    public List<Designation> managerDesignationsFrom(String principal, Instant t) {
        List<Designation> out = new ArrayList<>();
        for (Designation d : byPrincipal.getOrDefault(principal, List.of())) {
            if (validManager(d) && !d.from().isAfter(t)) {
                out.add(d);
            }
        }
        return out;
    }

    /** The link of {@code d} as recorded in the rules (recorded revocations included), or empty when it holds. */
    public Optional<Break> check(Designation d) {
        return switch (d.role()) {
            case INSTALLER -> Optional.empty(); // grants nothing by itself; the compliance check names a stranger
            case OPERATION_MANAGER -> validManager(d) ? Optional.empty() : Optional.of(managerNotByInstaller(d));
            case OPERATOR, CONTRACTOR -> {
                if (d.contractorWithoutClause()) {
                    yield Optional.of(contractorWithoutClause(d));
                }
                yield managerInForce(d.designatedBy(), d.from()) ? Optional.empty()
                        : Optional.of(noAuthority(d.id(), false, d.designatedBy(), d.from(), topicOf(d.role())));
            }
        };
    }

    /** The link of {@code p} as recorded in the rules, or empty when it holds. */
    public Optional<Break> check(AccessPermit p) {
        return managerInForce(p.issuedBy(), p.issuedAt()) ? Optional.empty()
                : Optional.of(noAuthority(p.id(), true, p.issuedBy(), p.issuedAt(), Topic.VIEWING));
    }

    private boolean managerInForce(String principal, Instant t) {
        for (Designation m : managerDesignationsFrom(principal, t)) {
            if (m.activeAt(t)) {
                return true;
            }
        }
        return false;
    }

    /** The topic of the link that designates {@code role}. */
    public static Topic topicOf(Role role) {
        return switch (role) {
            case INSTALLER, OPERATION_MANAGER -> Topic.OPERATION_MANAGER;
            case OPERATOR -> Topic.OPERATOR;
            case CONTRACTOR -> Topic.CONTRACTOR;
        };
    }

    private Break managerNotByInstaller(Designation d) {
        String self = d.designatedBy().equals(d.principal()) ? "自ら" : names.principal(d.designatedBy()) + "が";
        String selfEn = d.designatedBy().equals(d.principal())
                ? "by " + names.principal(d.principal()) + " alone (a self-designation)"
                : "by " + names.principal(d.designatedBy());
        return new Break(Topic.OPERATION_MANAGER, LocalizedText.of(
                d.id() + "(" + names.principal(d.principal()) + "を運用責任者に指定)は" + self
                        + "行ったもので、設置者" + names.principal(installer) + "によるものではありません",
                d.id() + " (" + names.principal(d.principal()) + " as operation manager) was made " + selfEn
                        + ", not by the installer " + names.principal(installer)));
    }

    private Break contractorWithoutClause(Designation d) {
        return new Break(Topic.CONTRACTOR, LocalizedText.of(
                d.id() + "は" + names.principal(d.principal())
                        + "を受託者に指定していますが、ガイドライン及び規約の遵守を定めた契約条項がありません",
                d.id() + " designates " + names.principal(d.principal()) + " as contractor without a contract"
                        + " clause binding it to the guideline and the rules"));
    }

    /**
     * Why {@code by} could not designate or issue at {@code t}: it held no operation manager designation in force
     * then. {@code issued} says whether the grant is a permit (issued) or a designation (made).
     */
    public Break noAuthority(String grantId, boolean issued, String by, Instant t, Topic topic) {
        String who = names.principal(by);
        String at = names.time(t);
        String ja;
        String en;
        List<Designation> made = managerDesignationsFrom(by, Instant.MAX);
        List<Designation> own = byPrincipal.getOrDefault(by, List.of());
        if (!made.isEmpty()) {
            Designation m = made.get(0);
            Optional<Instant> revoked = made.stream().flatMap(x -> x.revokedAt().stream())
                    .filter(r -> !r.isAfter(t)).max(Instant::compareTo);
            if (revoked.isPresent()) {
                return afterRevocation(grantId, issued, by, t, m.id(), revoked.get(), topic);
            }
            return new Break(topic, LocalizedText.of(
                    grantId + "は" + at + "に" + who + "が" + (issued ? "発行" : "指定") + "しましたが、同人の運用責任者の指定("
                            + m.id() + ")は" + names.time(m.from()) + "からです",
                    grantId + " was " + (issued ? "issued" : "made") + " by " + who + " at " + at + ", before " + who
                            + "'s designation as operation manager (" + m.id() + ") took effect at "
                            + names.time(m.from())));
        }
        Optional<Designation> badManager = own.stream().filter(x -> x.role() == Role.OPERATION_MANAGER).findFirst();
        if (badManager.isPresent()) {
            ja = "同人の運用責任者の指定(" + badManager.get().id() + ")は設置者によるものではありません";
            en = "whose own designation as operation manager (" + badManager.get().id()
                    + ") was not made by the installer";
        } else if (!own.isEmpty()) {
            Role r = own.get(0).role();
            ja = "同人は" + r.label().ja() + "であり、運用責任者ではありません";
            en = "who is " + article(r.label().en()) + " " + r.label().en() + ", not an operation manager";
        } else if (by.equals(installer)) {
            ja = "同人は設置者であり、運用責任者に指定されていません";
            en = "who is the installer and is not designated operation manager";
        } else {
            ja = "同人はこの規約で何の指定も受けていません";
            en = "who holds no designation in these rules";
        }
        return new Break(topic, LocalizedText.of(
                grantId + "は" + who + "が" + (issued ? "発行" : "指定") + "しましたが、" + ja,
                grantId + " was " + (issued ? "issued" : "made") + " by " + who + ", " + en));
    }

    /**
     * The break of a grant made at {@code t} by {@code by} after {@code by}'s designation {@code managerDesignation}
     * as operation manager was revoked at {@code revokedAt} (K3-3: nothing issued after the revocation counts).
     */
    public Break afterRevocation(String grantId, boolean issued, String by, Instant t, String managerDesignation,
                                 Instant revokedAt, Topic topic) {
        String who = names.principal(by);
        return new Break(topic, LocalizedText.of(
                grantId + "は" + names.time(t) + "に" + who + "が" + (issued ? "発行" : "指定") + "しましたが、同人の運用責任者の指定("
                        + managerDesignation + ")は" + names.time(revokedAt) + "に取り消されていました",
                grantId + " was " + (issued ? "issued" : "made") + " by " + who + " at " + names.time(t) + ", after "
                        + who + "'s designation as operation manager (" + managerDesignation + ") was revoked at "
                        + names.time(revokedAt)));
    }

    private static String article(String noun) {
        return "aeiou".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
    }
}
