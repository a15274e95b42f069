package jp.mimamori.core.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.model.Obligation;
import jp.mimamori.core.text.LocalizedText;

/**
 * Makes the decisions of one engine: stamps rules and profile, and, when the engine was created with a
 * {@link FindingsAcknowledgement}, adds the {@code accepted_findings} fact to every decision. Immutable.
 *
 * @param rulesRef   the rules every decision names
 * @param profileRef the profile every decision names
 * @param accepted   the acknowledgement as a fact, when the engine was given one
 */
record Decisions(String rulesRef, String profileRef, Optional<Fact> accepted) {
    Decision deny(List<String> reqs, List<Fact> facts, LocalizedText reason, List<LocalizedText> closest) {
        return new Decision.Deny(reqs, withAcceptance(facts), reason, closest, rulesRef, profileRef);
    }

    Decision permit(List<String> reqs, List<Fact> facts, LocalizedText reason, List<Obligation> obligations) {
        return new Decision.Permit(reqs, withAcceptance(facts), reason, obligations, rulesRef, profileRef);
    }

    private List<Fact> withAcceptance(List<Fact> facts) {
        if (accepted.isEmpty()) {
            return facts;
        }
        List<Fact> all = new ArrayList<>(facts);
        all.add(accepted.get());
        return all;
    }
}
