package jp.mimamori.integrity.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.integrity.testutil.Recordings;

/** Hostile bytes in any file of a sealed store: the verifier returns a report, never throws (DESIGN.md). */
class RecordingVerifierFuzzTest {
    private static Path pristine;

    private static synchronized Path pristine() throws Exception {
        if (pristine == null) {
            pristine = Files.createTempDirectory("verifier-fuzz");
            Recordings.random(pristine.resolve("store"), 3, 2, 3);
        }
        return pristine;
    }

    @FuzzTest(maxDuration = "10s")
    void hostileFileContent_isReportedNeverThrown(FuzzedDataProvider data) throws Exception {
        Path work = Files.createTempDirectory("verifier-fuzz-run");
        try {
            Path store = work.resolve("store");
            Recordings.copyTree(pristine().resolve("store"), store);
            Path seg = StoreLayout.segment(store, Recordings.CAMERA, data.consumeInt(0, 1));
            List<String> targets = List.of(StoreLayout.MANIFEST, StoreLayout.SIGNATURE, StoreLayout.UNITS_INDEX,
                    "../" + StoreLayout.CHAIN, StoreLayout.UNITS + "/00000000.bin");
            Path target = seg.resolve(targets.get(data.consumeInt(0, targets.size() - 1))).normalize();
            Files.write(target, data.consumeRemainingAsBytes());
            VerificationReport r = new RecordingVerifier().verify(store, VerifyContext.of(Recordings.trust()));
            for (Finding f : r.findings()) {
                // The safety net's message would mean an internal error escaped the checks.
                assertFalse(f.message().en().startsWith("the recording cannot be read"), f.message().en());
            }
        } finally {
            Recordings.deleteTree(work);
        }
    }
}
