package jp.mimamori.core.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mimamori.core.finding.ComplianceCode;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.internal.Authority;
import jp.mimamori.core.internal.Names;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.Inquiry;
import jp.mimamori.core.model.RemoteViewingGrant;
import jp.mimamori.core.model.Role;
import jp.mimamori.core.model.Site;
import jp.mimamori.core.model.SiteKind;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.Topic;
import jp.mimamori.core.text.LocalizedText;

/**
 * Checks operating rules against a guideline profile as of a given time and returns every finding: missing
 * signage (K2-3), no capture area or masks (K2-2), no operation manager (K3-1-1), broken designation chain
 * (K3-1-1, K3-1-2, K5-1: each link checked at the moment it was made), a contractor without its contract clause
 * (K5-1), permits not from a manager in force at issue (K3-1-3), a remote-viewing grant to someone who may not
 * view at all (S5), retention above the ceiling without justification
 * (K3-2-2, S1) or below the floor (S2), uncovered site kind (S4), missing penalty clause (S6), overdue
 * inspection (K4-3-1) and overdue inquiry answers (K4-2). Each finding cites the profile's own articles.
 *
 * <pre>{@code
 * ComplianceReport r = ComplianceCheck.check(rules, profile, Instant.now());
 * r.findings().forEach(System.out::println);
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class ComplianceCheck {
    private final OperatingRules rules;
    private final GuidelineProfile profile;
    private final Instant asOf;
    private final List<Finding> out = new ArrayList<>();
    private final Names names;

    private ComplianceCheck(OperatingRules rules, GuidelineProfile profile, Instant asOf) {
        this.rules = rules;
        this.profile = profile;
        this.asOf = asOf;
        this.names = new Names(rules, profile.timeZone());
    }

    /** Checks {@code rules} against {@code profile} as of {@code asOf}. */
    public static ComplianceReport check(OperatingRules rules, GuidelineProfile profile, Instant asOf) {
        ComplianceCheck c = new ComplianceCheck(rules, profile, asOf);
        c.run();
        return new ComplianceReport(rules.ref(), profile.ref(), c.out);
    }

    private void run() {
        if (!rules.profileRef().equals(profile.ref())) {
            add(ComplianceCode.PROFILE_MISMATCH, Severity.ERROR, "profile", Topic.REVIEW,
                    "規約は" + rules.profileRef() + "に従っていますが、" + profile.ref() + "で検査しました",
                    "the rules follow " + rules.profileRef() + " but were checked against " + profile.ref());
        }
        if (profile.covers(Topic.PENALTY_CLAUSE) && rules.penaltyClause().isEmpty()) {
            add(ComplianceCode.PENALTY_CLAUSE_MISSING, Severity.ERROR, "penalty_clause", Topic.PENALTY_CLAUSE,
                    "情報を漏らした場合の懲戒等の罰則規定がありません",
                    "no penalty clause for leaking images or personal information");
        }
        designationChain();
        cameras();
        inspection();
        inquiries();
        for (int i = 0; i < rules.remoteViewing().size(); i++) {
            RemoteViewingGrant g = rules.remoteViewing().get(i);
            String who = names.principal(g.principal());
            add(ComplianceCode.REMOTE_VIEWING_ENABLED, Severity.INFO, "remote_viewing[" + i + "]", Topic.REMOTE_VIEWING,
                    who + "に遠隔閲覧を許可しています(" + g.means() + ")",
                    "remote viewing enabled for " + who + " (" + g.means() + ")");
            if (!canView(g.principal())) {
                add(ComplianceCode.REMOTE_VIEWING_WITHOUT_VIEWING_RIGHT, Severity.WARNING, "remote_viewing[" + i
                                + "].principal", Topic.REMOTE_VIEWING,
                        who + "には視聴を認める指定も許可もないため、この遠隔閲覧の許可は何も認めません",
                        who + " holds no designation or permit to view at all, so this remote-viewing grant allows"
                                + " nothing");
            }
        }
    }

    private void designationChain() {
        Authority chain = new Authority(rules, names);
        for (int i = 0; i < rules.designations().size(); i++) {
            Designation d = rules.designations().get(i);
            String p = "designations[" + i + "]";
            if (d.role() == Role.INSTALLER && !d.principal().equals(rules.installer().principal())) {
                add(ComplianceCode.DESIGNATION_CHAIN_BROKEN, Severity.ERROR, p + ".role", Topic.OPERATION_MANAGER,
                        "設置者は規約の設置者本人に限られます", "only the rules' installer can hold the INSTALLER role");
            }
            chain.check(d).ifPresent(b -> {
                boolean clause = d.contractorWithoutClause();
                add(clause ? ComplianceCode.CONTRACT_CLAUSE_MISSING : ComplianceCode.DESIGNATION_CHAIN_BROKEN,
                        Severity.ERROR, p + (clause ? ".contract_clause" : ".designated_by"), b.topic(), b.text());
            });
        }
        for (int i = 0; i < rules.permits().size(); i++) {
            int k = i;
            chain.check(rules.permits().get(i)).ifPresent(b -> add(ComplianceCode.PERMIT_NOT_BY_MANAGER, Severity.ERROR,
                    "permits[" + k + "].issued_by", b.topic(), b.text()));
        }
    }

    private void cameras() {
        Map<String, Site> sites = new HashMap<>();
        rules.sites().forEach(s -> sites.put(s.id(), s));
        // Only managers whose own link holds count (K3-1-1): a self-designated one manages nothing.
        Authority chain = new Authority(rules, names);
        List<Designation> managers = rules.designations().stream()
                .filter(d -> chain.validManager(d) && d.activeAt(asOf)).toList();
        if (managers.isEmpty()) {
            add(ComplianceCode.NO_OPERATION_MANAGER, Severity.ERROR, "designations", Topic.OPERATION_MANAGER,
                    "運用責任者が指定されていません", "no operation manager is designated");
        }
        var retention = profile.retention();
        for (int i = 0; i < rules.cameras().size(); i++) {
            Camera c = rules.cameras().get(i);
            String p = "cameras[" + i + "]";
            if (c.signage().isEmpty()) {
                add(ComplianceCode.SIGNAGE_MISSING, Severity.ERROR, p + ".signage", Topic.SIGNAGE,
                        "設置の表示(設置していること及び設置者名)の記録がありません",
                        "no signage record (that a camera is installed, and the installer's name)");
            }
            if (c.captureArea().isEmpty()) {
                add(ComplianceCode.CAPTURE_AREA_MISSING, Severity.ERROR, p + ".capture_area", Topic.CAPTURE_AREA,
                        "撮影範囲の記載がありません", "no capture area is described");
            } else if (c.captureArea().get().masks().isEmpty()) {
                add(ComplianceCode.PRIVACY_MASKS_NONE, Severity.WARNING, p + ".capture_area.privacy_masks",
                        Topic.CAPTURE_AREA, "プライバシーマスクがありません。不要な範囲が写らないか確認してください",
                        "no privacy masks; make sure nothing unnecessary is recorded");
            }
            if (!managers.isEmpty() && managers.stream().noneMatch(m -> m.scope().covers(c.site(), c.id()))) {
                add(ComplianceCode.NO_OPERATION_MANAGER, Severity.ERROR, p, Topic.OPERATION_MANAGER,
                        "このカメラを担当する運用責任者がいません", "no operation manager covers this camera");
            }
            boolean property = c.purposes().contains(jp.mimamori.core.model.Purpose.PROPERTY_PROTECTION);
            boolean privateGround = c.captureArea().map(a -> a.privateGroundOnly()).orElse(false);
            if (property || privateGround) {
                String why = property ? "特定の者の財産の保護を目的としている" : "私有地だけを撮影している";
                String whyEn = property ? "is declared to protect a specific person's property"
                        : "is aimed only at private ground";
                add(ComplianceCode.OUTSIDE_GUIDELINE, Severity.ERROR, p + (property ? ".purposes" : ".capture_area"),
                        Topic.GUIDELINE_SCOPE,
                        names.camera(c.id()) + "は" + why + "ため、公共の場所に向けた防犯カメラではなく、ガイドラインの対象外です。"
                                + "この規約の下で運用してはなりません",
                        names.camera(c.id()) + " " + whyEn + ", so it is not a crime-prevention camera aimed at a"
                                + " public place and the guideline does not apply to it; it must not be operated"
                                + " under these rules");
            }
            int days = profile.retentionDays(c.retention());
            if (days > retention.ceilingDays()) {
                boolean justified = c.retention().justification().isPresent();
                if (justified && retention.extendableWithJustification()) {
                    add(ComplianceCode.RETENTION_JUSTIFIED, Severity.INFO, p + ".retention.justification",
                            Topic.RETENTION_CEILING,
                            days + "日は原則の" + retention.ceilingDays() + "日を超えます。理由: "
                                    + c.retention().justification().get() + "(必要最小限であること)",
                            days + " days is above the principle of " + retention.ceilingDays()
                                    + " days, justified: " + c.retention().justification().get()
                                    + " (keep it the minimum necessary)");
                } else {
                    // Exactly the form DESIGN.md quotes; a note only when a justification cannot help.
                    boolean futile = justified && !retention.extendableWithJustification();
                    add(ComplianceCode.RETENTION_ABOVE_CEILING, Severity.ERROR, p + ".retention.days",
                            Topic.RETENTION_CEILING,
                            days + "日はプロファイルの上限" + retention.ceilingDays() + "日を超えています"
                                    + (futile ? "(理由があっても上限は超えられません)" : ""),
                            days + " exceeds the profile ceiling of " + retention.ceilingDays() + " days"
                                    + (futile ? "; a justification cannot lift this ceiling" : ""));
                }
            }
            if (profile.covers(Topic.RETENTION_FLOOR) && retention.floorDays().isPresent()
                    && days < retention.floorDays().getAsInt()) {
                add(ComplianceCode.RETENTION_BELOW_FLOOR, Severity.ERROR, p + ".retention.days", Topic.RETENTION_FLOOR,
                        days + "日はプロファイルの下限" + retention.floorDays().getAsInt()
                                + "日を下回っています(捜査への協力に支障が出るおそれ)",
                        days + " is below the profile floor of " + retention.floorDays().getAsInt()
                                + " days (investigative needs)");
            }
            Site site = sites.get(c.site());
            if (site != null && profile.covers(Topic.SITE_COVERAGE) && !profile.coveredSiteKinds().contains(site.kind())) {
                String covered = profile.coveredSiteKinds().stream().map(SiteKind::name)
                        .collect(Collectors.joining(", "));
                add(ComplianceCode.SITE_KIND_NOT_COVERED, Severity.ERROR, p + ".site", Topic.SITE_COVERAGE,
                        "設置場所\"" + site.id() + "\"の種別(" + site.kind().label().ja() + ")は" + profile.id()
                                + "の対象外です(別途の検討が必要)",
                        "site \"" + site.id() + "\" is a " + site.kind().name() + ", which " + profile.id()
                                + " does not cover (covers " + covered + "); it needs a new review");
            }
        }
    }

    private void inspection() {
        if (rules.inspection().isEmpty()) {
            add(ComplianceCode.INSPECTION_MISSING, Severity.ERROR, "inspection", Topic.INSPECTION,
                    "保守点検の計画がありません", "no inspection schedule");
            return;
        }
        var s = rules.inspection().get();
        LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        if (s.lastInspected().isEmpty()) {
            add(ComplianceCode.INSPECTION_OVERDUE, Severity.WARNING, "inspection.last_inspected", Topic.INSPECTION,
                    "点検の記録がありません", "no inspection has been recorded");
        } else if (s.nextDue().orElseThrow().isBefore(today)) {
            add(ComplianceCode.INSPECTION_OVERDUE, Severity.ERROR, "inspection.last_inspected", Topic.INSPECTION,
                    "点検期限" + s.nextDue().get() + "を過ぎています", "inspection overdue since " + s.nextDue().get());
        }
    }

    private void inquiries() {
        Duration limit = Duration.ofDays(rules.inquiryAnswerDays());
        for (int i = 0; i < rules.inquiries().size(); i++) {
            Inquiry q = rules.inquiries().get(i);
            Instant due = q.received().plus(limit);
            String p = "inquiries.register[" + i + "]";
            if (q.answered().isEmpty() && asOf.isAfter(due)) {
                add(ComplianceCode.INQUIRY_OVERDUE, Severity.ERROR, p + ".answered", Topic.INQUIRIES,
                        "問い合わせ" + q.id() + "に回答期限(" + due + ")を過ぎても回答していません",
                        "inquiry " + q.id() + " unanswered past its answer date " + due);
            } else if (q.answered().isPresent() && q.answered().get().isAfter(due)) {
                add(ComplianceCode.INQUIRY_ANSWERED_LATE, Severity.WARNING, p + ".answered", Topic.INQUIRIES,
                        "問い合わせ" + q.id() + "への回答が期限より遅れました",
                        "inquiry " + q.id() + " was answered after its answer date " + due);
            }
        }
    }

    /** Whether {@code principal} holds any designation or permit that allows viewing. */
    private boolean canView(String principal) {
        Set<Action> view = Set.of(Action.VIEW_LIVE, Action.VIEW_RECORDED, Action.REMOTE_VIEW);
        return rules.designations().stream().anyMatch(d -> d.principal().equals(principal)
                && d.role().actions().stream().anyMatch(view::contains))
                || rules.permits().stream().anyMatch(p -> p.principal().equals(principal)
                && p.actions().stream().anyMatch(view::contains));
    }

    private void add(ComplianceCode code, Severity severity, String path, Topic topic, LocalizedText text) {
        add(code, severity, path, topic, text.ja(), text.en());
    }

    private void add(ComplianceCode code, Severity severity, String path, Topic topic, String ja, String en) {
        List<String> reqs = profile.requirements(topic);
        if (reqs.isEmpty()) {
            reqs = profile.requirements(Topic.RULES_DOCUMENT);
        }
        out.add(new Finding(code, severity, Location.entry(path), reqs, LocalizedText.of(ja, en)));
    }
}
