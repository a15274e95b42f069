package jp.mimamori.core.decision;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mimamori.core.model.Obligation;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.profile.DisclosureGround;
import jp.mimamori.core.profile.Topic;
import jp.mimamori.core.text.LocalizedText;

/**
 * Disclosure decisions (K3-4, K3-2-2, S7, S8, S9): who asks, on what basis, for footage that can still exist, for
 * which purpose. Only compulsory grounds skip S8's purpose test; a police inquiry under Art. 197(2) of the Code
 * of Criminal Procedure is voluntary whatever basis it is ticked as. A request naming several cameras is permitted only
 * if every camera would be: the first camera that is unknown, whose retention rules the footage out, or whose
 * declared purposes the purpose does not fit is named in the deny (its reason and the fact {@code camera}).
 */
final class DisclosureDecisions {
    /** Art. 197(2) of the Code of Criminal Procedure, or the inquiry's name, after NFKC and without spaces. */
    private static final Pattern ART_197_2 = Pattern.compile(
            "197条(第)?2項|197\\(2\\)|197-2|捜査関係事項照会", Pattern.CASE_INSENSITIVE);

    private final RulesIndex ix;
    private final Decisions out;
    private final FootageHolds holds;

    DisclosureDecisions(RulesIndex ix, Decisions out, FootageHolds holds) {
        this.ix = ix;
        this.out = out;
        this.holds = holds;
    }

    Decision decide(DisclosureRequest r) {
        List<String> disclosure = ix.profile.requirements(Topic.DISCLOSURE);
        boolean several = r.cameras().size() > 1;
        List<Fact> facts = new ArrayList<>(List.of(new Fact("requester", r.requester()),
                new Fact("requester_kind", r.requesterKind().name()), new Fact("basis", r.basis().name()),
                ix.purposeFact(r.purpose()), several ? new Fact("cameras", String.join(",", r.cameras()))
                        : new Fact("camera", r.cameras().get(0))));
        r.reference().ifPresent(ref -> facts.add(new Fact("reference", ref)));
        r.statute().ifPresent(s -> facts.add(new Fact("statute", s)));
        List<CameraEntry> cams = new ArrayList<>();
        for (String id : r.cameras()) {
            CameraEntry cam = ix.cameras.get(id);
            if (cam == null) {
                return out.deny(RulesIndex.union(ix.profile.requirements(Topic.RULES_DOCUMENT), disclosure),
                        naming(facts, several, id), LocalizedText.of("カメラ\"" + id + "\"は規約にありません",
                                "camera \"" + id + "\" is not in the rules"), List.of());
            }
            cams.add(cam);
        }
        CameraEntry cam = cams.get(0);
        if (r.requesterKind() == RequesterKind.PRIVATE_INDIVIDUAL) {
            // S9's text, exactly: the route for a family looking for a missing relative.
            return out.deny(RulesIndex.union(ix.profile.requirements(Topic.INDIVIDUAL_REQUEST), disclosure), facts,
                    LocalizedText.of(
                            "個人や民間からの請求には画像を提供できません。警察に相談してください。警察が必要と判断すれば、"
                                    + "文書により市に照会し、運用責任者が判断します(警察→市→運用責任者)",
                            "images are not provided to individuals or private bodies on request; ask the police, who"
                                    + " may request them from the city in writing, and the operation manager decides"
                                    + " (police → city → operation manager)"), List.of());
        }
        if (r.requesterKind() == RequesterKind.PRIVATE_ORGANIZATION) {
            return out.deny(disclosure, facts, LocalizedText.of(
                    "民間の事業者・団体からの請求には画像を提供できません。民事の紛争で必要な場合は、裁判所の手続(文書送付嘱託、"
                            + "証拠保全等)によるか、代理人弁護士を通じた弁護士会照会(弁護士法第23条の2)によってください。"
                            + "その要請について運用責任者が判断します",
                    "images are not provided to private bodies on request; in a civil dispute, ask the court (a"
                            + " commission or order to send the footage, or preservation of evidence) or have your"
                            + " lawyer make a bar association inquiry (Attorney Act Art. 23-2), and the operation"
                            + " manager decides on that request"), List.of());
        }
        boolean missingPerson = r.purpose().builtIn().orElse(null) == Purpose.MISSING_PERSON;
        List<String> base = missingPerson
                ? RulesIndex.union(ix.profile.requirements(Topic.MISSING_PERSON), disclosure) : disclosure;
        if (r.basis() == BasisKind.ORAL || r.basis() == BasisKind.NONE) {
            return out.deny(base, facts, LocalizedText.of(
                    "文書による要請又は法令の根拠が必要です(口頭の依頼では提供できません)",
                    "a written request or a statute is required; an oral or unstated request is not enough"),
                    List.of());
        }
        if (r.reference().isEmpty()) {
            return out.deny(base, facts, LocalizedText.of("要請文書又は法令の参照(文書番号等)が必要です",
                    "the request must give its statute or document reference"), List.of());
        }
        Optional<Decision> footage = notYetRecorded(r, facts, disclosure);
        for (int i = 0; i < cams.size() && footage.isEmpty(); i++) {
            footage = beyondRetention(r, cams.get(i), naming(facts, several, cams.get(i).id), disclosure);
        }
        if (footage.isPresent()) {
            return footage.get();
        }
        List<String> purposeFit = ix.profile.requirements(Topic.DISCLOSURE_PURPOSE);
        boolean art197 = r.basis() == BasisKind.STATUTE && mentions197(r);
        if (r.basis() == BasisKind.STATUTE && r.statute().isEmpty()) {
            return out.deny(base, facts, LocalizedText.of(
                    "法令に基づく提供には、提供を義務付ける法令(条項)を示してください",
                    "a disclosure on a statute must name the statute that obliges provision"), List.of());
        }
        Optional<LocalizedText> compulsory = art197 ? Optional.empty() : compulsory(r);
        // K3-4 (1): a compulsory ground obliges provision whatever purpose the request states; any other
        // request must state a purpose these rules declare (K2-1, S8).
        if (compulsory.isEmpty() && r.purpose().ordinal() < 0) {
            return out.deny(RulesIndex.union(purposeFit, base), naming(facts, several, cam.id), LocalizedText.of(
                    "目的" + r.purpose().label().ja() + "は規約が定める目的ではありません。画像は" + cam.named
                            + "の設置目的(" + cam.declaredJa + ")に合う目的でのみ提供できます",
                    "the purpose " + r.purpose().label().en() + " is not one these rules declare; images are"
                            + " provided only for a purpose that fits the declared purposes of " + cam.named + " ("
                            + cam.declaredEn + ")"), List.of());
        }
        if (art197) {
            facts.add(new Fact("ground_note", "Art. 197(2) Code of Criminal Procedure: a voluntary inquiry"));
        }
        Optional<DisclosureGround> ground = compulsory.isPresent() ? Optional.of(DisclosureGround.LEGAL_OBLIGATION)
                : voluntaryGround(r);
        if (ground.isEmpty() || !ix.profile.disclosureGrounds().contains(ground.get())) {
            String g = ground.map(x -> x.label().en()).orElse(r.requesterKind().label().en() + " asking for "
                    + r.purpose().label().en());
            String gJa = ground.map(x -> x.label().ja()).orElse(r.requesterKind().label().ja() + "からの"
                    + r.purpose().label().ja() + "のための要請");
            return out.deny(base, facts, LocalizedText.of(gJa + "は" + ix.profile.id() + "が認める提供の根拠ではありません",
                    g + " is not a ground for provision under " + ix.profile.id()), List.of());
        }
        facts.add(new Fact("ground", ground.get().name()));
        List<String> reqs = base;
        Optional<LocalizedText> note = art197 ? Optional.of(LocalizedText.of(
                "刑事訴訟法第197条第2項の照会(捜査関係事項照会)は任意の要請であり、強制力のある根拠ではありません。",
                "an inquiry under Art. 197(2) of the Code of Criminal Procedure (捜査関係事項照会) is a voluntary"
                        + " written request, not a compulsory ground; ")) : Optional.empty();
        if (compulsory.isEmpty()) {
            // S8: a written request is necessary but not sufficient; only a compulsory ground stands on its own.
            reqs = RulesIndex.union(base, purposeFit);
            for (CameraEntry c : cams) {
                if (!ix.fits(c, r.purpose())) {
                    LocalizedText why = LocalizedText.of(
                            "文書による要請は必要条件であって十分条件ではありません。要請の目的(" + r.purpose().label().ja()
                                    + ")は" + c.named + "の設置目的(" + c.declaredJa + ")に合いません",
                            "a written request is necessary but not sufficient: the request's purpose ("
                                    + r.purpose().label().en() + ") does not fit the declared purposes of " + c.named
                                    + " (" + c.declaredEn + ")");
                    return out.deny(RulesIndex.union(purposeFit, base), naming(facts, several, c.id),
                            prefixed(note, why), List.of());
                }
            }
        }
        List<Obligation> obligations = new ArrayList<>(List.of(Obligation.VERIFY_RECIPIENT,
                Obligation.RECORD_DISCLOSURE, Obligation.PROTECT_EXPORT, Obligation.MINIMUM_FOOTAGE));
        if (missingPerson) {
            obligations.add(Obligation.MASK_THIRD_PARTIES);
        }
        LocalizedText reason = compulsory.map(c -> LocalizedText.of(
                ground.get().label().ja() + "(" + c.ja() + ")に当たり、提供できます(強制力のある根拠のため目的の適合は問いません)",
                "provision allowed: " + ground.get().label().en() + " — " + c.en()
                        + " (a compulsory ground, so the purpose test of S8 does not apply)"))
                .orElseGet(() -> prefixed(note, LocalizedText.of(
                        ground.get().label().ja() + "に当たり、要請の目的(" + r.purpose().label().ja() + ")は"
                                + names(cams, "、") + "の設置目的に合うため、提供できます",
                        "provision allowed: " + ground.get().label().en() + ", and the request's purpose ("
                                + r.purpose().label().en() + ") fits the declared purposes of " + names(cams, ", "))));
        return out.permit(reqs, facts, reason, obligations);
    }

    private static LocalizedText prefixed(Optional<LocalizedText> note, LocalizedText t) {
        return note.map(n -> LocalizedText.of(n.ja() + t.ja(), n.en() + t.en())).orElse(t);
    }

    /** A request naming several cameras names, in a deny, the camera it fails on; one naming one already does. */
    private static List<Fact> naming(List<Fact> facts, boolean several, String camera) {
        if (!several) {
            return facts;
        }
        List<Fact> all = new ArrayList<>(facts);
        all.add(new Fact("camera", camera));
        return all;
    }

    private static String names(List<CameraEntry> cams, String separator) {
        StringBuilder sb = new StringBuilder();
        for (CameraEntry c : cams) {
            sb.append(sb.length() == 0 ? "" : separator).append(c.named);
        }
        return sb.toString();
    }

    /** Footage that cannot exist yet: asked for a time after the request. */
    private Optional<Decision> notYetRecorded(DisclosureRequest r, List<Fact> facts, List<String> disclosure) {
        if (r.from().isAfter(r.at())) {
            List<String> reqs = RulesIndex.union(ix.profile.requirements(Topic.RETENTION_CEILING), disclosure);
            return Optional.of(out.deny(reqs, facts, LocalizedText.of(
                    ix.names.time(r.from()) + "以降の映像は要請の時点(" + ix.names.time(r.at()) + ")ではまだ記録されていません",
                    "footage from " + ix.names.time(r.from()) + " has not been recorded yet at the time of the"
                            + " request (" + ix.names.time(r.at()) + ")"), List.of()));
        }
        return Optional.empty();
    }

    /** Footage that cannot exist any more: wholly older than the camera's retention, with no hold covering it. */
    private Optional<Decision> beyondRetention(DisclosureRequest r, CameraEntry cam, List<Fact> facts,
                                               List<String> disclosure) {
        List<String> reqs = RulesIndex.union(ix.profile.requirements(Topic.RETENTION_CEILING), disclosure);
        String range = ix.names.date(r.from()).equals(ix.names.date(r.to())) ? ix.names.date(r.from())
                : ix.names.date(r.from()) + " – " + ix.names.date(r.to());
        Instant oldest = r.at().minus(Duration.ofDays(cam.retentionDays));
        if (!r.to().isAfter(oldest) && !holds.held(cam.id, r.from(), r.to())) {
            return Optional.of(out.deny(reqs, facts, LocalizedText.of(
                    range + "の映像は" + cam.named + "の保存期間(" + cam.retentionDays + "日)を過ぎており、既に消去されているはずです",
                    "footage from " + range + " is beyond the " + cam.retentionDays + "-day retention of "
                            + cam.named + " and would already be erased"), List.of()));
        }
        return Optional.empty();
    }

    private static boolean mentions197(DisclosureRequest r) {
        return r.statute().map(DisclosureDecisions::is197).orElse(false)
                || r.reference().map(DisclosureDecisions::is197).orElse(false);
    }

    private static boolean is197(String text) {
        String n = Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("\\s", "");
        return ART_197_2.matcher(n).find();
    }

    /** The compulsory ground, named: a warrant, a court order, or a statute that obliges provision. */
    private static Optional<LocalizedText> compulsory(DisclosureRequest r) {
        String ref = r.reference().orElse("");
        return switch (r.basis()) {
            case WARRANT -> Optional.of(LocalizedText.of("令状 " + ref, "a warrant, " + ref));
            case COURT_ORDER -> Optional.of(LocalizedText.of("裁判所の命令 " + ref, "a court order, " + ref));
            case STATUTE -> r.statute().map(s -> LocalizedText.of("提供を義務付ける法令 " + s + "(" + ref + ")",
                    "a statute that obliges provision, " + s + " (" + ref + ")"));
            default -> Optional.empty();
        };
    }

    private static Optional<DisclosureGround> voluntaryGround(DisclosureRequest r) {
        RequesterKind k = r.requesterKind();
        Purpose p = r.purpose().builtIn().orElseThrow();
        if (r.basis() != BasisKind.WRITTEN_REQUEST && r.basis() != BasisKind.STATUTE) {
            return Optional.empty();
        }
        if (p == Purpose.MISSING_PERSON && (k == RequesterKind.INVESTIGATIVE_AGENCY || k == RequesterKind.PUBLIC_BODY)) {
            return Optional.of(DisclosureGround.MISSING_PERSON_OFFICIAL_REQUEST);
        }
        if (k == RequesterKind.INVESTIGATIVE_AGENCY
                && (p == Purpose.CRIMINAL_INVESTIGATION || p == Purpose.ACCIDENT_INVESTIGATION)) {
            return Optional.of(DisclosureGround.INVESTIGATIVE_WRITTEN_REQUEST);
        }
        return Optional.empty();
    }
}
