package jp.mimamori.integrity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.RecordingVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import org.junit.jupiter.api.Test;

/**
 * Trust files ({@code mimamori-trust} v1, docs/FORMATS.md "Trust files"): the published vectors in
 * {@code docs/vectors/trust/} give the outcomes their README states against the segment-manifest vector store,
 * and malformed files are refused naming the field (K3-2-4).
 */
class TrustFileVectorsTest {
    static final Path VECTORS = Path.of("..", "docs", "vectors", "trust");
    static final Path STORE = Path.of("..", "docs", "vectors", "segment-manifest-v1", "store");
    static final Path KEY = Path.of("..", "docs", "vectors", "segment-manifest-v1", "keys", "public.pem");

    private static VerificationReport verify(String file) throws Exception {
        TrustStore t = TrustStore.fromFiles(List.of(VECTORS.resolve(file)));
        return new RecordingVerifier().verify(STORE, VerifyContext.of(t));
    }

    private static List<Long> untrustedSegments(VerificationReport r) {
        return r.findings(VerificationCode.KEY_UNTRUSTED).stream().map(f -> f.where().segment().orElseThrow())
                .collect(Collectors.toList());
    }

    @Test
    void recorderKeyForItsSite_isValid() throws Exception {
        VerificationReport r = verify("recorder-cam-vec.json");
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
    }

    @Test
    void recorderKeyForAnotherCamera_isKeyUntrustedOnEverySegment() throws Exception {
        VerificationReport r = verify("recorder-other-camera.json");
        assertEquals(List.of(0L, 1L), untrustedSegments(r), r.render(Locale.ENGLISH));
        assertTrue(r.findings(VerificationCode.KEY_UNTRUSTED).get(0).message().en()
                .contains("is a recorder key for camera cam-other, not for camera cam-vec"));
    }

    @Test
    void retiredKey_isKeyUntrustedOnlyAfterRetirement() throws Exception {
        VerificationReport r = verify("recorder-retired.json");
        assertEquals(List.of(1L), untrustedSegments(r), r.render(Locale.ENGLISH));
        Finding f = r.findings(VerificationCode.KEY_UNTRUSTED).get(0);
        assertTrue(f.message().en().contains("was retired at 2026-04-01T09:00:00.130Z; the recording time"),
                f.message().en());
    }

    @Test
    void keyOfOtherRoles_cannotSignFootage_andKeepsItsNoteName() throws Exception {
        VerificationReport r = verify("log-role-only.json");
        assertEquals(List.of(0L, 1L), untrustedSegments(r));
        assertTrue(r.findings(VerificationCode.KEY_UNTRUSTED).get(0).message().en()
                .contains("is trusted for role LOG, RETENTION, not for role RECORDER"));
        TrustStore t = TrustStore.fromFiles(List.of(VECTORS.resolve("log-role-only.json")));
        VerifyingKey k = t.keys(KeyRole.LOG).get(0);
        assertEquals("vector-log", t.scope(k.keyId()).orElseThrow().noteName().orElseThrow());
        assertEquals(List.of(k), t.keys(KeyRole.RETENTION));
    }

    private static InvalidDocumentException refused(String json) {
        return assertThrows(InvalidDocumentException.class, () -> TrustStore.builder()
                .addFile(json.getBytes(StandardCharsets.UTF_8), "bad.json"));
    }

    private static String pem() throws Exception {
        return java.nio.file.Files.readString(KEY).replace("\n", "\\n");
    }

    @Test
    void malformedTrustFiles_areRefusedNamingTheField() throws Exception {
        String head = "{\"format\":\"mimamori-trust\",\"format_version\":1,\"keys\":[{\"public_key\":\"" + pem() + "\",";
        assertTrue(refused(head + "\"roles\":[\"ADMIN\"]}]}").getMessage().contains("keys[0].roles[0]"));
        assertTrue(refused(head + "\"roles\":[\"LOG\"],\"cameras\":[\"K-1\"]}]}").getMessage()
                .contains("keys[0].cameras"));
        assertTrue(refused(head + "\"roles\":[\"RECORDER\"],\"sites\":[\"nowhere\"]}]}").getMessage()
                .contains("keys[0].sites"));
        assertTrue(refused(head + "\"roles\":[\"RECORDER\"],\"colour\":\"red\"}]}").getMessage()
                .contains("keys[0].colour"));
        assertTrue(refused(head + "\"roles\":[\"RECORDER\"],\"roles\":[\"LOG\"]}]}").getMessage()
                .contains("roles"));
        assertTrue(refused(head + "\"roles\":[\"RECORDER\"],\"not_before\":\"2026-05-01T00:00:00Z\","
                + "\"revoked_at\":\"2026-04-01T00:00:00Z\"}]}").getMessage().contains("keys[0].not_before"));
        assertTrue(refused("{\"format\":\"mimamori-trust\",\"format_version\":1,\"keys\":[{\"roles\":[\"LOG\"]}]}")
                .getMessage().contains("keys[0]"));
    }

    @Test
    void pemAndJson_areToldApartByContent() throws Exception {
        TrustStore t = TrustStore.fromFiles(List.of(KEY));
        assertEquals(1, t.keys(KeyRole.RECORDER).size());
        assertFalse(TrustFile.isJson("-----BEGIN".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(TrustFile.isJson(" \n{".getBytes(StandardCharsets.US_ASCII)));
    }
}
