package jp.mimamori.bench;

import java.util.HashMap;
import java.util.Map;
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

/** The in-JVM baseline: a {@link HashMap} lookup, against which decision figures are given as ratios. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BaselineBench {
    private final Map<String, Integer> map = new HashMap<>();
    private String[] keys;
    private int i;

    /** Fills a map of 10,000 principals. */
    @Setup
    public void setup() {
        keys = new String[10_000];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = "principal-" + k;
            map.put(keys[k], k);
        }
    }

    /** One lookup of a varying key. */
    @Benchmark
    public Integer hashMapLookup() {
        i = (i + 1) % keys.length;
        return map.get(keys[i]);
    }
}
