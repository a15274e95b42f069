package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.report.VerificationReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** K3-4: a bug in the log verifier is never reported as a modified log. */
class LogVerifierFailureTest {
    @Test
    @DisplayName("K3-4: an exception inside the log verifier is an INTERNAL finding, not LOG_RECORD_MODIFIED")
    void failureInsideTheLogVerifier_isInternal(@TempDir Path dir) throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            log.append(EvidenceRecord.of("decision.access", Instant.EPOCH, Map.of("camera", "cam-1")));
        }
        VerificationReport plain = LogVerifier.verify(dir, List.of(), List.of());
        assertFalse(plain.has(VerificationCode.INTERNAL), plain.render(Locale.ENGLISH));

        VerificationReport r = LogVerifier.verify(dir, List.of(), List.of(), java.util.Optional.empty(), (d, trusted, roots, since, out) -> {
            throw new IllegalStateException("injected failure");
        });

        assertFalse(r.isValid(), "an unverified log is not VALID");
        assertFalse(r.has(VerificationCode.LOG_RECORD_MODIFIED), r.render(Locale.ENGLISH));
        List<Finding> internal = r.findings(VerificationCode.INTERNAL);
        assertEquals(1, internal.size(), r.render(Locale.ENGLISH));
        Finding f = internal.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().en().contains("verifier failure to report"), f.message().en());
        assertTrue(f.message().en().contains("injected failure"), f.message().en());
    }
}
