package jp.mimamori.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.LiveSegment;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.recorder.store.UnitFormat;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** docs/GUIDE.md "Embedding in a recorder", run as written. */
class EmbeddingExamplesTest {
    @BeforeEach
    void workspace() throws Exception {
        Workspace.reset();
        SigningKey recorder = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        Files.createDirectories(Path.of("keys"));
        recorder.writePemFile(Path.of("keys/private.pem"));   // owner-only, as keys generate writes it
        Files.writeString(Path.of("keys/public.pem"), recorder.verifyingKey().toPem());
        Files.writeString(Path.of("keys/log.pem"), SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom())
                .toPem());
        // The store's key-encryption key: 32 random bytes, owner-only, outside the store (an HSM in production).
        KeyEncryptionKeyProvider.generateFile(Path.of("keys/store.kek"));
        Files.createDirectories(Path.of("rec"));
        for (String id : List.of("cam-01", "cam-02")) {
            byte[] b = new byte[200_000];
            new SecureRandom().nextBytes(b);
            Files.write(Path.of("rec/" + id + "-0002.mp4"), b);
        }
    }

    /** What an NVR's writer hands over for one camera: its bytes in whatever pieces it writes them. */
    static List<byte[]> nvrChunks(String camera) {
        List<byte[]> out = new ArrayList<>();
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            byte[] b = new byte[1 + r.nextInt(100_000)];
            r.nextBytes(b);
            out.add(b);
        }
        return out;
    }

    @Test
    @DisplayName("K3-2-4, K3-2-3: GUIDE.md records two cameras on two threads into one encrypted, anchored store v2")
    void guide_embedsTheRecorder() throws Exception {
        // snippet:guide-embed begin
        // One recorder per store, opened once by the NVR process; the KEK comes from the caller, never the store
        SigningKey key = SigningKey.fromPemFile(Path.of("keys/private.pem"));           // refused if others can read it
        KeyEncryptionKey kek = KeyEncryptionKeyProvider.file(Path.of("keys/store.kek")).get();   // likewise
        NoteSigner logKey = NoteSigner.fromPkcs8Pem("city.example/evidence-log",
                Files.readString(Path.of("keys/log.pem")), NoteVerifier.ED25519);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(Path.of("log"));   // closed after the recorder
             Recorder recorder = Recorder.open(Path.of("store"), RecorderOptions.encrypted(key, kek)
                     .withAnchoring(log, logKey, Duration.ofMinutes(1), Clock.systemUTC()))) { // one writer process
            ExecutorService threads = Executors.newFixedThreadPool(2);          // one thread per camera
            List<Future<?>> running = new ArrayList<>();
            for (String id : List.of("cam-01", "cam-02")) {
                running.add(threads.submit(() -> {
                    try (CameraRecorder camera = recorder.camera(id)) {        // continues the chain after a restart
                        try (LiveSegment segment = camera.begin(Instant.now(), UnitFormat.CHUNKS)) {
                            for (byte[] bytes : nvrChunks(id)) {               // as the NVR writes them
                                segment.write(ByteBuffer.wrap(bytes));
                            }
                        }                                                      // close seals it and logs segment.sealed
                        camera.sealFile(Path.of("rec/" + id + "-0002.mp4"), Instant.now()); // a finished file
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();                                                       // an error in a camera surfaces here
            }
            threads.shutdown();
        }                                                                      // close signs a last checkpoint
        TrustStore trust = TrustStore.fromPemFiles(List.of(Path.of("keys/public.pem")));
        VerificationReport report = new StoreVerifier(Optional.of(kek)).verify(Path.of("store"),
                VerifyContext.of(trust).withLog(AnchoredLog.read(Path.of("log"), List.of(logKey.verifier()))));
        // snippet:guide-embed end
        assertTrue(report.isValid(), report.render(Locale.ENGLISH));
        assertEquals(0, report.findings().size(), report.render(Locale.ENGLISH));
        assertTrue(Files.isRegularFile(Path.of("store/cam-02/000000000001/media.enc")));
    }
}
