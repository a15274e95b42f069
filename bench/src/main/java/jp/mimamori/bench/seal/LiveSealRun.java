package jp.mimamori.bench.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.LiveSegment;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.UnitFormat;

/**
 * For a shared, noisy machine: interleaves live sealing of the 25 Mbit/s stream ({@link LiveSealBench}'s
 * operation) with {@code openssl speed -evp aes-256-gcm} and {@code openssl speed sha256} (64 KiB blocks, one
 * second each), best of N after 2 warm-up rounds, so all three see the same load; then measures the heap an open
 * camera holds (many cameras each mid-segment). Prints throughput, cameras per core, and the ratio to the harmonic
 * combination of the two openssl figures (the time to encrypt and hash every byte once).
 * {@code java -Xmx1g -cp bench/target/benchmarks.jar jp.mimamori.bench.seal.LiveSealRun ROUNDS CAMERAS}.
 */
public final class LiveSealRun {
    private LiveSealRun() {}

    /** Runs it. */
    public static void main(String[] a) throws Exception {
        int rounds = a.length > 0 ? Integer.parseInt(a[0]) : 8;
        int cameras = a.length > 1 ? Integer.parseInt(a[1]) : 100;
        byte[] ts = LiveStream.bytes();
        double best = 0;
        double bestAes = 0;
        double bestSha = 0;
        double bestJdkSha = 0;
        double bestJdkCipher = 0;
        double bestSplit = 0;
        try (Recorder r = LiveStream.store("live-seal-run"); CameraRecorder cam = r.camera("bench")) {
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                LiveStream.sealOne(cam, ts);
                double mbps = ts.length / ((System.nanoTime() - t0) / 1e3);
                double aes = openssl("-evp", "aes-256-gcm");
                double sha = openssl("sha256");
                double jdkSha = jdkSha256(ts);
                double jdkCipher = jdkCipher(ts);
                double split = split(ts);
                System.out.printf(Locale.ROOT, "round %d: live seal %.0f MB/s, openssl aes-256-gcm %.0f MB/s,"
                        + " sha256 %.0f MB/s; alone in the JDK: SHA-256 %.0f MB/s, streaming AES-GCM %.0f MB/s,"
                        + " TS split %.0f MB/s%n", i, mbps, aes, sha, jdkSha, jdkCipher, split);
                if (i >= 2) {
                    best = Math.max(best, mbps);
                    bestAes = Math.max(bestAes, aes);
                    bestSha = Math.max(bestSha, sha);
                    bestJdkSha = Math.max(bestJdkSha, jdkSha);
                    bestJdkCipher = Math.max(bestJdkCipher, jdkCipher);
                    bestSplit = Math.max(bestSplit, split);
                }
            }
        }
        double harmonic = 1 / (1 / bestAes + 1 / bestSha);
        System.out.printf(Locale.ROOT, "best: live seal %.0f MB/s = %.0f cameras of 25 Mbit/s per core;"
                + " openssl aes-256-gcm %.0f MB/s, sha256 %.0f MB/s, harmonic %.0f MB/s; ratio %.2f (target >= 0.5)%n",
                best, best * 1e6 / LiveStream.BYTES_PER_SECOND, bestAes, bestSha, harmonic, best / harmonic);
        double jdkHarmonic = 1 / (1 / bestJdkSha + 1 / bestJdkCipher + 1 / bestSplit);
        System.out.printf(Locale.ROOT, "best alone in the JDK: SHA-256 %.0f MB/s, streaming AES-256-GCM %.0f MB/s,"
                + " TS split %.0f MB/s, all three in turn %.0f MB/s; live seal / that %.2f%n", bestJdkSha,
                bestJdkCipher, bestSplit, jdkHarmonic, best / jdkHarmonic);
        heapPerCamera(ts, cameras);
    }

    /** The JDK's SHA-256 over the stream in 64 KiB updates: MB/s. */
    private static double jdkSha256(byte[] ts) throws Exception {
        long t0 = System.nanoTime();
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        for (int off = 0; off < ts.length; off += LiveStream.WRITE) {
            md.update(ts, off, Math.min(LiveStream.WRITE, ts.length - off));
        }
        if (md.digest().length != 32) {
            throw new IllegalStateException();
        }
        return ts.length / ((System.nanoTime() - t0) / 1e3);
    }

    /** The store's streaming cipher (64 KiB segments) over the stream, ciphertext discarded: MB/s. */
    private static double jdkCipher(byte[] ts) throws Exception {
        jp.mimamori.retention.crypto.StreamingSegmentCipher c = jp.mimamori.retention.crypto.StreamingSegmentCipher
                .create(64 * 1024);
        long t0 = System.nanoTime();
        try (jp.mimamori.core.crypto.SecretBytes k = jp.mimamori.core.crypto.SecretBytes.random(32);
             java.io.OutputStream out = c.newEncryptingStream(k, new byte[8], java.io.OutputStream.nullOutputStream())) {
            for (int off = 0; off < ts.length; off += LiveStream.WRITE) {
                out.write(ts, off, Math.min(LiveStream.WRITE, ts.length - off));
            }
        }
        return ts.length / ((System.nanoTime() - t0) / 1e3);
    }

    /** The incremental TS splitter alone: MB/s. */
    private static double split(byte[] ts) throws Exception {
        long t0 = System.nanoTime();
        jp.mimamori.integrity.media.internal.MpegTsSplitter s = new jp.mimamori.integrity.media.internal
                .MpegTsSplitter();
        long[] n = {0};
        for (int off = 0; off < ts.length; off += LiveStream.WRITE) {
            s.feed(ByteBuffer.wrap(ts, off, Math.min(LiveStream.WRITE, ts.length - off)), (o, l, p, k) -> n[0]++);
        }
        s.finish((o, l, p, k) -> n[0]++);
        return ts.length / ((System.nanoTime() - t0) / 1e3);
    }

    /** Opens {@code n} cameras, each 1.9 MB into a live segment, and reports the heap they hold. */
    private static void heapPerCamera(byte[] ts, int n) throws Exception {
        try (Recorder r = LiveStream.store("live-seal-heap")) {
            long before = usedHeap();
            List<CameraRecorder> cams = new ArrayList<>();
            List<LiveSegment> segs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CameraRecorder c = r.camera("cam-" + i);
                LiveSegment s = c.begin(Instant.now(), UnitFormat.MPEG_TS);
                int bytes = 188 * 10_000; // whole packets: the segment seals cleanly at the end
                for (int off = 0; off < bytes; off += LiveStream.WRITE) {
                    s.write(ByteBuffer.wrap(ts, off, Math.min(LiveStream.WRITE, bytes - off)));
                }
                cams.add(c);
                segs.add(s);
            }
            long after = usedHeap();
            System.out.printf(Locale.ROOT, "heap: %d cameras each 1.9 MB into a live segment hold %.0f KiB each"
                    + " (target <= 1024 KiB)%n", n, (after - before) / 1024.0 / n);
            for (LiveSegment s : segs) {
                s.close();
            }
            for (CameraRecorder c : cams) {
                c.close();
            }
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** {@code openssl speed -elapsed -seconds 1 -bytes 65536 ARGS}: MB/s. */
    static double openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "speed", "-elapsed", "-seconds", "1", "-bytes",
                "65536"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        String last = out.strip().lines().reduce((x, y) -> y).orElse("");
        return Double.parseDouble(last.replaceAll(".*\\s([0-9.]+)k$", "$1")) * 1000 / 1e6;
    }
}
