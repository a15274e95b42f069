package jp.mimamori.bench.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jp.mimamori.integrity.log.InclusionProof;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inclusion proof of a random record in a log of ten million records (built once by
 * {@code LogWholeProcess build DIR 10000000}; pass {@code -Dmimamori.bench.log10m=DIR}), read from the stored
 * tree levels without the tree in memory.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogProofBench {
    private TransparentEvidenceLog log;
    private long size;
    private final SplittableRandom rnd = new SplittableRandom(7);

    /** Opens the prepared log. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        log = TransparentEvidenceLog.open(Path.of(System.getProperty("mimamori.bench.log10m", "log-10m")));
        size = log.size();
    }

    /** Closes it. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
    }

    /** One inclusion proof at the full size. */
    @Benchmark
    public InclusionProof inclusionProof10M() throws IOException {
        return log.inclusionProof(rnd.nextLong(size), size);
    }
}
