package jp.mimamori.bench.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.LiveSegment;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.UnitFormat;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sealing a live segment into store v2 through the embedding API: 256 MiB handed to {@link LiveSegment#write} in
 * 256 KiB pieces (as an NVR's writer would), split into 1 MiB chunk units, hashed, Merkle-folded, written once to
 * the media file (plain, or encrypted with the streaming AEAD) and sealed with one fsync per file. The store lives
 * in {@code ${java.io.tmpdir}/mimamori-bench-store-seal} and is emptied after each iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class StoreSealBench {
    private static final int TOTAL = 256 << 20;
    private static final int PIECE = 256 << 10;

    /** Whether the store encrypts at rest. */
    @Param({"false", "true"})
    public boolean encrypted;

    private final byte[] piece = new byte[PIECE];
    private Path store;
    private SigningKey key;
    private KeyEncryptionKey kek;

    /** Random bytes to record and the keys (once). */
    @Setup(Level.Trial)
    public void setup() {
        new Random(1).nextBytes(piece);
        key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        kek = KeyEncryptionKey.generate();
        store = Path.of(System.getProperty("java.io.tmpdir"), "mimamori-bench-store-seal");
    }

    /** Empties the store after each iteration. */
    @TearDown(Level.Iteration)
    public void clean() throws IOException {
        if (Files.exists(store)) {
            try (var s = Files.walk(store)) {
                for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** One 256 MiB segment sealed live. */
    @Benchmark
    public SignedManifest sealLiveSegment() throws Exception {
        RecorderOptions o = encrypted ? RecorderOptions.encrypted(key, kek) : RecorderOptions.plain(key);
        try (Recorder r = Recorder.open(store, o); CameraRecorder cam = r.camera("bench");
             LiveSegment s = cam.begin(Instant.EPOCH, UnitFormat.CHUNKS)) {
            for (int done = 0; done < TOTAL; done += PIECE) {
                s.write(ByteBuffer.wrap(piece));
            }
            return s.seal();
        }
    }
}
