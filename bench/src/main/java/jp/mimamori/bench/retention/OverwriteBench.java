package jp.mimamori.bench.retention;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jp.mimamori.retention.erase.internal.Overwriter;
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
 * Overwriting a 256 MiB file in place with zeros and forcing it to the device ({@link Overwriter#overwrite}).
 * Compare with {@code dd if=/dev/zero of=FILE bs=1M count=256 conv=notrunc oflag=direct} on the same file
 * (path in {@code -Dmimamori.bench.overwrite.file}, default a temporary file).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class OverwriteBench {
    static final long SIZE = 256L << 20;
    Path file;

    /** A 256 MiB file of non-zero bytes. */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        String p = System.getProperty("mimamori.bench.overwrite.file");
        file = p != null ? Path.of(p) : Files.createTempFile(Path.of(System.getProperty("user.dir")),
                "overwrite-bench", ".bin");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] b = new byte[1 << 20];
            java.util.Arrays.fill(b, (byte) 0x5a);
            for (long o = 0; o < SIZE; o += b.length) {
                f.write(b);
            }
            f.getFD().sync();
        }
    }

    /** One full overwrite pass, forced. */
    @Benchmark
    public long overwrite() throws IOException {
        return Overwriter.overwrite(file);
    }

    /** Deletes the file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (System.getProperty("mimamori.bench.overwrite.file") == null) {
            Files.deleteIfExists(file);
        }
    }
}
