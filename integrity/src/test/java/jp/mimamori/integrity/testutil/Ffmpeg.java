package jp.mimamori.integrity.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs Debian's ffmpeg to record real H.264 MPEG-TS segments in tests; skips the test when ffmpeg is absent. */
public final class Ffmpeg {
    private Ffmpeg() {}

    /** Whether {@code ffmpeg} runs. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static boolean hasLibx264() {
        return hasEncoder("libx264");
    }

    /** Whether ffmpeg runs and has the named encoder ({@code libx264}, {@code libx265}, ...). */
    public static boolean hasEncoder(String name) {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-encoders").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(20, TimeUnit.SECONDS);
            return out.contains(" " + name + " ");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** {@code libx264} when ffmpeg has it, otherwise {@code mpeg2video}. */
    public static String h264OrMpeg2() {
        return hasLibx264() ? "libx264" : "mpeg2video";
    }

    /**
     * Runs {@code ffmpeg -hide_banner -loglevel error -y ARGS}; skips the calling test (JUnit assumption) when
     * ffmpeg is not installed.
     */
    public static void run(String... args) throws Exception {
        assumeTrue(available(), "ffmpeg is not installed: skipping the real-recording test");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + out);
        }
    }

    /** Per video packet in file order, whether ffprobe flags it a keyframe ({@code K}). */
    public static List<Boolean> keyframeFlags(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "packet=flags", "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out.lines().filter(l -> !l.isBlank()).map(l -> l.startsWith("K")).toList();
    }

    /**
     * Records {@code seconds} of a test pattern at 25 fps into MPEG-TS segments of {@code segmentSeconds}
     * with ffmpeg's segment muxer, as an NVR does; H.264 (libx264), or MPEG-2 video if libx264 is absent.
     * Skips the calling test (JUnit assumption) when ffmpeg is not installed.
     */
    public static List<Path> recordSegments(Path dir, int seconds, int segmentSeconds) throws Exception {
        assumeTrue(available(), "ffmpeg is not installed: skipping the real-recording test"
                + " (the committed fixture still tests the MPEG-TS path)");
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc=size=160x90:rate=25", "-t", Integer.toString(seconds)));
        if (hasLibx264()) {
            cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
        } else {
            cmd.addAll(List.of("-c:v", "mpeg2video"));
        }
        cmd.addAll(List.of("-g", "25", "-f", "segment", "-segment_time", Integer.toString(segmentSeconds),
                "-segment_format", "mpegts", dir.resolve("seg-%03d.ts").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + out);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".ts")).sorted().toList();
        }
    }

    /** The number of video packets (frames) in a file, by ffprobe. */
    public static int frameCount(Path ts) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "packet=pts", "-of", "csv=p=0", ts.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }
}
