package jp.mimamori.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import jp.mimamori.core.decision.BasisKind;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.decision.ExportProtection;
import jp.mimamori.core.decision.RequesterKind;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.core.suite.SuiteRunner;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.KeyScope;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.integrity.verify.BundleVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.export.DisclosureExport;
import jp.mimamori.recorder.export.DisclosureOutcome;
import jp.mimamori.recorder.export.Handover;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.LiveSegment;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.UnitFormat;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** docs/GUIDE.md "Handing footage to the police", run as written. */
class DisclosureExamplesTest {
    SigningKey recorderKey;

    @BeforeEach
    void recordTheGate() throws Exception {
        Workspace.reset();
        Workspace.copySample("saku-school.json", Path.of("saku-school.json"));
        Files.createDirectories(Path.of("keys"));
        SigningKey log = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        log.writePemFile(Path.of("keys/log.pem"));                          // owner-only, as keys generate writes it
        recorderKey = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        KeyEncryptionKeyProvider.generateFile(Path.of("keys/store.kek"));  // owner-only, outside the store
        KeyEncryptionKey kek = KeyEncryptionKeyProvider.file(Path.of("keys/store.kek")).get();
        try (TransparentEvidenceLog evidence = TransparentEvidenceLog.open(Path.of("log"));
             Recorder r = Recorder.open(Path.of("store"), RecorderOptions.encrypted(recorderKey, kek)
                     .withSegmentLog(SegmentLog.to(evidence, Clock.fixed(Instant.parse("2026-04-01T09:00:00Z"),
                             ZoneOffset.UTC))));
             CameraRecorder cam = r.camera("es-gate")) {
            byte[] b = new byte[100_000];
            new SecureRandom().nextBytes(b);
            try (LiveSegment s = cam.begin(Instant.parse("2026-04-01T09:00:01Z"), UnitFormat.CHUNKS)) {
                s.write(ByteBuffer.wrap(b));
            }
        }
    }

    @Test
    @DisplayName("K3-4/S3: GUIDE.md decides the police's written request, logs it and writes a bundle that verifies")
    void guide_disclosesToThePolice() throws Exception {
        // snippet:guide-disclose begin
        KeyEncryptionKey kek = KeyEncryptionKeyProvider.file(Path.of("keys/store.kek")).get();  // reads the store
        OperatingRules rules = RulesReader.read(Path.of("saku-school.json"));
        DecisionEngine engine = DecisionEngine.create(rules, SuiteRunner.profile(rules, ProfileRegistry.builtIn()));
        SigningKey bundleKey = SigningKey.fromPemFile(Path.of("keys/log.pem"));  // the city's log key, owner-only:
        NoteSigner logKey = NoteSigner.fromPkcs8Pem("saku.example/evidence-log", bundleKey.toPem(),    // it signs checkpoints
                NoteVerifier.ED25519);                                                   // and the bundle manifest
        DisclosureRequest request = new DisclosureRequest("s-2026-0401", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署",
                BasisKind.WRITTEN_REQUEST, Optional.of("佐署刑第123号"), Purpose.CRIMINAL_INVESTIGATION, "es-gate",
                Instant.parse("2026-04-01T09:00:00Z"), Instant.parse("2026-04-01T09:00:03Z"), Instant.parse("2026-04-02T09:00:00Z"));
        Handover handover = new Handover("警察手帳を対面で確認 / police ID checked in person", Optional.of("刑事課 123"),
                "vp-kato", "minami-es-nvr-1", "提供用バンドル / export bundle", ExportProtection.ACCESS_CONTROLLED_STORE);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(Path.of("log"))) {
            DisclosureOutcome outcome = new DisclosureExport(engine, Path.of("store"), Optional.of(kek), log,
                    DisclosureExport.Signers.of(bundleKey, logKey), Clock.systemUTC())
                    .disclose(request, handover, Path.of("exports/s-2026-0401.zip"));
            System.out.println(outcome.decision().explain(Locale.JAPANESE)); // PERMIT or DENY, with the reasons
        }
        // snippet:guide-disclose end
        TrustStore trust = TrustStore.builder().addKey(recorderKey.verifyingKey())
                .addKey(bundleKey.verifyingKey(), KeyScope.of(KeyRole.LOG).withNoteName(logKey.name())).build();
        BundleVerifier.Result r = new BundleVerifier().check(Path.of("exports/s-2026-0401.zip"), VerifyContext.of(trust));
        assertTrue(r.report().isValid(), r.report().render(Locale.ENGLISH) + r.renderCoverage(Locale.ENGLISH));
    }
}
