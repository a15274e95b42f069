package jp.mimamori.integrity.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.report.VerificationReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bug in the verifier is never reported as tampering (invariant 4 classifies only real changes). */
class VerifierFailureTest {
    @Test
    @DisplayName("invariant 4: an exception inside the verifier is an INTERNAL finding, not SEGMENT_MISSING")
    void failureInsideTheVerifier_isInternal_andOtherCamerasAreStillVerified(@TempDir Path store)
            throws Exception {
        Files.createDirectories(store.resolve("cam-a").resolve("000000000000"));
        Files.createDirectories(store.resolve("cam-b").resolve("000000000000"));
        RecordingVerifier verifier = new RecordingVerifier((cam, ctx, out) -> {
            String camera = cam.camera();
            if (camera.equals("cam-a")) {
                throw new IllegalStateException("injected failure");
            }
            out.add(Finding.of(VerificationCode.KEY_CHANGED, jp.mimamori.core.finding.Location.entry(camera),
                    jp.mimamori.core.text.LocalizedText.of("確認済み", "cam-b was checked")));
        });

        VerificationReport r = verifier.verify(store, VerifyContext.of(TrustStore.of(List.of())));

        assertFalse(r.isValid(), "an unverified recording is not VALID");
        assertFalse(r.has(VerificationCode.SEGMENT_MISSING), r.render(Locale.ENGLISH));
        List<Finding> internal = r.findings(VerificationCode.INTERNAL);
        assertEquals(1, internal.size(), r.render(Locale.ENGLISH));
        Finding f = internal.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("cam-a", f.where().toString());
        assertTrue(f.message().en().contains("verifier failure to report"), f.message().en());
        assertTrue(f.message().en().contains("injected failure"), f.message().en());
        assertTrue(f.message().ja().contains("改ざんを示すものではありません"), f.message().ja());
        assertTrue(r.has(VerificationCode.KEY_CHANGED), "cam-b is verified after cam-a's failure");
    }
}
