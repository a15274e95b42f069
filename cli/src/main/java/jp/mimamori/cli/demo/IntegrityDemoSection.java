package jp.mimamori.cli.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.cli.options.KekOption;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.retention.crypto.KeyEncryptionKey;

/**
 * Demo (K3-2-4): a recorder key in {@code keys/}, two cameras' segments (recorded by ffmpeg when installed,
 * synthesised otherwise) sealed into {@code store/} (store v2, encrypted at rest; the KEK in {@code store.kek}
 * beside it), verified, then a tampered copy and what the verifier says. Every sealed segment is recorded in the
 * evidence log ({@code segment.sealed}). Afterwards {@code mimamori verify DIR/store --trust
 * DIR/keys/recorder.public.pem DIR/keys/retention.public.pem DIR/keys/evidence-log.vkey --log DIR/log} exits 0 (a
 * later section erases one sealed segment; its signed receipt is in the log, anchored).
 */
public final class IntegrityDemoSection implements DemoSection {
    /** The recorder's private key file in {@code keys/}. */
    public static final String PRIVATE = "recorder.private.pem";
    /** The recorder's public key file in {@code keys/}. */
    public static final String PUBLIC = "recorder.public.pem";

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintStream out = ctx.print();
        boolean ja = "ja".equals(ctx.locale().getLanguage());
        Path keys = ctx.dir("keys");
        Files.createDirectories(keys);
        SigningKey key;
        if (Files.exists(keys.resolve(PRIVATE))) {
            key = SigningKey.fromPemFile(keys.resolve(PRIVATE));
        } else {
            key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
            key.writePemFile(keys.resolve(PRIVATE));
            Files.writeString(keys.resolve(PUBLIC), key.verifyingKey().toPem(), StandardCharsets.US_ASCII);
        }
        out.println((ja ? "レコーダー鍵 (Ed25519) " : "recorder key (Ed25519) ") + key.verifyingKey().keyId()
                + " -> keys/" + PUBLIC);

        Path work = Files.createTempDirectory("mimamori-demo-rec");
        try {
            boolean ffmpeg = ffmpegAvailable();
            out.println(ffmpeg ? (ja ? "ffmpeg で H.264 MPEG-TS を録画 (2 秒 × 2 セグメント × 2 台)"
                    : "recording H.264 MPEG-TS with ffmpeg (2 s x 2 segments x 2 cameras)")
                    : (ja ? "ffmpeg がないため合成データを使用" : "ffmpeg not installed: synthesising segment files"));
            Path storeDir = ctx.dir("store");
            KeyEncryptionKey kek = new KekOption().readOrCreate(storeDir);
            out.println(ja ? "ストア v2 (保存時暗号化、セグメントごとのデータ鍵) -> store/、KEK -> store.kek (ストアの外)"
                    : "store v2 (encrypted at rest, one data key per segment) -> store/, KEK -> store.kek (outside the"
                    + " store)");
            Instant t = ctx.clock().instant();
            try (Recorder recorder = Recorder.open(storeDir, RecorderOptions.encrypted(key, kek)
                    .withChunkSize(64 * 1024).withSegmentLog(SegmentLog.to(ctx.evidence(), ctx.clock())))) {
                for (String camera : List.of("cam-01", "cam-02")) {
                    List<Path> files = ffmpeg ? record(work.resolve(camera)) : synthesise(work.resolve(camera), camera);
                    ctx.evidence().append(EvidenceRecord.of(EvidenceTypes.KEY_REGISTERED, t, Map.of("camera", camera,
                            "key_id", key.verifyingKey().keyId())));
                    Instant at = t;
                    try (CameraRecorder cam = recorder.camera(camera)) {
                        for (Path f : files) {
                            SignedManifest m = cam.sealFile(f, at);
                            out.println("  " + camera + " segment " + m.manifest().sequence() + ": "
                                    + m.manifest().unitCount() + " " + m.manifest().unitKind() + " units, manifest "
                                    + m.hashHex().substring(0, 16) + "…");
                            at = m.manifest().end().plusMillis(40);
                        }
                    }
                }
            }
            TrustStore trust = TrustStore.of(List.of(key.verifyingKey()));
            StoreVerifier verifier = new StoreVerifier(Optional.of(kek));
            VerificationReport r = verifier.verify(storeDir, VerifyContext.of(trust));
            out.print(indent(r.render(ctx.locale())));

            // Tamper with a copy: flip one bit of the recorded bytes, drop a segment.
            Path copy = work.resolve("tampered");
            copyTree(storeDir, copy);
            Path media = copy.resolve("cam-01").resolve("000000000000").resolve("media.enc");
            byte[] b = Files.readAllBytes(media);
            b[b.length / 2] ^= 0x01;
            Files.write(media, b);
            deleteTree(copy.resolve("cam-02").resolve("000000000000"));
            out.println(ja ? "改ざんしたコピー: cam-01 のセグメント 0 の記録データの 1 ビットを反転、cam-02 のセグメント 0 を削除"
                    : "tampered copy: one bit of cam-01 segment 0's recorded bytes flipped, cam-02 segment 0 deleted");
            VerificationReport bad = verifier.verify(copy, VerifyContext.of(trust));
            out.print(indent(bad.render(ctx.locale())));
            // Later sections erase a sealed segment; its receipt is in the log, hence --log.
            String cmd = "mimamori verify " + ctx.dir("store") + " --trust " + keys.resolve(PUBLIC) + " --log "
                    + ctx.dir("log");
            out.println((ja ? "確認 (デモ終了後): " : "check it yourself (after the demo): ") + cmd);
        } finally {
            deleteTree(work);
        }
    }

    private static String indent(String s) {
        return "  " + s.replace("\n", "\n  ").stripTrailing() + "\n";
    }

    static boolean ffmpegAvailable() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static List<Path> record(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=320x180:rate=25", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt",
                "yuv420p", "-g", "25", "-f", "segment", "-segment_time", "2", "-segment_format", "mpegts",
                dir.resolve("seg-%03d.ts").toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            // libx264 missing: fall back to MPEG-2 video.
            p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=size=320x180:rate=25", "-t", "4", "-c:v", "mpeg2video", "-g", "25", "-f", "segment",
                    "-segment_time", "2", "-segment_format", "mpegts", dir.resolve("seg-%03d.ts").toString())
                    .redirectErrorStream(true).start();
            log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("ffmpeg failed: " + log);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".ts")).sorted().toList();
        }
    }

    static List<Path> synthesise(Path dir, String camera) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(camera.hashCode());
        List<Path> out = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            byte[] b = new byte[200_000 + r.nextInt(50_000)];
            r.nextBytes(b);
            Path f = dir.resolve("seg-" + k + ".mp4");
            Files.write(f, b);
            out.add(f);
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path d = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d);
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted((a, c) -> c.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(x);
            }
        }
    }
}
