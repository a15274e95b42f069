package jp.mimamori.bench.bundle;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import jp.mimamori.core.decision.BasisKind;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.decision.ExportProtection;
import jp.mimamori.core.decision.RequestedPurpose;
import jp.mimamori.core.decision.RequesterKind;
import jp.mimamori.core.internal.Samples;
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
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.export.DisclosureExport;
import jp.mimamori.recorder.export.DisclosureOutcome;
import jp.mimamori.recorder.export.Handover;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.LiveSegment;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.UnitFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A camera's footage for bundle benchmarks: a plain store v2 of {@code segments} segments of 64 MiB (1 MiB units,
 * random bytes), each sealed into an evidence log, under {@code java.io.tmpdir/mimamori-bench-bundle}; made once and
 * reused. The whole range is asked for, so a bundle holds all of it.
 */
final class BundleSite {
    static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
    static final String CAMERA = "es-gate";
    static final int SEGMENT = 64 << 20;

    final Path dir;
    final Path store;
    final Path logDir;
    final int segments;
    final SigningKey recorder = key(1);
    final SigningKey logKey = key(2);
    final NoteSigner logNote = NoteSigner.fromSeed("bench.mimamori.example/log", NoteVerifier.ED25519, seed(2));
    final X509Certificate recipient;
    final DecisionEngine engine;
    private int next;

    BundleSite(int segments) throws Exception {
        this.segments = segments;
        dir = Path.of(System.getProperty("java.io.tmpdir"), "mimamori-bench-bundle-" + segments);
        store = dir.resolve("store");
        logDir = dir.resolve("log");
        if (!Files.exists(dir.resolve("done"))) {
            Files.createDirectories(dir);
            record();
            Files.writeString(dir.resolve("done"), "");
        }
        OperatingRules rules = RulesReader.parse(Samples.bytes(Samples.SAKU_SCHOOL));
        engine = DecisionEngine.create(rules, SuiteRunner.profile(rules, ProfileRegistry.builtIn()));
        recipient = recipient();
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

    private void record() throws Exception {
        SplittableRandom r = new SplittableRandom(13);
        byte[] chunk = new byte[1 << 20];
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir);
             Recorder rec = Recorder.open(store, RecorderOptions.plain(recorder).withChunkSize(1 << 20)
                     .withSegmentLog(SegmentLog.to(log, Clock.fixed(T0, ZoneOffset.UTC))));
             CameraRecorder cam = rec.camera(CAMERA)) {
            for (int k = 0; k < segments; k++) {
                try (LiveSegment s = cam.begin(T0.plusSeconds(60L * k), UnitFormat.CHUNKS)) {
                    for (int i = 0; i < SEGMENT / chunk.length; i++) {
                        for (int j = 0; j < chunk.length; j += 8) {
                            long v = r.nextLong();
                            for (int b = 0; b < 8; b++) {
                                chunk[j + b] = (byte) (v >>> (8 * b));
                            }
                        }
                        s.write(ByteBuffer.wrap(chunk));
                    }
                    s.seal();
                }
            }
        }
    }

    private static X509Certificate recipient() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=bench recipient");
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(T0.minus(Duration.ofDays(1))), Date.from(T0.plus(Duration.ofDays(3650))), name,
                kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
    }

    /** The store's media files (what {@code cp} copies as the reference). */
    List<Path> media() throws Exception {
        try (Stream<Path> s = Files.walk(store)) {
            return s.filter(p -> p.getFileName().toString().equals("media.bin")).sorted().toList();
        }
    }

    /** One disclosure of the whole range into {@code out}, encrypted to the bench recipient when asked. */
    DisclosureOutcome.Exported export(Path out, boolean encrypted) throws Exception {
        Clock at = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        DisclosureRequest req = new DisclosureRequest("bench-" + (next++), RequesterKind.INVESTIGATIVE_AGENCY,
                "bench police", BasisKind.WRITTEN_REQUEST, Optional.of("bench-1"), Optional.empty(),
                RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION), CAMERA, T0.minusSeconds(1),
                T0.plusSeconds(60L * segments), at.instant());
        Handover h = new Handover("bench", Optional.empty(), "bench", "bench", "bench",
                encrypted ? ExportProtection.ENCRYPTED_TO_RECIPIENT : ExportProtection.ACCESS_CONTROLLED_STORE);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir)) {
            return (DisclosureOutcome.Exported) new DisclosureExport(engine, store, Optional.empty(), log,
                    DisclosureExport.Signers.of(logKey, logNote), at)
                    .disclose(req, h, out, encrypted ? Optional.of(recipient) : Optional.empty());
        }
    }

    /** The recipient's verifier context: the recorder key and the log key (the .vkey's). */
    VerifyContext trust() {
        return VerifyContext.of(TrustStore.builder().addKey(recorder.verifyingKey())
                .addKey(logKey.verifyingKey(), KeyScope.of(KeyRole.LOG).withNoteName(logNote.name())).build());
    }
}
