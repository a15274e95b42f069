package jp.mimamori.bench.seal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.LiveSegment;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.UnitFormat;
import jp.mimamori.retention.crypto.KeyEncryptionKey;

/**
 * The live-sealing workload of the benchmarks: a 25 Mbit/s H.264 MPEG-TS stream (1920×1080, 25 fps, a keyframe
 * every 2 s), made once by ffmpeg into {@code bench/target/live-25mbit.ts} (20 s, about 62 MB), and an encrypted
 * store on tmpfs where available, so the disk's fsync latency is not what is measured. Not thread-safe.
 */
final class LiveStream {
    /** The stream's bit rate, bytes per second. */
    static final double BYTES_PER_SECOND = 25e6 / 8;
    /** The NVR's write size. */
    static final int WRITE = 64 * 1024;

    private LiveStream() {}

    /** The stream's bytes (generated on first use). */
    static byte[] bytes() throws IOException, InterruptedException {
        Path ts = Path.of("bench", "target", "live-25mbit.ts");
        if (!Files.isRegularFile(ts)) {
            ts = Path.of("target", "live-25mbit.ts");
        }
        if (!Files.isRegularFile(ts)) {
            Files.createDirectories(ts.getParent());
            Process p = new ProcessBuilder(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f",
                    "lavfi", "-i", "testsrc2=size=1920x1080:rate=25", "-t", "20", "-c:v", "libx264", "-preset",
                    "ultrafast", "-b:v", "25M", "-minrate", "25M", "-maxrate", "25M", "-bufsize", "25M", "-x264-params",
                    "nal-hrd=cbr", "-g", "50", "-pix_fmt", "yuv420p", "-f", "mpegts", ts.toString()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("ffmpeg failed (needed once to make the 25 Mbit/s stream): " + out);
            }
        }
        return Files.readAllBytes(ts);
    }

    /** A fresh encrypted store (tmpfs where available) opened for writing. */
    static Recorder store(String name) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) ? Files.createTempDirectory(shm, name)
                : Files.createTempDirectory(name);
        // tmpfs is memory: a store left behind slows every later sitting (3.5 GB of them halved live sealing).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        return Recorder.open(dir.resolve("store"), RecorderOptions.encrypted(key,
                KeyEncryptionKey.create(SecretBytes.random(32))));
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort at exit
        }
    }

    /** Seals {@code ts} as one live segment written in 64 KiB writes, as an NVR hands it over. */
    static long sealOne(CameraRecorder cam, byte[] ts) throws Exception {
        try (LiveSegment s = cam.begin(Instant.now(), UnitFormat.MPEG_TS)) {
            for (int off = 0; off < ts.length; off += WRITE) {
                s.write(java.nio.ByteBuffer.wrap(ts, off, Math.min(WRITE, ts.length - off)));
            }
            return s.seal().manifest().unitCount();
        }
    }
}
