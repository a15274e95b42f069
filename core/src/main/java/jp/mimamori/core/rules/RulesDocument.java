package jp.mimamori.core.rules;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.RemoteViewingGrant;
import jp.mimamori.core.model.Scope;
import jp.mimamori.core.profile.DisclosureGround;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileChange;
import jp.mimamori.core.profile.Topic;

/**
 * The human-readable operating rules document (K4-1: managers and operators must know the rules) generated from
 * the JSON, in Markdown, in Japanese or English. Each section cites the profile's articles.
 *
 * <pre>{@code
 * String md = RulesDocument.markdown(rules, profile, Locale.JAPANESE);
 * }</pre>
 *
 * <p>Thread-safe: each call builds its own document.
 */
public final class RulesDocument {
    private final OperatingRules rules;
    private final GuidelineProfile profile;
    private final boolean ja;
    private final StringBuilder md = new StringBuilder();

    private RulesDocument(OperatingRules rules, GuidelineProfile profile, Locale locale) {
        this.rules = rules;
        this.profile = profile;
        this.ja = "ja".equals(locale.getLanguage());
    }

    /** The rules document in the language of {@code locale} (Japanese for {@code ja}, English otherwise). */
    public static String markdown(OperatingRules rules, GuidelineProfile profile, Locale locale) {
        RulesDocument d = new RulesDocument(rules, profile, locale);
        d.write();
        return d.md.toString();
    }

    private String t(String jaText, String enText) {
        return ja ? jaText : enText;
    }

    private void heading(int n, String jaText, String enText, Topic... topics) {
        StringBuilder ids = new StringBuilder();
        for (Topic topic : topics) {
            for (String id : profile.requirements(topic)) {
                if (ids.indexOf(id) < 0) {
                    ids.append(ids.length() == 0 ? "" : ", ").append(id);
                }
            }
        }
        md.append("\n## ").append(n).append(". ").append(t(jaText, enText));
        if (ids.length() > 0) {
            md.append(" (").append(ids).append(')');
        }
        md.append("\n\n");
    }

    private void write() {
        md.append("# ").append(t("設置運用規約", "Operating rules")).append(": ").append(rules.id()).append("\n\n");
        md.append("- ").append(t("版", "Version")).append(": ").append(rules.version()).append('\n');
        md.append("- ").append(t("設置者", "Installer")).append(": ").append(rules.installer().name()).append('\n');
        md.append("- ").append(t("準拠するガイドライン", "Guideline followed")).append(": ")
                .append(ja ? profile.title().ja() : profile.title().en()).append(" (`").append(profile.ref())
                .append("`)\n");
        md.append("- ").append(t("この文書は規約データ(JSON)から生成されています。",
                "This document is generated from the rules data (JSON).")).append('\n');

        heading(1, "設置目的と撮影範囲", "Purposes and capture areas", Topic.PURPOSE, Topic.CAPTURE_AREA);
        md.append(t("| カメラ | 設置場所 | 設置目的 | 撮影範囲 | プライバシーマスク |\n",
                "| Camera | Site | Purposes | Capture area | Privacy masks |\n"));
        md.append("|---|---|---|---|---|\n");
        for (Camera c : rules.cameras()) {
            String site = rules.site(c.site()).map(s -> s.name() + " (" + (ja ? s.kind().label().ja()
                    : s.kind().label().en()) + ")").orElse(c.site());
            md.append("| `").append(c.id()).append("` ").append(cell(c.name())).append(" | ").append(cell(site))
                    .append(" | ").append(purposes(c.purposes().stream().sorted().toList())).append(" | ")
                    .append(c.captureArea().map(a -> cell(a.description())).orElse(t("**未記載**", "**missing**")))
                    .append(" | ").append(c.captureArea().map(a -> a.masks().isEmpty() ? t("なし", "none")
                            : a.masks().stream().map(m -> cell(m.description())).collect(Collectors.joining("; ")))
                            .orElse("")).append(" |\n");
        }

        heading(2, "設置の表示", "Signage", Topic.SIGNAGE);
        for (Camera c : rules.cameras()) {
            md.append("- `").append(c.id()).append("`: ").append(c.signage().map(s -> s.placement())
                    .orElse(t("**表示の記録なし**", "**no signage record**"))).append('\n');
        }
        if (!rules.cameras().isEmpty()) {
            String sign = ja ? SignageText.of(rules, rules.cameras().get(0)).ja()
                    : SignageText.of(rules, rules.cameras().get(0)).en();
            md.append('\n').append(t("表示の文例", "Sign text, for example")).append(" (`")
                    .append(rules.cameras().get(0).id()).append("`):\n\n");
            for (String line : sign.split("\n")) {
                md.append("> ").append(line).append("  \n");
            }
        }

        heading(3, "管理体制", "Responsibilities", Topic.OPERATION_MANAGER, Topic.OPERATOR, Topic.CONTRACTOR);
        md.append(t("| 指定 | 氏名 | 役割 | 指定者 | 範囲 | 期間 | 契約条項 |\n",
                "| Designation | Name | Role | Designated by | Scope | Period | Contract clause |\n"));
        md.append("|---|---|---|---|---|---|---|\n");
        for (Designation d : rules.designations()) {
            md.append("| `").append(d.id()).append("` | ").append(name(d.principal())).append(" | ")
                    .append(ja ? d.role().label().ja() : d.role().label().en()).append(" | ")
                    .append(name(d.designatedBy())).append(" | ").append(scope(d.scope())).append(" | ")
                    .append(d.from()).append(" – ").append(d.revokedAt().map(r -> r + t("(取消し)", " (revoked)"))
                            .orElse("")).append(" | ").append(d.contractClause().map(RulesDocument::cell).orElse(""))
                    .append(" |\n");
        }

        heading(4, "操作及び視聴の制限", "Restriction of operation and viewing", Topic.VIEWING);
        md.append(t("操作及び視聴は運用責任者及び操作責任者が行います。その他の者は運用責任者の許可を得た場合に限り、"
                        + "許可の範囲と期間内で行えます。許可のない操作・視聴はすべて拒否されます。\n\n",
                "Only the operation manager and operators operate cameras and view images. Anyone else needs a"
                        + " permit from the operation manager and acts only within its scope and period. Everything"
                        + " not permitted is denied.\n\n"));
        for (AccessPermit p : rules.permits()) {
            md.append("- `").append(p.id()).append("`: ").append(name(p.principal())).append(", ")
                    .append(p.actions().stream().sorted().map(a -> ja ? a.label().ja() : a.label().en())
                            .collect(Collectors.joining(", ")))
                    .append("; ").append(purposes(p.purposes().stream().sorted().toList())).append("; ")
                    .append(scope(p.scope())).append("; ").append(p.from()).append(" – ").append(p.until())
                    .append(p.obligations().isEmpty() ? "" : "; " + p.obligations().stream()
                            .map(o -> ja ? o.text().ja() : o.text().en()).collect(Collectors.joining("; ")))
                    .append('\n');
        }
        if (rules.permits().isEmpty()) {
            md.append(t("(現在有効な許可はありません)\n", "(no permits)\n"));
        }

        heading(5, "画像の保存期間", "Retention", Topic.RETENTION_CEILING, Topic.RETENTION_FLOOR);
        var rp = profile.retention();
        md.append(t("ガイドラインの上限: " + rp.ceilingDays() + "日", "Guideline ceiling: " + rp.ceilingDays() + " days"))
                .append(rp.floorDays().isPresent() ? t("、下限: " + rp.floorDays().getAsInt() + "日",
                        ", floor: " + rp.floorDays().getAsInt() + " days") : "").append(".\n\n");
        for (Camera c : rules.cameras()) {
            md.append("- `").append(c.id()).append("`: ").append(profile.retentionDays(c.retention())).append(t("日", " days"))
                    .append(c.retention().justification().map(j -> t("(理由: ", " (reason: ") + j + ")").orElse(""))
                    .append('\n');
        }
        md.append('\n').append(t("保存期間を過ぎた画像は確実に消去します。",
                "Images past their period are reliably erased.")).append('\n');

        heading(6, "画像の提供", "Provision of images", Topic.DISCLOSURE, Topic.DISCLOSURE_PURPOSE,
                Topic.INDIVIDUAL_REQUEST, Topic.MISSING_PERSON);
        md.append(t("次の場合を除き、第三者に画像を提供しません。\n\n",
                "Images are provided to third parties only in these cases:\n\n"));
        for (DisclosureGround g : profile.disclosureGrounds()) {
            md.append("- ").append(ja ? g.label().ja() : g.label().en()).append('\n');
        }
        md.append('\n').append(t("文書による要請であっても、その目的がカメラの設置目的に合わない場合は提供しません。"
                        + "個人からの請求には応じず、警察に相談するよう案内します(警察→市→運用責任者)。"
                        + "提供の際は相手方の身分を確認し、日時・提供先・理由・内容を記録します。",
                "A written request is not enough if its purpose does not fit the camera's declared purposes."
                        + " Individuals are directed to the police (police → city → operation manager). On provision"
                        + " the recipient's identity is verified and the date and time, recipient, reason and"
                        + " content are recorded.")).append('\n');

        heading(7, "遠隔閲覧", "Remote viewing", Topic.REMOTE_VIEWING);
        if (rules.remoteViewing().isEmpty()) {
            md.append(t("遠隔閲覧は行いません。\n", "No remote viewing.\n"));
        }
        for (RemoteViewingGrant g : rules.remoteViewing()) {
            md.append("- ").append(name(g.principal())).append(": ").append(scope(g.scope())).append(" (")
                    .append(g.means()).append(")\n");
        }

        heading(8, "秘密の保持と罰則", "Confidentiality and penalties", Topic.CONFIDENTIALITY, Topic.PENALTY_CLAUSE);
        md.append(t("設置者及び運用責任者等は、画像及び画像から知り得た個人情報を漏らさず、不当な目的に使用しません。"
                        + "その職を退いた後も同様です。\n\n",
                "The installer, managers and operators do not leak images or personal information learned from"
                        + " them, nor use them for improper purposes, also after leaving the role.\n\n"));
        md.append(rules.penaltyClause().orElse(t("(罰則規定なし)", "(no penalty clause)"))).append('\n');

        heading(9, "保守点検と問い合わせ", "Inspection and inquiries", Topic.INSPECTION, Topic.INQUIRIES);
        md.append(rules.inspection().map(i -> t("点検間隔: " + i.intervalDays() + "日、前回: ",
                        "Inspection every " + i.intervalDays() + " days; last: ")
                + i.lastInspected().map(Object::toString).orElse("—")).orElse(t("点検計画なし", "No inspection schedule")))
                .append(".\n\n");
        md.append(t("問い合わせには" + rules.inquiryAnswerDays() + "日以内に回答します(受付 "
                        + rules.inquiries().size() + " 件)。",
                "Inquiries are answered within " + rules.inquiryAnswerDays() + " days (" + rules.inquiries().size()
                        + " registered).")).append('\n');

        heading(10, "ガイドラインの版", "Guideline version", Topic.REVIEW);
        for (ProfileChange c : profile.history()) {
            md.append("- ").append(c.version()).append(" (").append(c.date()).append("): ")
                    .append(ja ? c.summary().ja() : c.summary().en()).append('\n');
        }
    }

    private String purposes(List<Purpose> ps) {
        return ps.stream().map(p -> ja ? p.label().ja() : p.label().en()).collect(Collectors.joining(", "));
    }

    private String name(String principal) {
        return rules.principal(principal).map(p -> cell(p.name())).orElse(principal);
    }

    private String scope(Scope s) {
        if (s.everywhere()) {
            return t("全カメラ", "all cameras");
        }
        return java.util.stream.Stream.concat(s.sites().stream().sorted().map(x -> t("施設 ", "site ") + x),
                s.cameras().stream().sorted().map(x -> t("カメラ ", "camera ") + x)).collect(Collectors.joining(", "));
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
