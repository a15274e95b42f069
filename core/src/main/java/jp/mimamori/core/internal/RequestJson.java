package jp.mimamori.core.internal;

import java.time.Instant;
import java.util.Optional;
import jp.mimamori.core.decision.AccessRequest;
import jp.mimamori.core.decision.BasisKind;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.decision.Request;
import jp.mimamori.core.decision.RequesterKind;
import jp.mimamori.core.internal.json.Obj;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;

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
                Optional<Purpose> purpose = o.enumValue("purpose", Purpose.class);
                Optional<Instant> at = o.instant("at");
                o.end();
                if (principal.isPresent() && action.isPresent() && camera.isPresent() && purpose.isPresent()
                        && at.isPresent()) {
                    return Optional.of(new AccessRequest(principal.get(), action.get(), camera.get(), purpose.get(),
                            at.get()));
                }
                return Optional.empty();
            }
            case "disclosure" -> {
                Optional<String> id = o.text("id");
                Optional<RequesterKind> kind = o.enumValue("requester_kind", RequesterKind.class);
                Optional<String> requester = o.text("requester");
                Optional<BasisKind> basis = o.enumValue("basis", BasisKind.class);
                Optional<String> reference = o.optText("reference");
                Optional<Purpose> purpose = o.enumValue("purpose", Purpose.class);
                Optional<String> camera = o.text("camera");
                Optional<Instant> from = o.instant("from");
                Optional<Instant> to = o.instant("to");
                Optional<Instant> at = o.instant("at");
                o.end();
                if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
                    o.problem("to", "K3-4", "開始より後でなければなりません", "must be after from");
                    return Optional.empty();
                }
                if (id.isPresent() && kind.isPresent() && requester.isPresent() && basis.isPresent()
                        && purpose.isPresent() && camera.isPresent() && from.isPresent() && to.isPresent()
                        && at.isPresent()) {
                    return Optional.of(new DisclosureRequest(id.get(), kind.get(), requester.get(), basis.get(),
                            reference, purpose.get(), camera.get(), from.get(), to.get(), at.get()));
                }
                return Optional.empty();
            }
            default -> {
                o.problem("type", "K4-1", "\"access\"又は\"disclosure\"が必要です", "must be \"access\" or \"disclosure\"");
                return Optional.empty();
            }
        }
    }
}
