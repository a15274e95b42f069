package jp.mimamori.bench.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * SHA-256 of 1 MiB through the JDK's {@code MessageDigest} (the SHA-NI intrinsic where the CPU has it), the
 * hash every leaf and manifest uses. Operations per second × 1 MiB = bytes per second; compare with
 * {@code openssl speed -bytes 1048576 sha256}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HashBench {
    private MessageDigest md;
    private byte[] data;
    private final byte[] out = new byte[32];

    /** 1 MiB of random bytes. */
    @Setup
    public void setup() throws NoSuchAlgorithmException {
        md = MessageDigest.getInstance("SHA-256");
        data = new byte[1 << 20];
        new Random(1).nextBytes(data);
    }

    /** SHA-256 of 1 MiB. */
    @Benchmark
    public byte[] sha256OneMiB() throws java.security.DigestException {
        md.update(data);
        md.digest(out, 0, 32);
        return out;
    }
}
