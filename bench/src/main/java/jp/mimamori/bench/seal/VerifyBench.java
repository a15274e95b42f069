package jp.mimamori.bench.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.LiveSegment;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.recorder.store.UnitFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying a 1 GiB sealed recording (a plain store v2: 4 segments of 256 units of 1 MiB, in the page cache):
 * read and hash every unit of each media file, check the unit index against the Merkle root, the signatures and
 * the chain. The store is left in {@code ${java.io.tmpdir}/mimamori-bench-verify/store} so
 * {@code openssl dgst -sha256} can hash the same media files in the same sitting.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class VerifyBench {
    private Path store;
    private VerifyContext ctx;
    private final StoreVerifier verifier = new StoreVerifier(Optional.empty());

    /** Seals 1 GiB of random units into the store (once). */
    @Setup
    public void setup() throws IOException, CryptoException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "mimamori-bench-verify");
        store = root.resolve("store");
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        if (Files.exists(store)) {
            try (var s = Files.walk(store)) {
                for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Random r = new Random(2);
        try (Recorder recorder = Recorder.open(store, RecorderOptions.plain(key));
             CameraRecorder cam = recorder.camera("bench")) {
            for (int seg = 0; seg < 4; seg++) {
                try (LiveSegment s = cam.begin(Instant.EPOCH, UnitFormat.CHUNKS)) {
                    for (int i = 0; i < 256; i++) {
                        byte[] u = new byte[1 << 20];
                        r.nextBytes(u);
                        s.write(ByteBuffer.wrap(u));
                    }
                }
            }
        }
        ctx = VerifyContext.of(TrustStore.of(List.of(key.verifyingKey())));
    }

    /** Verifies the whole store. */
    @Benchmark
    public VerificationReport verifyStore() {
        VerificationReport r = verifier.verify(store, ctx);
        if (!r.isValid()) {
            throw new IllegalStateException(r.toJson());
        }
        return r;
    }
}
