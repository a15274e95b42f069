package jp.mimamori.bench.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.InclusionProof;
import jp.mimamori.integrity.tiles.TileLog;
import jp.mimamori.integrity.tiles.TileWriter;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inclusion proof of a random entry from C2SP tiles alone (issue 14), as an outside client computes it: the hashes
 * are read from the tile files, hashed up within each tile, and the proof is checked against the signed root. The
 * tile folder is built once by {@code TileProofBench build DIR N} (entries of 16 bytes: the proof does not read
 * them); pass {@code -Dmimamori.bench.tiles=DIR}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TileProofBench {
    /** The key the bench's tile folders are signed with (a fixed seed; a benchmark, not a secret). */
    static final NoteSigner KEY = NoteSigner.fromSeed("bench.mimamori.example/tiles", NoteVerifier.ED25519,
            new byte[32]);

    private TileLog log;
    private long size;
    private final SplittableRandom rnd = new SplittableRandom(7);

    /** Opens the prepared tile folder. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        log = TileLog.open(Path.of(System.getProperty("mimamori.bench.tiles", "tiles-10m")), List.of(KEY.verifier()));
        size = log.size();
    }

    /** Closes the tile folders the log holds open. */
    @org.openjdk.jmh.annotations.TearDown(Level.Trial)
    public void close() {
        log.close();
    }

    /** One inclusion proof at the checkpoint's size, computed from the tiles and checked against the signed root. */
    @Benchmark
    public InclusionProof inclusionProofFromTiles() throws IOException {
        return log.inclusionProof(rnd.nextLong(size), size);
    }

    /**
     * Builds a tile folder of {@code N} entries: {@code build DIR N}.
     *
     * @param args {@code build}, the folder, the number of entries
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[0].equals("build")) {
            System.err.println("usage: TileProofBench build DIR N");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        long n = Long.parseLong(args[2]);
        long t0 = System.nanoTime();
        TileWriter w = TileWriter.open(dir, 0);
        ByteBuffer e = ByteBuffer.allocate(16);
        for (long i = 0; i < n; i++) {
            e.clear();
            e.putLong(i).putLong(~i);
            w.append(e.array());
            if ((i + 1) % 1_000_000 == 0) {
                w.flush();
            }
        }
        w.publish(KEY.signNote(new Checkpoint(KEY.name(), w.size(), w.root(), List.of()).body(), 0).encode());
        System.out.printf("built %d entries in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }
}
