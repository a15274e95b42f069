package jp.mimamori.bench.seal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.seal.ManifestSink;
import jp.mimamori.integrity.seal.SegmentSealer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sealing throughput on one thread: one 64 MiB segment of {@code unitSize}-byte units per operation — SHA-256 of
 * each unit, its leaf hash into the incremental RFC 9162 tree, then the Ed25519-signed manifest and the two
 * crash-safe chain-state writes (on tmpfs where available, so the disk's fsync latency is not what is measured).
 * Bytes per second = 64 MiB / score. Compare with {@code openssl speed -bytes 1048576 sha256} in the same sitting.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SealBench {
    /** Bytes per segment. */
    public static final int SEGMENT_BYTES = 64 << 20;

    @Param({"1048576", "4096"})
    public int unitSize;

    private byte[] data;
    private CameraChain chain;
    private long t;

    /** Random units and a chain whose state lives on tmpfs. */
    @Setup
    public void setup() throws IOException {
        data = new byte[SEGMENT_BYTES];
        new Random(1).nextBytes(data);
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "seal-bench")
                : Files.createTempDirectory("seal-bench");
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        chain = CameraChain.open("bench", key, dir.resolve("chain.json"), ManifestSink.none(), java.util.Optional.empty());
    }

    /** The floor: the JDK's SHA-256 alone over the same 64 MiB in the same unit sizes, no tree, no signature. */
    @Benchmark
    public byte[] sha256Only() throws java.security.NoSuchAlgorithmException {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        byte[] out = null;
        for (int off = 0; off < SEGMENT_BYTES; off += unitSize) {
            md.update(data, off, unitSize);
            out = md.digest();
        }
        return out;
    }

    /** Seals one 64 MiB segment. */
    @Benchmark
    public SignedManifest sealSegment() throws IOException, CryptoException {
        SegmentSealer s = chain.begin(SegmentManifest.KIND_CHUNK);
        for (int off = 0; off < SEGMENT_BYTES; off += unitSize) {
            s.unit(data, off, unitSize, t += 40_000);
        }
        return s.close();
    }
}
