package jp.mimamori.bench.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jp.mimamori.integrity.verify.BundleVerifier;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: building a bundle of {@link BundleSite}'s footage (plain and CMS-encrypted) and verifying it, single shot per
 * iteration. The ratios to {@code cp} and {@code openssl dgst -sha256} come from {@link InterleavedBundle}, which
 * measures the references in the same sitting. {@code java -jar bench/target/benchmarks.jar BundleBench
 * -p segments=16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = "-Xmx1g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class BundleBench {
    @Param("16")
    int segments;

    BundleSite site;
    Path bundle;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        site = new BundleSite(segments);
        Files.createDirectories(site.dir.resolve("jmh"));
        bundle = site.dir.resolve("jmh").resolve("verify.zip");
        if (!Files.exists(bundle)) {
            site.export(bundle, false);
        }
    }

    @Benchmark
    public Object buildPlain() throws Exception {
        return site.export(site.dir.resolve("jmh").resolve("plain.zip"), false);
    }

    @Benchmark
    public Object buildCms() throws Exception {
        return site.export(site.dir.resolve("jmh").resolve("cms.zip"), true);
    }

    @Benchmark
    public Object verify() {
        BundleVerifier.Result r = new BundleVerifier().check(bundle, site.trust());
        if (!r.report().isValid()) {
            throw new IllegalStateException(r.report().toJson());
        }
        return r;
    }
}
