package jp.mimamori.bench.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.MerkleAccumulator;
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
 * RFC 9162 root of N precomputed leaf hashes: N−1 interior-node hashes of 65 bytes each. A 2-second segment
 * at 25 fps has 50 units; a one-hour log of events a few thousand. {@code accumulator} is the record-time path
 * (allocation-free), {@code listRoot} the convenience function.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MerkleBench {
    /** Number of leaves. */
    @Param({"50", "4096", "65536"})
    public int leaves;

    private List<byte[]> hashes;
    private final MerkleAccumulator acc = new MerkleAccumulator();
    private final byte[] root = new byte[32];

    /** Random leaf hashes. */
    @Setup
    public void setup() {
        Random r = new Random(1);
        hashes = new ArrayList<>(leaves);
        for (int i = 0; i < leaves; i++) {
            byte[] h = new byte[32];
            r.nextBytes(h);
            hashes.add(h);
        }
    }

    /** Root through the incremental accumulator, reused. */
    @Benchmark
    public byte[] accumulator() {
        acc.reset();
        for (int i = 0; i < hashes.size(); i++) {
            acc.append(hashes.get(i));
        }
        acc.root(root, 0);
        return root;
    }

    /** Root through {@link Merkle#root(List)}. */
    @Benchmark
    public byte[] listRoot() {
        return Merkle.root(hashes);
    }
}
