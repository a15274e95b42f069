package jp.mimamori.core.rules;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.profile.ProfileRegistry;

/** Hostile rules documents: the reader and the check throw nothing but the typed error (K4-1). */
class RulesReaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse_onlyTypedError(FuzzedDataProvider data) {
        byte[] json = data.consumeRemainingAsBytes();
        try {
            OperatingRules rules = RulesReader.parse(json);
            ProfileRegistry.builtIn().find(rules.profileId(), rules.profileVersion())
                    .ifPresent(p -> ComplianceCheck.check(rules, p, Instant.EPOCH));
        } catch (InvalidDocumentException expected) {
            if (expected.problems().isEmpty()) {
                throw new AssertionError("typed error without problems");
            }
        }
    }
}
