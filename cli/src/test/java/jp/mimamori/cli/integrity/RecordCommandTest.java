package jp.mimamori.cli.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.mimamori.cli.Main;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.testutil.Ffmpeg;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md CLI contract, issue 11: {@code ffmpeg … -f mpegts - | mimamori record …} seals a live stream as it
 * arrives; at the end of the input or on SIGTERM it seals the open segment and exits 0; after SIGKILL the next run
 * continues the chain and reports the crash. Run as a user runs it: a separate JVM reading standard input.
 */
class RecordCommandTest {
    @TempDir
    static Path dir;
    static byte[] stream;
    static SigningKey key;
    static byte[] kek = new byte[32];

    /** Seven seconds of H.264 with audio, a keyframe every second, as ffmpeg streams it to a pipe. */
    @BeforeAll
    static void setUp() throws Exception {
        Path ts = dir.resolve("live.ts");
        Ffmpeg.run("-f", "lavfi", "-i", "testsrc=size=160x90:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "7", "-c:v", Ffmpeg.h264OrMpeg2(), "-g", "25",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "mpegts", ts.toString());
        stream = Files.readAllBytes(ts);
        key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        key.writePemFile(dir.resolve("key.pem")); // owner-only, as record requires of a private key
        new SecureRandom().nextBytes(kek);
        jp.mimamori.core.internal.io.DurableFiles.replace(dir.resolve("kek.bin"), kek,
                jp.mimamori.core.internal.io.DurableFiles.Access.OWNER_ONLY);
    }

    private static Process record(Path store, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "record", "--camera", "cam-01", "--key", dir.resolve("key.pem").toString(),
                "--out", store.toString(), "--log", store.resolveSibling(store.getFileName() + "-log").toString(),
                "--kek", dir.resolve("kek.bin").toString(), "--segment-seconds", "2"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
    }

    /** Writes the stream to the child's standard input, {@code perWriteMs} apart per 16 KiB; closes it at the end. */
    private static void feed(Process p, long perWriteMs) {
        CompletableFuture.runAsync(() -> {
            try (OutputStream o = p.getOutputStream()) {
                for (int off = 0; off < stream.length; off += 16384) {
                    o.write(stream, off, Math.min(16384, stream.length - off));
                    o.flush();
                    Thread.sleep(perWriteMs);
                }
            } catch (IOException | InterruptedException stopped) {
                // the child is gone
            }
        });
    }

    /** SIGTERM, as a service manager stops the recorder ({@code Process.destroy} would close our pipes too). */
    private static void sigterm(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor());
    }

    private static List<String> lines(java.io.InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
    }

    private static VerificationReport verify(Path store) {
        return new StoreVerifier(Optional.of(KeyEncryptionKey.create(SecretBytes.copyOf(kek)))).verify(store,
                VerifyContext.of(TrustStore.of(List.of(key.verifyingKey()))));
    }

    @Test
    @DisplayName("issue 11: a stream to its end: segments cut at keyframes every 2 s, sealed, exit 0, store VALID")
    void endOfInput_sealsEverySegmentAndExitsZero() throws Exception {
        Path store = dir.resolve("eof");
        Process p = record(store);
        feed(p, 0);
        CompletableFuture<List<String>> err = CompletableFuture.supplyAsync(() -> lines(p.getErrorStream()));
        List<String> out = lines(p.getInputStream());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join("\n", err.get()));
        assertEquals(4, out.size(), String.join("\n", out));
        for (int i = 0; i < 4; i++) {
            assertTrue(out.get(i).startsWith("sealed cam-01 segment " + i + ": "), out.get(i));
        }
        assertTrue(verify(store).isValid(), verify(store).toJson());
        assertEquals(List.of(0L, 1L, 2L, 3L), loggedSegments(store), "K3-2-4: --log records every sealed segment");
    }

    /** The sequence numbers of the {@code segment.sealed} records in the store's log, in log order. */
    private static List<Long> loggedSegments(Path store) throws Exception {
        List<Long> seqs = new ArrayList<>();
        try (jp.mimamori.integrity.log.TransparentEvidenceLog log = jp.mimamori.integrity.log.TransparentEvidenceLog
                .open(store.resolveSibling(store.getFileName() + "-log"))) {
            for (long i = 0; i < log.size(); i++) {
                jp.mimamori.core.evidence.EvidenceRecord r = log.record(i);
                if (jp.mimamori.core.evidence.EvidenceTypes.SEGMENT_SEALED.equals(r.type())) {
                    seqs.add(jp.mimamori.core.evidence.SegmentSealed.fromRecord(r).sequence());
                }
            }
        }
        return seqs;
    }

    @Test
    @DisplayName("issue 11: SIGTERM mid-stream seals the open segment and exits 0")
    void sigterm_sealsTheOpenSegmentAndExitsZero() throws Exception {
        Path store = dir.resolve("term");
        Process p = record(store);
        feed(p, 40); // about 2 s for the whole stream
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> err = CompletableFuture.supplyAsync(() -> lines(p.getErrorStream()));
        String first = in.readLine();
        assertTrue(first != null && first.startsWith("sealed cam-01 segment 0: "), first);
        sigterm(p);
        List<String> rest = in.lines().toList();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join("\n", err.get()));
        assertTrue(!rest.isEmpty() && rest.get(rest.size() - 1).startsWith("sealed cam-01 segment "),
                "the open segment is sealed on SIGTERM: " + rest);
        assertTrue(verify(store).isValid(), verify(store).toJson());
    }

    @Test
    @DisplayName("issue 11: after SIGKILL, the next run continues the chain and reports the crash once")
    void sigkill_nextRunContinuesAndReportsTheCrash() throws Exception {
        Path store = dir.resolve("kill");
        Process p = record(store);
        feed(p, 40);
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = in.readLine();
        assertTrue(first != null && first.startsWith("sealed cam-01 segment 0: "), first);
        // Kill once the chain state says a segment is open (durably begun): a crash, not a clean stop.
        Path state = store.resolve("cam-01").resolve("chain.json");
        java.util.regex.Matcher open = null;
        for (int i = 0; i < 6000 && p.isAlive(); i++) {
            String st = Files.isRegularFile(state) ? Files.readString(state) : "";
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"open_sequence\":([0-9]+)").matcher(st);
            if (m.find()) {
                open = m;
                break;
            }
            Thread.sleep(5);
        }
        p.destroyForcibly(); // SIGKILL
        p.waitFor(60, TimeUnit.SECONDS);
        assertTrue(open != null, "a segment was open before the stream ended");
        long crashed = Long.parseLong(open.group(1));

        Process again = record(store);
        feed(again, 0);
        CompletableFuture<List<String>> err = CompletableFuture.supplyAsync(() -> lines(again.getErrorStream()));
        List<String> out = lines(again.getInputStream());
        assertTrue(again.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), String.join("\n", err.get()));
        // The open segment: the rerun reports it (the recorder recovers its bytes, or the first manifest after
        // it records the crash), and the chain records that crash exactly once.
        List<String> reports = err.get().stream().filter(l -> l.contains("segment " + crashed
                + " was open when the recorder stopped")).toList();
        assertTrue(!reports.isEmpty(), String.join("\n", err.get()));
        long crashEvents = 0;
        for (long seq = 0; seq < 12; seq++) {
            Path m = store.resolve("cam-01").resolve(String.format("%012d", seq)).resolve("manifest.json");
            if (Files.isRegularFile(m)) {
                crashEvents += jp.mimamori.integrity.manifest.SegmentManifest.parse(Files.readAllBytes(m)).events()
                        .stream().filter(e -> e instanceof jp.mimamori.integrity.manifest.ChainEvent.Restart r
                                && r.reason() == jp.mimamori.integrity.manifest.ChainEvent.RestartReason.CRASH
                                && r.unsealedSequence() == crashed).count();
            }
        }
        assertEquals(1, crashEvents, "the crash of segment " + crashed + " is recorded once");
        assertTrue(out.size() >= 4, String.join("\n", out));
        assertTrue(verify(store).isValid(), verify(store).toJson());
        List<Long> logged = loggedSegments(store);
        assertEquals(logged.size(), new java.util.HashSet<>(logged).size(), "each segment logged once: " + logged);
        for (long seq = 0; seq < 12; seq++) {
            Path m = store.resolve("cam-01").resolve(String.format("%012d", seq)).resolve("manifest.json");
            assertEquals(Files.isRegularFile(m), logged.contains(seq), "segment " + seq + " stored = logged: " + logged);
        }
    }

    @Test
    void segmentSecondsOutOfRange_isUsageErrorInOneLine() throws Exception {
        Path store = dir.resolve("usage");
        java.io.ByteArrayOutputStream errBytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        int exit;
        try (java.io.PrintStream capture = new java.io.PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            exit = Main.run("record", "--camera", "cam-01", "--key", dir.resolve("key.pem").toString(), "--out",
                    store.toString(), "--log", dir.resolve("usage-log").toString(), "--segment-seconds", "0");
        } finally {
            System.setErr(old);
        }
        assertEquals(2, exit);
        String err = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("--segment-seconds: must be 1 to 86400"), err);
    }
}
