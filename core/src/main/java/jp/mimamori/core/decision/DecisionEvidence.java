package jp.mimamori.core.decision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.model.Obligation;
import jp.mimamori.core.text.LocalizedText;

/**
 * Turns a request and its decision into one {@link EvidenceRecord} of type {@link EvidenceTypes#ACCESS_DECISION}
 * or {@link EvidenceTypes#DISCLOSURE_DECISION}. Body fields: {@code decision} ({@code "PERMIT"} or
 * {@code "DENY"}), {@code principal} (access) or {@code requester}, {@code requester_kind}, {@code basis},
 * {@code reference}, {@code statute}, {@code request_id}, {@code from}, {@code to} (disclosure); {@code camera}
 * (one camera) or {@code cameras} (a disclosure naming several: their ids in the order asked),
 * {@code action}, {@code export} (access), {@code purpose} (as written), {@code purpose_built_in}, {@code requested_at}, {@code requirements}, {@code reason_en}, {@code reason_ja},
 * {@code facts} (name to value; with {@code accepted_findings} when the engine was created with a
 * {@link FindingsAcknowledgement}), {@code obligations}, {@code closest} (English), {@code rules}, {@code profile}.
 *
 * <pre>{@code
 * EvidenceReceipt receipt = DecisionEvidence.append(log, request, engine.decide(request));
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class DecisionEvidence {
    private DecisionEvidence() {}

    /** The evidence record of {@code decision} on {@code request}, timed at the request. */
    public static EvidenceRecord of(Request request, Decision decision) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", decision.permitted() ? "PERMIT" : "DENY");
        String type;
        if (request instanceof AccessRequest a) {
            type = EvidenceTypes.ACCESS_DECISION;
            body.put("principal", a.principal());
            body.put("action", a.action().name());
            a.export().ifPresent(e -> body.put("export", Map.of("medium", e.medium(), "protection",
                    e.protection().name())));
        } else {
            DisclosureRequest d = (DisclosureRequest) request;
            type = EvidenceTypes.DISCLOSURE_DECISION;
            body.put("request_id", d.id());
            body.put("requester", d.requester());
            body.put("requester_kind", d.requesterKind().name());
            body.put("basis", d.basis().name());
            d.reference().ifPresent(r -> body.put("reference", r));
            d.statute().ifPresent(r -> body.put("statute", r));
            body.put("from", d.from().toString());
            body.put("to", d.to().toString());
        }
        if (request.cameras().size() == 1) {
            body.put("camera", request.cameras().get(0));
        } else {
            body.put("cameras", request.cameras());
        }
        body.put("purpose", request.purpose().code()); // as written: a built-in's code or the requester's text
        body.put("purpose_built_in", request.purpose().builtIn().isPresent());
        body.put("requested_at", request.at().toString());
        body.put("requirements", decision.requirements());
        body.put("reason_en", decision.reason().en());
        body.put("reason_ja", decision.reason().ja());
        Map<String, Object> facts = new LinkedHashMap<>();
        decision.facts().forEach(f -> facts.put(f.name(), f.value()));
        body.put("facts", facts);
        if (decision instanceof Decision.Permit p) {
            body.put("obligations", p.obligations().stream().map(Obligation::name).toList());
        } else {
            List<String> closest = new ArrayList<>();
            for (LocalizedText c : ((Decision.Deny) decision).closest()) {
                closest.add(c.en());
            }
            body.put("closest", closest);
        }
        body.put("rules", decision.rules());
        body.put("profile", decision.profile());
        return EvidenceRecord.of(type, request.at(), body);
    }

    /** Appends the record of {@code decision} to {@code log} and returns the receipt. */
    public static EvidenceReceipt append(EvidenceLog log, Request request, Decision decision)
            throws java.io.IOException {
        return log.append(of(request, decision));
    }
}
