package jp.mimamori.recorder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.manifest.ChainEvent;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.testutil.Ffmpeg;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 reliability, K3-2-4: a live recorder ({@link RecordKillChild}, what {@code mimamori record} does) is
 * killed with SIGKILL ({@code destroyForcibly}) at random moments — while opening the store and handling the last
 * crash, mid-write, mid-seal — at least 100 times on one store, a new JVM each time. Afterwards every segment a
 * child acknowledged is in the store with the manifest it acknowledged, the store verifies, and every crash that
 * left a segment unsealed is reported exactly once (one {@code restart}/{@code crash} event naming it).
 */
@Tag("slow")
class RecordKillTest {
    private static final int KILLS = Integer.getInteger("mimamori.kills", 100);

    @TempDir
    Path dir;

    private Process start(String java, String cp, Path store, Path key, String kek) throws IOException {
        return new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:CICompilerCount=1", "-Xmx96m", "-cp", cp, RecordKillChild.class.getName(), store.toString(),
                key.toString(), kek).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException closedByKill) {
            return null;
        }
    }

    /** Hands the stream to the child as a camera would: in small writes, a little at a time. */
    private static void feed(Process p, byte[] ts) {
        CompletableFuture.runAsync(() -> {
            try (OutputStream o = p.getOutputStream()) {
                for (int off = 0; off < ts.length; off += 8192) {
                    o.write(ts, off, Math.min(8192, ts.length - off));
                    o.flush();
                    Thread.sleep(1);
                }
            } catch (IOException | InterruptedException killed) {
                // the child is gone
            }
        });
    }

    @Test
    void killedAtRandom100Times_acknowledgedSegmentsVerifyAndEachCrashIsReportedOnce() throws Exception {
        Path tsFile = dir.resolve("camera.ts");
        // Six seconds of H.264, a keyframe every 0.2 s: about six one-second segments per child.
        Ffmpeg.run("-f", "lavfi", "-i", "testsrc=size=160x90:rate=25", "-t", "6", "-c:v", Ffmpeg.h264OrMpeg2(),
                "-g", "5", "-pix_fmt", "yuv420p", "-f", "mpegts", tsFile.toString());
        byte[] ts = Files.readAllBytes(tsFile);
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(keyFile, key.toPem());
        byte[] kekBytes = new byte[32];
        new SecureRandom().nextBytes(kekBytes);
        String kek = HexFormat.of().formatHex(kekBytes);
        Path store = dir.resolve("store");

        Random rnd = new Random(Props.seed());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Map<Long, String> acked = new HashMap<>();
        int kills = 0;
        int completed = 0;
        int killsAfterAck = 0;
        ArrayDeque<Process> warm = new ArrayDeque<>();
        for (int i = 0; i < 3; i++) {
            warm.add(start(java, cp, store, keyFile, kek));
        }
        long t0 = System.nanoTime();
        for (int run = 0; kills < KILLS && run < KILLS * 2; run++) {
            Process p = warm.poll();
            warm.add(start(java, cp, store, keyFile, kek));
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            if (!"ready".equals(readLine(in))) {
                throw new AssertionError("child did not start");
            }
            feed(p, ts);
            // Where to kill, by the child's own progress (not by wall time, which a loaded machine stretches):
            // while the store opens and the last crash is handled; soon after the open, mid-write of the first
            // segment; or soon after the j-th acknowledged segment, mid-write or mid-seal of the next one.
            int mode = rnd.nextInt(20);
            int afterAcks = mode < 3 ? -2 : mode < 9 ? -1 : rnd.nextInt(3);
            long delayMs = rnd.nextInt(afterAcks == -2 ? 60 : 30);
            if (afterAcks == -2) {
                CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS).execute(p::destroyForcibly);
            }
            int acks = 0;
            for (String line = readLine(in); line != null; line = readLine(in)) {
                if (line.equals("open") && afterAcks == -1) {
                    CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS).execute(p::destroyForcibly);
                } else if (line.startsWith("sealed ")) {
                    String[] f = line.split(" ");
                    String prev = acked.put(Long.parseLong(f[1]), f[2]);
                    assertTrue(prev == null, "segment " + f[1] + " acknowledged twice");
                    if (acks++ == afterAcks) {
                        CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS).execute(p::destroyForcibly);
                    }
                }
            }
            boolean sawAck = acks > 0;
            int exit = p.waitFor();
            if (exit == 0) {
                completed++;
            } else {
                kills++;
                killsAfterAck += sawAck ? 1 : 0;
            }
        }
        for (Process p : warm) {
            p.destroyForcibly().waitFor();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        // Reopen once more: the last crash is handled as the next recorder would.
        KeyEncryptionKey k = KeyEncryptionKey.create(SecretBytes.copyOf(kekBytes));
        try (Recorder r = Recorder.open(store, RecorderOptions.encrypted(key, k)); CameraRecorder cam = r.camera("cam")) {
            assertEquals("cam", cam.camera());
        }
        VerificationReport report = new StoreVerifier(Optional.of(k)).verify(store,
                VerifyContext.of(TrustStore.of(List.of(key.verifyingKey()))));
        assertTrue(report.isValid(), report.toJson());

        Path cam = store.resolve("cam");
        for (Map.Entry<Long, String> e : acked.entrySet()) {
            Path m = cam.resolve(StoreV2.segmentName(e.getKey())).resolve(StoreV2.MANIFEST);
            assertTrue(Files.isRegularFile(m), "acknowledged segment " + e.getKey() + " is in the store");
            assertEquals(e.getValue(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(m))), "acknowledged segment " + e.getKey() + " unchanged");
        }
        List<Long> crashes = new ArrayList<>();
        Set<Long> present = new HashSet<>();
        long newest = -1;
        try (var s = Files.list(cam)) {
            for (Path seg : s.filter(x -> StoreV2.SEGMENT_DIR.matcher(x.getFileName().toString()).matches())
                    .sorted().toList()) {
                SegmentManifest m = SegmentManifest.parse(Files.readAllBytes(seg.resolve(StoreV2.MANIFEST)));
                present.add(m.sequence());
                newest = Math.max(newest, m.sequence());
                for (ChainEvent ev : m.events()) {
                    if (ev instanceof ChainEvent.Restart r && r.reason() == ChainEvent.RestartReason.CRASH) {
                        crashes.add(r.unsealedSequence());
                    }
                }
            }
        }
        assertEquals(crashes.size(), new HashSet<>(crashes).size(), "a crash reported twice: " + crashes);
        for (long q = 0; q <= newest; q++) {
            if (!present.contains(q)) {
                assertTrue(crashes.contains(q), "segment " + q + " is missing and no crash names it");
            }
        }
        assertTrue(kills >= KILLS, kills + " kills");
        assertTrue(killsAfterAck > 0 && !crashes.isEmpty(),
                "kills after an acknowledgement: " + killsAfterAck + ", crashes recorded: " + crashes.size());
        System.out.printf("record kill test: %d kills (%d after an acknowledged segment), %d runs completed,"
                + " %d segments acknowledged, %d in the store, %d crashes recorded, %.0f s%n", kills, killsAfterAck,
                completed, acked.size(), present.size(), crashes.size(), seconds);
    }
}
