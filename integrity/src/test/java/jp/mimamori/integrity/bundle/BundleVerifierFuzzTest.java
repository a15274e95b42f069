package jp.mimamori.integrity.bundle;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.BundleVerifier;
import jp.mimamori.integrity.verify.VerifyContext;

/**
 * Hostile bundles (issue 13): fuzzed bytes, alone or overwriting part of the vector bundle, give a report — never an
 * exception, never an INTERNAL finding (which would be a verifier bug).
 */
class BundleVerifierFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void hostileArchive_isReportedNeverThrown(FuzzedDataProvider data) throws Exception {
        Path f = Files.createTempFile("bundle-fuzz", ".zip");
        try {
            byte[] archive;
            if (data.consumeBoolean()) {
                archive = HostileArchives.vector();
                int at = data.consumeInt(0, archive.length - 1);
                byte[] patch = data.consumeBytes(64);
                System.arraycopy(patch, 0, archive, at, Math.min(patch.length, archive.length - at));
            } else {
                archive = data.consumeRemainingAsBytes();
            }
            Files.write(f, archive);
            VerificationReport r = new BundleVerifier().verify(f, VerifyContext.of(TrustStore.builder().build()));
            assertFalse(r.has(VerificationCode.INTERNAL), r.toJson());
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
