package jp.mimamori.core.decision;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.profile.ProfileRegistry;

/** Hostile request documents: the reader and the engine throw nothing but the typed error. */
class RequestReaderFuzzTest {
    private static final DecisionEngine ENGINE = DecisionEngine.create(Samples.rules(Samples.SAKU_SCHOOL),
            ProfileRegistry.builtIn().find("saku-2020", "1.0.0").orElseThrow());

    @FuzzTest(maxDuration = "10s")
    void parse_onlyTypedError(FuzzedDataProvider data) {
        try {
            Request r = RequestReader.parse(data.consumeRemainingAsBytes());
            Decision d = ENGINE.decide(r);
            if (!d.permitted() && d.requirements().isEmpty()) {
                throw new AssertionError("deny without requirement IDs");
            }
            DecisionEvidence.of(r, d);
        } catch (InvalidDocumentException expected) {
            if (expected.problems().isEmpty()) {
                throw new AssertionError("typed error without problems");
            }
        }
    }
}
