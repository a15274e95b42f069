package jp.mimamori.core.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.decision.AccessRequest;
import jp.mimamori.core.decision.BasisKind;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.decision.ExportMethod;
import jp.mimamori.core.decision.ExportProtection;
import jp.mimamori.core.decision.Request;
import jp.mimamori.core.decision.RequestedPurpose;
import jp.mimamori.core.decision.RequesterKind;
import jp.mimamori.core.internal.json.Obj;
import jp.mimamori.core.model.Action;

/** Reads one request object (format in {@code docs/RULES.md}); shared by the request reader and test suites. */
public final class RequestJson {
    private RequestJson() {}

    /** Reads {@code o} as a request; problems go to {@code o}'s input, and the result is empty then. */
    public static Optional<Request> read(Obj o) {
        Optional<String> type = o.text("type");
        if (type.isEmpty()) {
            o.end();
            return Optional.empty();
        }
        switch (type.get()) {
            case "access" -> {
                Optional<String> principal = o.text("principal");
                Optional<Action> action = o.enumValue("action", Action.class);
                Optional<String> camera = o.text("camera");
                Optional<RequestedPurpose> purpose = purpose(o);
                Optional<Instant> at = o.instant("at");
                Optional<ExportMethod> export = o.object("export", false).flatMap(RequestJson::export);
                o.end();
                if (principal.isPresent() && action.isPresent() && camera.isPresent() && purpose.isPresent()
                        && at.isPresent()) {
                    return Optional.of(new AccessRequest(principal.get(), action.get(), camera.get(), purpose.get(),
                            at.get(), export));
                }
                return Optional.empty();
            }
            case "disclosure" -> {
                Optional<String> id = o.text("id");
                Optional<RequesterKind> kind = o.enumValue("requester_kind", RequesterKind.class);
                Optional<String> requester = o.text("requester");
                Optional<BasisKind> basis = o.enumValue("basis", BasisKind.class);
                Optional<String> reference = o.optText("reference");
                Optional<String> statute = o.optText("statute");
                Optional<RequestedPurpose> purpose = purpose(o);
                Optional<List<String>> cameras = cameras(o);
                Optional<Instant> from = o.instant("from");
                Optional<Instant> to = o.instant("to");
                Optional<Instant> at = o.instant("at");
                o.end();
                if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
                    o.problem("to", "K3-4", "開始より後でなければなりません", "must be after from");
                    return Optional.empty();
                }
                if (id.isPresent() && kind.isPresent() && requester.isPresent() && basis.isPresent()
                        && purpose.isPresent() && cameras.isPresent() && from.isPresent() && to.isPresent()
                        && at.isPresent()) {
                    return Optional.of(new DisclosureRequest(id.get(), kind.get(), requester.get(), basis.get(),
                            reference, statute, purpose.get(), cameras.get(), from.get(), to.get(), at.get()));
                }
                return Optional.empty();
            }
            default -> {
                o.problem("type", "K4-1", "\"access\"又は\"disclosure\"が必要です", "must be \"access\" or \"disclosure\"");
                return Optional.empty();
            }
        }
    }

    /**
     * A disclosure's cameras: {@code "camera": "id"} or {@code "cameras": ["id", …]} (1 to
     * {@link DisclosureRequest#MAX_CAMERAS} distinct ids), exactly one of the two (K3-4).
     */
    private static Optional<List<String>> cameras(Obj o) {
        boolean one = o.has("camera");
        boolean many = o.has("cameras");
        Optional<String> camera = o.optText("camera");
        if (!many) {
            o.textSet("cameras", false); // a "cameras": null is read as absent, not as an unknown field
            if (!one) {
                o.problem("camera", "K3-4", "必須の項目がありません(\"camera\"又は\"cameras\")",
                        "required field is missing (\"camera\" or \"cameras\")");
            }
            return camera.map(List::of);
        }
        if (one) {
            o.textSet("cameras", false);
            o.problem("cameras", "K3-4", "\"camera\"と\"cameras\"の一方だけを書いてください",
                    "give either \"camera\" or \"cameras\", not both");
            return Optional.empty();
        }
        Set<String> cams = o.textSet("cameras", true); // a blank or repeated id is a problem at its index
        if (cams.isEmpty() || cams.size() > DisclosureRequest.MAX_CAMERAS) {
            o.problem("cameras", "K3-4", "1〜" + DisclosureRequest.MAX_CAMERAS + "台のカメラを挙げてください",
                    "must name 1 to " + DisclosureRequest.MAX_CAMERAS + " cameras");
            return Optional.empty();
        }
        return Optional.of(List.copyOf(cams));
    }

    /** A purpose as written: a built-in's code or any other text (decided, and denied, by the engine). */
    private static Optional<RequestedPurpose> purpose(Obj o) {
        return o.text("purpose").flatMap(text -> {
            try {
                return Optional.of(RequestedPurpose.of(text));
            } catch (IllegalArgumentException e) {
                o.problem("purpose", "K2-1", "目的の記載が不正です(1〜200文字、制御文字なし)",
                        "must be 1 to 200 characters without control characters");
                return Optional.empty();
            }
        });
    }

    private static Optional<ExportMethod> export(Obj e) {
        Optional<String> medium = e.text("medium");
        Optional<ExportProtection> protection = e.enumValue("protection", ExportProtection.class);
        e.end();
        if (medium.isPresent() && protection.isPresent()) {
            try {
                return Optional.of(new ExportMethod(medium.get(), protection.get()));
            } catch (IllegalArgumentException x) {
                e.problem("medium", "K3-2-1", "媒体の記載が不正です(1〜200文字)", "must be 1 to 200 characters");
            }
        }
        return Optional.empty();
    }
}
