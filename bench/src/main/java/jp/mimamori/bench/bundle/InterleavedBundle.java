package jp.mimamori.bench.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.mimamori.integrity.verify.BundleVerifier;

/**
 * For a shared, noisy machine: interleaves, round by round, building a bundle of the whole footage of
 * {@link BundleSite} (plain, then encrypted to an RSA certificate: CMS), {@code cp} of the same media files (and
 * {@code cp} followed by {@code sync} of the copies, since the bundle writer forces its file to the device),
 * verifying the plain bundle, and {@code openssl dgst -sha256} over it; best of N after 2 warm-up rounds.
 * {@code java -Xmx1g -cp bench/target/benchmarks.jar jp.mimamori.bench.bundle.InterleavedBundle SEGMENTS ROUNDS}
 * (16 segments of 64 MiB = 1 GiB).
 */
public final class InterleavedBundle {
    private InterleavedBundle() {}

    static long run(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + cmd);
        }
        return System.nanoTime() - t0;
    }

    /** Runs it. */
    public static void main(String[] a) throws Exception {
        BundleSite site = new BundleSite(Integer.parseInt(a[0]));
        int rounds = Integer.parseInt(a[1]);
        Path work = site.dir.resolve("work");
        Files.createDirectories(work);
        List<Path> media = site.media();
        long bytes = 0;
        for (Path m : media) {
            bytes += Files.size(m);
        }
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        String[] names = {"build plain", "build CMS", "cp", "cp+sync", "verify", "openssl dgst -sha256"};
        for (int r = 0; r < rounds; r++) {
            Path bundle = work.resolve("b.zip");
            Files.deleteIfExists(bundle);
            long t0 = System.nanoTime();
            site.export(bundle, false);
            long build = System.nanoTime() - t0;
            Path enc = work.resolve("e.zip");
            t0 = System.nanoTime();
            site.export(enc, true);
            long buildCms = System.nanoTime() - t0;
            Files.deleteIfExists(enc);
            Files.deleteIfExists(work.resolve("e.zip.p7m"));
            Path copy = work.resolve("cp");
            if (Files.exists(copy)) {
                try (var s = Files.list(copy)) {
                    for (Path p : s.toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(copy);
            // the segments' files are all named media.bin: copy each under its own name
            long tcp = 0;
            for (int i = 0; i < media.size(); i++) {
                tcp += run(List.of("cp", media.get(i).toString(), copy.resolve(i + ".bin").toString()));
            }
            List<String> sync = new ArrayList<>(List.of("sync"));
            for (int i = 0; i < media.size(); i++) {
                sync.add(copy.resolve(i + ".bin").toString());
            }
            long tsync = tcp + run(sync);
            t0 = System.nanoTime();
            BundleVerifier.Result v = new BundleVerifier().check(bundle, site.trust());
            long verify = System.nanoTime() - t0;
            if (!v.report().isValid()) {
                throw new IllegalStateException(v.report().toJson());
            }
            long dgst = run(List.of("openssl", "dgst", "-sha256", bundle.toString()));
            long[] t = {build, buildCms, tcp, tsync, verify, dgst};
            StringBuilder sb = new StringBuilder("round " + r + ":");
            for (int i = 0; i < t.length; i++) {
                sb.append(String.format(" %s %.0f ms;", names[i], t[i] / 1e6));
                if (r >= 2) {
                    best[i] = Math.min(best[i], t[i]);
                }
            }
            System.out.println(sb);
        }
        double mb = bytes / 1e6;
        System.out.printf("footage %.0f MB in %d segments; best of rounds 2..%d:%n", mb, media.size(), rounds - 1);
        for (int i = 0; i < names.length; i++) {
            System.out.printf("  %-22s %7.0f ms  %7.0f MB/s%n", names[i], best[i] / 1e6, mb / (best[i] / 1e9));
        }
        System.out.printf("ratios: build plain / cp %.2f, / cp+sync %.2f; build CMS / cp %.2f, / cp+sync %.2f;"
                        + " verify / openssl dgst %.2f%n", (double) best[2] / best[0], (double) best[3] / best[0],
                (double) best[2] / best[1], (double) best[3] / best[1], (double) best[5] / best[4]);
    }
}
