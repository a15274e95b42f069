package jp.mimamori.recorder.export;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.decision.BasisKind;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.decision.ExportProtection;
import jp.mimamori.core.decision.RequestedPurpose;
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
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.integrity.verify.BundleVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.LiveSegment;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.UnitFormat;
import jp.mimamori.retention.crypto.KeyEncryptionKey;

/**
 * A school's gate camera ({@code es-gate}, Saku sample rules) recorded as five MPEG-TS segments of two seconds
 * (50 frames, an IDR picture every 25), encrypted at rest, each sealed into the evidence log; the city's log key
 * signs checkpoints and bundle manifests.
 */
final class DisclosureFixture {
    static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
    static final String CAMERA = "es-gate";
    /** The school's second camera (the pupils' entrance), recorded by the two-camera sites. */
    static final String CAMERA_2 = "es-entrance";
    static final String ORIGIN = "saku.example/evidence-log";
    static final SigningKey RECORDER = key(1);
    static final SigningKey LOG = key(2);
    static final NoteSigner LOG_NOTE = NoteSigner.fromSeed(ORIGIN, NoteVerifier.ED25519, seed(2));
    static final KeyEncryptionKey KEK = KeyEncryptionKey.generate();
    /** The Saku sample rules, read from core's sources (core's sample accessor is not exported to tests here). */
    static final Path SAKU_RULES = Path.of("..", "core", "src", "main", "resources", "jp", "mimamori", "core", "rules",
            "samples", "saku-school.json");
    static final Clock CLOCK = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);

    final Path store;
    final Path logDir;
    final DecisionEngine engine;

    DisclosureFixture(Path dir, int segments) throws Exception {
        this(dir, segments, true);
    }

    DisclosureFixture(Path dir, int segments, boolean encrypted) throws Exception {
        this(dir, segments, encrypted, java.util.List.of());
    }

    /** A site whose recorder key is certified by {@code recorderChain} (DER, leaf first), carried in its store (G13). */
    DisclosureFixture(Path dir, int segments, boolean encrypted, java.util.List<byte[]> recorderChain)
            throws Exception {
        this(dir, segments, encrypted, recorderChain, List.of(CAMERA));
    }

    /**
     * A site whose {@code cameras} each record {@code segments} segments from {@link #T0}, one camera after the
     * other (the first camera's recordings and log records are those of a one-camera site; the others' bytes differ).
     */
    DisclosureFixture(Path dir, int segments, List<String> cameras) throws Exception {
        this(dir, segments, true, List.of(), cameras);
    }

    private DisclosureFixture(Path dir, int segments, boolean encrypted, List<byte[]> recorderChain,
                              List<String> cameras) throws Exception {
        store = dir.resolve("store");
        logDir = dir.resolve("log");
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir);
             Recorder r = Recorder.open(store, (encrypted ? RecorderOptions.encrypted(RECORDER, KEK)
                     : RecorderOptions.plain(RECORDER)).withCertChain(recorderChain)
                     .withSegmentLog(SegmentLog.to(log, Clock.fixed(T0, ZoneOffset.UTC))))) {
            for (int ci = 0; ci < cameras.size(); ci++) {
                try (CameraRecorder cam = r.camera(cameras.get(ci))) {
                    for (int k = 0; k < segments; k++) {
                        try (LiveSegment s = cam.begin(T0.plusSeconds(2L * k), UnitFormat.MPEG_TS)) {
                            s.write(ByteBuffer.wrap(TestTs.segment(50, 25, k + 1000L * ci)));
                            s.seal();
                        }
                    }
                }
            }
        }
        OperatingRules rules = RulesReader.read(SAKU_RULES);
        engine = DecisionEngine.create(rules, SuiteRunner.profile(rules, ProfileRegistry.builtIn()));
    }

    static byte[] seed(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    static SigningKey key(int b) {
        try {
            return SigningKey.ed25519(seed(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The police's written request for a criminal investigation (S8: fits the gate camera's purposes). */
    static DisclosureRequest police(String id, Instant from, Instant to) {
        return new DisclosureRequest(id, RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署 (Saku Police)",
                BasisKind.WRITTEN_REQUEST, Optional.of("佐署刑第123号"), Optional.empty(),
                RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION), CAMERA, from, to, CLOCK.instant());
    }

    /** The same request for several cameras. */
    static DisclosureRequest police(String id, Instant from, Instant to, List<String> cameras) {
        return new DisclosureRequest(id, RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署 (Saku Police)",
                BasisKind.WRITTEN_REQUEST, Optional.of("佐署刑第123号"), Optional.empty(),
                RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION), cameras, from, to, CLOCK.instant());
    }

    static Handover handover() {
        return new Handover("警察手帳を対面で確認 / police ID card checked in person", Optional.of("佐署刑第123号"),
                "op-suzuki", "minami-es-nvr-1", "提供用バンドル / export bundle", ExportProtection.ACCESS_CONTROLLED_STORE);
    }

    DisclosureOutcome export(DisclosureRequest request, Path out) throws Exception {
        return export(request, out, DisclosureExport.Signers.of(LOG, LOG_NOTE));
    }

    DisclosureOutcome export(DisclosureRequest request, Path out, DisclosureExport.Signers signers) throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir)) {
            return new DisclosureExport(engine, store, Optional.of(KEK), log, signers, CLOCK)
                    .disclose(request, handover(), out);
        }
    }

    /** The same, encrypted to {@code recipient} as well. */
    DisclosureOutcome export(DisclosureRequest request, Path out, java.security.cert.X509Certificate recipient)
            throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir)) {
            return new DisclosureExport(engine, store, Optional.of(KEK), log, DisclosureExport.Signers.of(LOG, LOG_NOTE),
                    CLOCK).disclose(request, handover(), out, Optional.of(recipient));
        }
    }

    /** The recipient's trust: the recorder key, and the city's log key (a .vkey: the LOG role, by name). */
    static TrustStore trust(SigningKey... more) {
        TrustStore.Builder b = TrustStore.builder().addKey(RECORDER.verifyingKey())
                .addKey(LOG.verifyingKey(), KeyScope.of(KeyRole.LOG).withNoteName(ORIGIN));
        for (SigningKey k : more) {
            b.addKey(k.verifyingKey());
        }
        return b.build();
    }

    static BundleVerifier.Result verify(Path bundle, TrustStore trust) {
        return new BundleVerifier().check(bundle, VerifyContext.of(trust));
    }

}
