package jp.mimamori.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.decision.AccessRequest;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.DecisionEvidence;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.LogVerifier;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * README.md's "From Java": decide and log, seal and verify, anchor and verify the log — run as written, in the
 * README's order (the checkpoint covers the decision logged first).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeExamplesTest {
    @BeforeAll
    static void workspace() throws Exception {
        Workspace.reset();
        Workspace.copySample("kumagaya-city-hall.json", Path.of("kumagaya-city-hall.json"));
        // What `mimamori keys generate --out keys` and `openssl genpkey -algorithm ed25519` leave.
        SigningKey recorder = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        Files.createDirectories(Path.of("keys"));
        recorder.writePemFile(Path.of("keys/private.pem"));   // owner-only, as keys generate writes it
        Files.writeString(Path.of("keys/public.pem"), recorder.verifyingKey().toPem());
        Files.createFile(Path.of("keys/evidence-log.pem"), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(Path.of("keys/evidence-log.pem"),
                NoteSigner.generate("x", NoteVerifier.ED25519, new SecureRandom()).toPkcs8Pem());
        // A segment file as a recorder closes it (any bytes: files that are not MPEG-TS are sealed as chunks).
        Files.createDirectories(Path.of("rec"));
        byte[] segment = new byte[300_000];
        new SecureRandom().nextBytes(segment);
        Files.write(Path.of("rec/cam-01-0001.ts"), segment);
        // The store's key-encryption key: 32 random bytes, owner-only, outside the store (an HSM in production).
        KeyEncryptionKeyProvider.generateFile(Path.of("keys/store.kek"));
    }

    @Test
    @Order(1)
    @DisplayName("K3-1-2, K3-4: README decides a request under the sample rules and logs the decision")
    void decideAndLog_permitsTheOperatorAndLogsTheDecision() throws Exception {
        // snippet:readme-decide begin
        // May this operator view recorded footage of the lobby camera, to prevent crime? (K2-1, K3-1-2, K3-1-3)
        OperatingRules rules = RulesReader.read(Path.of("kumagaya-city-hall.json"));
        GuidelineProfile profile = ProfileRegistry.builtIn().find(rules.profileId(), rules.profileVersion()).orElseThrow();
        DecisionEngine engine = DecisionEngine.create(rules, profile);
        AccessRequest request = new AccessRequest("op-tanaka", Action.VIEW_RECORDED, "ch-lobby",
                Purpose.CRIME_PREVENTION, Instant.now());
        Decision decision = engine.decide(request);
        System.out.println(decision.explain(Locale.ENGLISH));   // PERMIT (K2-1, K3-1-2): why, facts, obligations
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(Path.of("log"))) {
            DecisionEvidence.append(log, request, decision);     // every decision lands in the evidence log
        }
        // snippet:readme-decide end
        assertTrue(decision.permitted(), decision.explain(Locale.ENGLISH));
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(Path.of("log"))) {
            assertEquals(EvidenceTypes.ACCESS_DECISION, log.record(log.size() - 1).type());
        }
    }

    @Test
    @Order(2)
    @DisplayName("K3-2-4: README seals a recorded segment file and the store verifies VALID")
    void sealAndVerify_storeIsValid() throws Exception {
        // snippet:readme-seal begin
        // Seal each segment file as the recorder closes it (K3-2-4), encrypted at rest (K3-2-3); verify offline
        SigningKey key = SigningKey.fromPemFile(Path.of("keys/private.pem"));           // refused if others can read it
        KeyEncryptionKey kek = KeyEncryptionKeyProvider.file(Path.of("keys/store.kek")).get();   // likewise
        try (Recorder recorder = Recorder.open(Path.of("store"), RecorderOptions.encrypted(key, kek));
                CameraRecorder cam = recorder.camera("cam-01")) {       // one writer process per store (a lock)
            cam.sealFile(Path.of("rec/cam-01-0001.ts"), Instant.parse("2026-06-01T10:00:00Z"));   // streamed
        }
        TrustStore trust = TrustStore.fromPemFiles(List.of(Path.of("keys/public.pem")));
        VerificationReport report = new StoreVerifier(Optional.of(kek)).verify(Path.of("store"), VerifyContext.of(trust));
        System.out.println(report.render(Locale.ENGLISH));       // VALID, or every finding with its code
        // snippet:readme-seal end
        assertTrue(report.isValid(), report.render(Locale.ENGLISH));
    }

    @Test
    @Order(3)
    @DisplayName("K3-4: README signs a checkpoint over the evidence log and the log verifies VALID")
    void anchorAndVerifyLog_logIsValid() throws Exception {
        // snippet:readme-log begin
        // Anchor the evidence log: a signed checkpoint (C2SP signed note) over every record so far (K3-4)
        NoteSigner logKey = NoteSigner.fromPkcs8Pem("city.example/evidence-log",
                Files.readString(Path.of("keys/evidence-log.pem")), NoteVerifier.ED25519);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(Path.of("log"))) {
            LogCheckpoints.write(log, logKey, List.of(), Instant.now());
        }
        VerificationReport logReport = LogVerifier.verify(Path.of("log"), List.of(logKey.verifier()), List.of());
        System.out.println(logReport.render(Locale.JAPANESE));   // 検証結果: 正常 (VALID), or every finding
        // snippet:readme-log end
        assertTrue(logReport.isValid(), logReport.render(Locale.ENGLISH));
    }
}
