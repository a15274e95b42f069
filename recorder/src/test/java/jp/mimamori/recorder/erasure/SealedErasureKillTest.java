package jp.mimamori.recorder.erasure;

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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.LogReader;
import jp.mimamori.integrity.log.LogVerifier;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.manifest.ChainEvent;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.erase.ErasureEngine;
import jp.mimamori.retention.service.RetentionService;
import jp.mimamori.core.finding.Location;
import jp.mimamori.testing.Props;
import jp.mimamori.testing.TestDecisions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 reliability, K3-2-3, DESIGN.md invariant 6 (write-ahead erasure) and K3-4 (the log and its
 * checkpoints) under real crashes: a process that records into an encrypted store v2, anchors it in its
 * {@link TransparentEvidenceLog} with a checkpoint schedule and crypto-erases sealed segments through retention's
 * {@link ErasureEngine} over {@link SealedSegmentStore} ({@link SealedErasureKillChild}) is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) at least 100 times, a new JVM each time, at points chosen by its own
 * progress: while opening and resuming, mid-write/mid-seal, right after intents are journalled, mid-erasure (key
 * vault rewrite, file deletions), mid-receipt append, mid-checkpoint — and, to cover every window of the
 * write-ahead order exactly, stopped between two steps of a batch or resume (intents journalled / logged, store
 * erased, outcomes journalled, receipts logged) and killed there.
 *
 * <p>After every kill, read-only (as an auditor would, before anyone reopens): the log verifies (no record
 * modified, no checkpoint torn or invalid: {@code log verify}); every acknowledged segment is either in the store
 * with the manifest it was acknowledged with, or its erasure intent is in the log (intent first: nothing is
 * erased that the log does not know is being erased); every receipt follows its intent. Every tenth kill and at
 * the end, the store is reopened as the next writer does (the camera handles the crash, the engine resumes), and
 * then: nothing is pending; every intent has a receipt, and receipts repeated for one erasure (the engine may
 * log one twice when a kill lands between the append and the journal line, same {@code erasure_id}) agree; every
 * acknowledged segment is present and unchanged or erased with its receipt, anchored; held segments are never
 * erased; the store verifies against the log ({@code verify --log}: VALID, each erased segment
 * {@code SEGMENT_ERASED}, none {@code SEGMENT_MISSING}); the log verifies with everything anchored; every
 * sequence number missing from the store is erased with a receipt or named by a crash, and no crash is reported
 * twice — a crash gap whose every report retention erased included (G31,
 * {@link #erasedSegmentThatReportedACrash_unsealedSegmentIsNotMissing()}).
 *
 * <p>Not tested here: power loss (a SIGKILL loses nothing the kernel already has, so the store lives on tmpfs where
 * there is one). The seed is {@link Props#seed()}; {@code -Dmimamori.kills=N} changes the number of kills.
 */
@Tag("slow")
class SealedErasureKillTest {
    private static final int KILLS = Integer.getInteger("mimamori.kills", 100);
    private static final int FULL_CHECK_EVERY = 10;
    /** A child still running after this long has hung (a run takes a few seconds, on a loaded machine). */
    private static final int HANG_SECONDS = 300;

    /** Where a child is killed. */
    private enum Point { OPENING, RESUMING, WRITING, INTENT, ERASING, RECEIPTING, CHECKPOINTING, PAUSED }

    @TempDir
    Path dir;

    private Path store;
    private Path logDir;
    private Path state;
    private SigningKey key;
    private SigningKey retention;
    private KeyEncryptionKey kek;
    private NoteSigner logKey;

    /** Acknowledged segments: sequence → manifest hash. */
    private final Map<Long, String> acked = new TreeMap<>();
    /** Segments the engine reported erased to the child. */
    private final Set<Long> erasedAcked = new TreeSet<>();
    /** Crashes seen in any manifest: unsealed sequence → the manifests (sequence/hash) that report it. */
    private final Map<Long, Set<String>> crashes = new TreeMap<>();
    private int leftTemporaryFiles;
    private final Set<String> verifiedCheckpoints = new HashSet<>();
    private long readOnlyNanos;
    private long fullNanos;
    /** Crash gaps read as SEGMENT_MISSING after retention erased their reports (G31: must stay empty). */
    private final Set<Long> crashGapsReadAsMissing = new TreeSet<>();
    private int duplicateReceipts;
    private int duplicateIntents;
    private int resumedByChildren;
    private int resumedByChecks;

    private Process start(String java, String cp, String[] args, Path err) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-XX:CICompilerCount=1", "-Xmx96m", "-cp", cp,
                SealedErasureKillChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(err.toFile())).start();
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException closedByKill) {
            return null;
        }
    }

    private static void kill(Process p, long delayMs) {
        if (delayMs == 0) {
            p.destroyForcibly();
        } else {
            CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS).execute(p::destroyForcibly);
        }
    }

    @Test
    @DisplayName("K3-2-3, invariant 6, K3-4: killed 100 times mid-seal, mid-erasure and mid-checkpoint, nothing is"
            + " lost track of: every acknowledged segment verifies or is erased with its receipt")
    void killedMidErasureAndMidCheckpoint100Times_everyAcknowledgedSegmentVerifiesOrIsErasedWithItsReceipt()
            throws Exception {
        // On tmpfs where there is one: a SIGKILL loses nothing the kernel has, so what is tested (the order in
        // which the process writes) does not depend on the disk, and the disk's fsync latency would only make the
        // run slow. (Power loss is another matter, which no process kill tests.)
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "mimamori-kill-") : dir;
        try {
            killAtRandom(base);
        } finally {
            if (!base.equals(dir)) {
                try (Stream<Path> s = Files.walk(base)) {
                    for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    private void killAtRandom(Path dir) throws Exception {
        store = dir.resolve("store");
        logDir = dir.resolve("log");
        state = dir.resolve("state");
        key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        retention = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        Path keyFile = dir.resolve("key.pem");
        Path retentionFile = dir.resolve("retention.pem");
        Files.writeString(keyFile, key.toPem());
        Files.writeString(retentionFile, retention.toPem());
        byte[] kekBytes = new byte[32];
        new SecureRandom().nextBytes(kekBytes);
        kek = KeyEncryptionKey.create(SecretBytes.copyOf(kekBytes));
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        String seedHex = HexFormat.of().formatHex(seed);
        logKey = SealedErasureKillChild.logKey(seedHex);
        String[] args = {store.toString(), logDir.toString(), state.toString(), keyFile.toString(),
                retentionFile.toString(), HexFormat.of().formatHex(kekBytes), seedHex};

        long seedUsed = Props.seed();
        Random rnd = new Random(seedUsed);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Map<String, Integer> killsAt = new TreeMap<>();
        int kills = 0;
        int completed = 0;
        int fullChecks = 0;
        int started = 0;
        ArrayDeque<Process> warm = new ArrayDeque<>();
        ArrayDeque<Path> warmErr = new ArrayDeque<>();
        for (int i = 0; i < 2; i++) {
            Path err = dir.resolve("child-" + started++ + ".err");
            warm.add(start(java, cp, args, err));
            warmErr.add(err);
        }
        long t0 = System.nanoTime();
        Process p = null;
        try {
            for (int run = 0; kills < KILLS && run < KILLS * 2; run++) {
                p = warm.poll();
                Path err = warmErr.poll();
                Path nextErr = dir.resolve("child-" + started++ + ".err");
                warm.add(start(java, cp, args, nextErr));
                warmErr.add(nextErr);
                BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertEquals("ready", readLine(in), "child started");

                // Where to kill, by the child's own progress (not wall time, which a loaded machine stretches).
                int r = rnd.nextInt(100);
                Point point = r < 6 ? Point.OPENING : r < 14 ? Point.RESUMING : r < 28 ? Point.WRITING
                        : r < 40 ? Point.INTENT : r < 56 ? Point.ERASING : r < 66 ? Point.RECEIPTING
                        : r < 80 ? Point.CHECKPOINTING : Point.PAUSED;
                SealedErasureKillChild.Step pause = point == Point.PAUSED
                        ? SealedErasureKillChild.Step.values()[rnd.nextInt(SealedErasureKillChild.Step.values().length)] : null;
                boolean explicit = point == Point.CHECKPOINTING || rnd.nextBoolean();
                int nth = pause != null || point == Point.RESUMING ? 0
                        : point == Point.WRITING ? rnd.nextInt(4) : rnd.nextInt(2);
                long delayMs = switch (point) {
                    case OPENING -> rnd.nextInt(400);
                    case PAUSED -> 0;
                    case WRITING, ERASING, CHECKPOINTING -> rnd.nextInt(6);
                    default -> rnd.nextInt(3);
                };
                String trigger = switch (point) {
                    case RESUMING -> "resuming";
                    case WRITING -> "writing";
                    case INTENT -> "intent";
                    case ERASING -> "erasing";
                    case RECEIPTING -> "receipting";
                    case CHECKPOINTING -> "checkpointing";
                    case PAUSED -> "at";
                    default -> null;
                };
                String where = point + (pause != null ? " " + pause : "") + (trigger != null && pause == null
                        ? " #" + nth : "") + " +" + delayMs + " ms " + (explicit ? "explicit" : "anchoring");
                try (OutputStream o = p.getOutputStream()) {
                    o.write(("go " + (explicit ? "explicit" : "anchoring") + " "
                            + (pause == null ? "none" : pause.name()) + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                // A child that hangs fails the test rather than the build's time limit.
                Process child = p;
                java.util.concurrent.atomic.AtomicBoolean hung = new java.util.concurrent.atomic.AtomicBoolean();
                CompletableFuture.delayedExecutor(HANG_SECONDS, TimeUnit.SECONDS).execute(() -> {
                    if (child.isAlive()) {
                        hung.set(true);
                        child.destroyForcibly();
                    }
                });
                boolean killIssued = false;
                if (point == Point.OPENING) {
                    kill(p, delayMs);
                    killIssued = true;
                }
                int seen = 0;
                List<String> lines = new ArrayList<>();
                for (String line = readLine(in); line != null; line = readLine(in)) {
                    lines.add(line);
                    String[] f = line.split(" ");
                    switch (f[0]) {
                        case "sealed" -> {
                            long seq = Long.parseLong(f[1]);
                            String prev = acked.put(seq, f[2]);
                            assertTrue(prev == null, "segment " + seq + " acknowledged twice (" + where + ")");
                            for (int i = 3; i < f.length; i++) {
                                crashes.computeIfAbsent(Long.parseLong(f[i].substring("crash=".length())),
                                        k -> new HashSet<>()).add(seq + "/" + f[2]);
                            }
                        }
                        case "seen" -> {
                            for (int i = 3; i < f.length; i++) {
                                crashes.computeIfAbsent(Long.parseLong(f[i].substring("crash=".length())),
                                        k -> new HashSet<>()).add(f[1] + "/" + f[2]);
                            }
                        }
                        case "erased" -> {
                            assertTrue(Long.parseLong(f[1]) % 9 != 4, "held segment erased: " + line + " (" + where
                                    + ")");
                            erasedAcked.add(Long.parseLong(f[1]));
                        }
                        case "failed" -> throw new AssertionError("a failed erasure receipt: " + line + " (" + where
                                + ")");
                        case "refused" -> assertTrue(Long.parseLong(f[1]) % 9 == 4, "refused but not held: " + line);
                        case "open" -> resumedByChildren += Integer.parseInt(f[1]);
                        default -> { }
                    }
                    if (!killIssued && f[0].equals(trigger) && seen++ == nth) {
                        kill(p, delayMs);
                        killIssued = true;
                    }
                }
                int exit = p.waitFor();
                assertTrue(!hung.get(), "child hung for " + HANG_SECONDS + " s (kill point " + where + ", seed "
                        + seedUsed + "): " + lines + "\n" + Files.readString(err));
                if (exit == 0) {
                    completed++;
                } else if (killIssued && exit == 137) {
                    kills++;
                    killsAt.merge(point + (pause != null ? " " + pause : ""), 1, Integer::sum);
                } else {
                    throw new AssertionError("child failed (exit " + exit + ", kill point " + where + ", seed "
                            + seedUsed + "): " + lines + "\n" + Files.readString(err));
                }
                String context = "after kill " + kills + " at " + where + ", seed " + seedUsed + "; child said "
                        + lines;
                long c0 = System.nanoTime();
                readOnlyCheck(context);
                long c1 = System.nanoTime();
                readOnlyNanos += c1 - c0;
                if (exit != 0 && kills % FULL_CHECK_EVERY == 0) {
                    fullCheck(context);
                    fullChecks++;
                    fullNanos += System.nanoTime() - c1;
                }
            }
        } finally {
            // A failed check leaves no child behind (a paused one would wait for ever).
            if (p != null) {
                p.destroyForcibly().waitFor();
            }
            for (Process w : warm) {
                w.destroyForcibly().waitFor();
            }
        }
        fullCheck("at the end, seed " + seedUsed);
        fullChecks++;
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(kills >= KILLS, kills + " kills");
        assertTrue(!erasedAcked.isEmpty(), "segments were erased");
        System.out.printf(Locale.ROOT, "sealed erasure kill test (seed %d): %d kills %s, %d runs completed,"
                        + " %d full checks, %d segments acknowledged, %d erased as acknowledged, %d receipts logged by"
                        + " resumes in children and %d in checks, %d repeated receipts, %d repeated intents, %d crashes"
                        + " reported, %d temporary files left by kills, crash gaps read as SEGMENT_MISSING after their"
                        + " reports were erased (G31, must be none): %s, %.0f s (checks after kills %.0f s, full checks"
                        + " %.0f s)%n", seedUsed, kills, killsAt,
                completed, fullChecks, acked.size(), erasedAcked.size(), resumedByChildren, resumedByChecks,
                duplicateReceipts, duplicateIntents, crashes.size(), leftTemporaryFiles, crashGapsReadAsMissing,
                seconds, readOnlyNanos / 1e9, fullNanos / 1e9);
    }

    /**
     * The situation the kill test runs into whenever a kill leaves a segment that cannot be recovered and retention
     * later erases the segment that reported that crash, reproduced without a kill: segment 2 is left open (as a
     * crash leaves it), the next open discards it and segment 3 reports the crash; retention erases 0, 1 and 3.
     * Segment 2 was never sealed: the store must not be reported as missing it.
     */
    @Test
    @DisplayName("K3-2-3, invariant 4: erasing the segment that reported a crash leaves the crashed one explained")
    void erasedSegmentThatReportedACrash_unsealedSegmentIsNotMissing() throws Exception {
        store = dir.resolve("store");
        logDir = dir.resolve("log");
        key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        retention = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        kek = KeyEncryptionKey.generate();
        logKey = SealedErasureKillChild.logKey(HexFormat.of().formatHex(new byte[32]));
        Clock clock = Clock.systemUTC();
        long us = clock.instant().getEpochSecond() * 1_000_000L;
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir);
             Recorder recorder = Recorder.open(store, RecorderOptions.encrypted(key, kek)
                     .withAnchoring(log, logKey, Duration.ofDays(1), clock));
             CameraRecorder cam = recorder.camera(SealedErasureKillChild.CAMERA)) {
            jp.mimamori.recorder.store.TestSegments.seal(cam, new byte[] {0}, us);
            jp.mimamori.recorder.store.TestSegments.seal(cam, new byte[] {1}, us + 60_000_000L);
            jp.mimamori.recorder.store.LiveSegment open = cam.begin(clock.instant(),
                    jp.mimamori.recorder.store.UnitFormat.CHUNKS);
            open.write(java.nio.ByteBuffer.wrap(new byte[] {2})); // segment 2, never sealed: the recorder "dies"
            assertEquals(2, open.sequence().getAsLong());
        }
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir);
             Recorder recorder = Recorder.open(store, RecorderOptions.encrypted(key, kek)
                     .withTailPolicy(jp.mimamori.recorder.store.TailPolicy.DISCARD)
                     .withAnchoring(log, logKey, Duration.ofDays(1), clock));
             CameraRecorder cam = recorder.camera(SealedErasureKillChild.CAMERA);
             SealedSegmentStore sealed = SealedSegmentStore.open(store, Optional.of(kek));
             ErasureEngine engine = ErasureEngine.open(dir.resolve("erasure.journal"), SecretBytes.random(32), sealed,
                     log, s -> false, (p, c, t) -> TestDecisions.permit(), clock, retention)) {
            for (int k = 3; k < 6; k++) {
                jp.mimamori.recorder.store.TestSegments.seal(cam, new byte[] {(byte) k}, us + k * 60_000_000L);
            }
            assertTrue(presentManifests().containsKey(3L) && crashes.containsKey(2L), "segment 3 reports the crash");
            engine.erase(List.of(sealed.find(SealedErasureKillChild.CAMERA, 0).orElseThrow(),
                    sealed.find(SealedErasureKillChild.CAMERA, 1).orElseThrow(),
                    sealed.find(SealedErasureKillChild.CAMERA, 3).orElseThrow()),
                    jp.mimamori.core.evidence.ErasureReason.SCHEDULED, "svc-retention");
        }
        VerificationReport sr = new StoreVerifier(Optional.of(kek)).verify(store, VerifyContext.of(
                TrustStore.of(List.of(key.verifyingKey(), retention.verifyingKey())))
                .withLog(AnchoredLog.read(logDir, List.of(logKey.verifier()))));
        assertEquals(List.of(0L, 1L, 3L), sr.findings(VerificationCode.SEGMENT_ERASED).stream()
                .map(f -> f.where().segment().getAsLong()).toList(), sr.render(Locale.ENGLISH));
        assertTrue(sr.isValid() && !sr.has(VerificationCode.SEGMENT_MISSING), sr.render(Locale.ENGLISH));
        assertTrue(sr.findings(VerificationCode.CHAIN_RESTARTED).stream().anyMatch(f -> f.where().segment().orElse(-1)
                == 2 && f.render(Locale.ENGLISH).contains("never sealed")), sr.render(Locale.ENGLISH));
    }

    /** The log's intents and receipts, read-only. */
    private record Erasures(Map<String, Long> intentAt, Map<String, String> intentOf,
                            Map<String, List<String>> receiptsOf, Map<String, Long> receiptAt, int repeatedIntents) {}

    private Erasures erasures() throws IOException {
        Map<String, Long> intentAt = new HashMap<>();
        Map<String, String> intentOf = new HashMap<>();
        Map<String, List<String>> receiptsOf = new LinkedHashMap<>();
        Map<String, Long> receiptAt = new HashMap<>();
        int[] repeated = {0};
        try (LogReader log = LogReader.open(logDir)) {
            for (long i = 0; i < log.size(); i++) {
                EvidenceRecord e = log.record(i);
                if (!e.type().equals(EvidenceTypes.ERASURE_INTENT) && !e.type().equals(EvidenceTypes.ERASURE_RECEIPT)) {
                    continue;
                }
                String id = e.string("erasure_id").orElseThrow();
                String what = e.string("camera").orElseThrow() + "/" + e.body().get("sequence") + "/"
                        + e.string("manifest_hash").orElseThrow();
                if (e.type().equals(EvidenceTypes.ERASURE_INTENT)) {
                    String prev = intentOf.put(id, what);
                    if (prev != null) {
                        assertEquals(prev, what, "one erasure_id, two intents that differ");
                        repeated[0]++;
                    }
                    intentAt.putIfAbsent(id, i);
                } else {
                    receiptsOf.computeIfAbsent(id, k -> new ArrayList<>())
                            .add(what + "/" + e.string("outcome").orElseThrow());
                    receiptAt.putIfAbsent(id, i);
                }
            }
        }
        return new Erasures(intentAt, intentOf, receiptsOf, receiptAt, repeated[0]);
    }

    private Path manifestOf(long seq) {
        return store.resolve(SealedErasureKillChild.CAMERA).resolve(StoreV2.segmentName(seq)).resolve(StoreV2.MANIFEST);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** The manifests in the store now, by sequence number; their crashes are remembered. */
    private TreeMap<Long, String> presentManifests() throws Exception {
        TreeMap<Long, String> present = new TreeMap<>();
        Path cam = store.resolve(SealedErasureKillChild.CAMERA);
        if (!Files.isDirectory(cam)) {
            return present;
        }
        try (Stream<Path> s = Files.list(cam)) {
            for (Path seg : s.filter(x -> StoreV2.SEGMENT_DIR.matcher(x.getFileName().toString()).matches())
                    .sorted().toList()) {
                Path m = seg.resolve(StoreV2.MANIFEST);
                if (!Files.isRegularFile(m)) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(m);
                SegmentManifest manifest = SegmentManifest.parse(bytes);
                String hash = sha256(bytes);
                present.put(manifest.sequence(), hash);
                for (ChainEvent ev : manifest.events()) {
                    if (ev instanceof ChainEvent.Restart r && r.reason() == ChainEvent.RestartReason.CRASH
                            && r.unsealedSequence() >= 0) {
                        crashes.computeIfAbsent(r.unsealedSequence(), k -> new HashSet<>())
                                .add(manifest.sequence() + "/" + hash);
                    }
                }
            }
        }
        return present;
    }

    /** Checkpoint files that do not verify (torn or unsigned); counts temporary files a kill left. */
    private List<String> badCheckpoints() throws IOException {
        List<Path> files = new ArrayList<>(LogCheckpoints.list(logDir));
        Path latest = logDir.resolve(LogCheckpoints.LATEST);
        if (Files.exists(latest)) {
            files.add(latest);
        }
        List<String> bad = new ArrayList<>();
        for (Path f : files) {
            if (!f.equals(latest) && !verifiedCheckpoints.add(f.getFileName().toString())) {
                continue; // a checkpoint file is never rewritten: checked once
            }
            CheckpointVerifier.Result r = CheckpointVerifier.verify(Files.readAllBytes(f),
                    List.of(logKey.verifier()), Location.entry(f.getFileName().toString()));
            if (!r.valid()) {
                bad.add(f.getFileName() + ": " + r.findings());
            }
        }
        Path cps = logDir.resolve(LogCheckpoints.DIR);
        if (Files.isDirectory(cps)) {
            try (Stream<Path> s = Files.list(cps)) {
                leftTemporaryFiles = (int) s.filter(x -> x.getFileName().toString().endsWith(".tmp")).count();
            }
        }
        return bad;
    }

    /**
     * After a kill, before anyone reopens: the log verifies (no checkpoint torn, nothing modified); acknowledged
     * segments are present unchanged or their intents are logged; every receipt follows its intent.
     */
    private void readOnlyCheck(String context) throws Exception {
        if (!Files.exists(logDir.resolve(TransparentEvidenceLog.RECORDS))) {
            return; // killed before the log was created
        }
        List<String> bad = badCheckpoints();
        assertTrue(bad.isEmpty(), "checkpoint files that do not verify " + context + ": " + bad);
        boolean anyCheckpoint = !LogCheckpoints.list(logDir).isEmpty();
        VerificationReport lr = LogVerifier.verify(logDir, List.of(logKey.verifier()), List.of());
        for (Finding f : lr.findings()) {
            assertTrue(f.code() == VerificationCode.NOT_ANCHORED
                            || f.code() == VerificationCode.CHECKPOINT_MISSING && !anyCheckpoint,
                    "log verify " + context + ": " + lr.render(Locale.ENGLISH));
        }
        Erasures e = erasures();
        e.receiptAt().forEach((id, at) -> assertTrue(e.intentAt().containsKey(id) && e.intentAt().get(id) < at,
                "receipt " + id + " without an intent before it " + context));
        Map<Long, String> present = presentManifests();
        Set<String> intended = new HashSet<>(e.intentOf().values());
        for (Map.Entry<Long, String> a : acked.entrySet()) {
            String p = present.get(a.getKey());
            if (p != null) {
                assertEquals(a.getValue(), p, "acknowledged segment " + a.getKey() + " changed " + context);
            } else {
                assertTrue(intended.contains(SealedErasureKillChild.CAMERA + "/" + a.getKey() + "/" + a.getValue()),
                        "acknowledged segment " + a.getKey() + " is gone and the log holds no intent to erase it "
                                + context);
            }
        }
    }

    /**
     * Whether {@code q} is a segment a crash left unsealed (never acknowledged, not in the store) whose every
     * report of that crash was in a manifest retention has since erased with a receipt.
     */
    private boolean crashReportErased(long q, Map<Long, String> present, Map<Long, String> erasedByReceipt) {
        Set<String> by = crashes.get(q);
        if (by == null || present.containsKey(q) || acked.containsKey(q)) {
            return false;
        }
        for (String m : by) {
            String[] f = m.split("/");
            if (!f[1].equals(erasedByReceipt.get(Long.parseLong(f[0])))) {
                return false;
            }
        }
        return true;
    }

    /** Reopens as the next writer does (the camera handles the crash, the engine resumes), then checks everything. */
    private void fullCheck(String context) throws Exception {
        Clock clock = Clock.systemUTC();
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir);
             Recorder recorder = Recorder.open(store, RecorderOptions.encrypted(key, kek)
                     .withChunkSize(SealedErasureKillChild.CHUNK)
                     .withAnchoring(log, logKey, Duration.ofDays(1), clock));
             CameraRecorder cam = recorder.camera(SealedErasureKillChild.CAMERA);
             SealedSegmentStore sealed = SealedSegmentStore.open(store, Optional.of(kek));
             SecretBytes journalKey = RetentionService.journalKey(kek);
             ErasureEngine engine = ErasureEngine.open(state.resolve("erasure.journal"), journalKey, sealed, log,
                     SealedErasureKillChild::held, (p, c, t) -> TestDecisions.permit(), clock, retention)) {
            resumedByChecks += engine.resume().size();
            assertEquals(0, engine.pending(), "pending after resume " + context);
        } // the recorder signs a checkpoint over everything as it closes
        try (SecretBytes journalKey = RetentionService.journalKey(kek);
             SealedSegmentStore sealed = SealedSegmentStore.open(store, Optional.of(kek));
             TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir);
             ErasureEngine engine = ErasureEngine.openReadOnly(state.resolve("erasure.journal"), journalKey, sealed,
                     log, SealedErasureKillChild::held, (p, c, t) -> TestDecisions.permit(), clock)) {
            assertEquals(List.of(), engine.pendingSegments(), "a second reopen would resume nothing " + context);
        }

        List<String> bad = badCheckpoints();
        assertTrue(bad.isEmpty(), "checkpoint files that do not verify " + context + ": " + bad);
        VerificationReport lr = LogVerifier.verify(logDir, List.of(logKey.verifier()), List.of());
        assertTrue(lr.isValid() && !lr.has(VerificationCode.NOT_ANCHORED),
                "log verify " + context + ": " + lr.render(Locale.ENGLISH));

        // Every intent has its receipt; repeated receipts of one erasure agree; receipts follow their intents.
        Erasures e = erasures();
        duplicateIntents = e.repeatedIntents();
        int repeated = 0;
        Map<Long, String> erasedByReceipt = new TreeMap<>();
        for (Map.Entry<String, String> i : e.intentOf().entrySet()) {
            List<String> rs = e.receiptsOf().getOrDefault(i.getKey(), List.of());
            assertTrue(!rs.isEmpty(), "intent " + i.getKey() + " (" + i.getValue() + ") has no receipt " + context);
            assertEquals(1, new HashSet<>(rs).size(), "receipts of " + i.getKey() + " disagree " + context + ": " + rs);
            assertEquals(i.getValue() + "/erased", rs.get(0), "receipt of " + i.getKey() + " " + context);
            assertTrue(e.receiptAt().get(i.getKey()) > e.intentAt().get(i.getKey()), "receipt before intent");
            repeated += rs.size() - 1;
            String[] w = i.getValue().split("/");
            erasedByReceipt.put(Long.parseLong(w[1]), w[2]);
        }
        duplicateReceipts = repeated;
        assertEquals(e.intentOf().keySet(), e.receiptsOf().keySet(), "receipts without intents " + context);

        TreeMap<Long, String> present = presentManifests();
        for (long seq : erasedByReceipt.keySet()) {
            assertTrue(!present.containsKey(seq), "segment " + seq + " has an erased receipt and is still here "
                    + context);
            assertTrue(seq % 9 != 4, "held segment " + seq + " erased " + context);
        }
        for (Map.Entry<Long, String> a : acked.entrySet()) {
            if (present.containsKey(a.getKey())) {
                assertEquals(a.getValue(), present.get(a.getKey()), "acknowledged segment " + a.getKey() + " changed");
            } else {
                assertEquals(a.getValue(), erasedByReceipt.get(a.getKey()), "acknowledged segment " + a.getKey()
                        + " is gone without an erasure receipt naming its manifest " + context);
            }
        }
        for (long seq : erasedAcked) {
            assertTrue(erasedByReceipt.containsKey(seq), "acknowledged erasure of " + seq + " has no receipt");
        }

        // The store against the log: VALID, each erased segment SEGMENT_ERASED, none missing.
        VerificationReport sr = new StoreVerifier(Optional.of(kek)).verify(store, VerifyContext.of(
                TrustStore.of(List.of(key.verifyingKey(), retention.verifyingKey())))
                .withLog(AnchoredLog.read(logDir, List.of(logKey.verifier()))));
        // Nothing is excused. A segment a crash left unsealed whose every report retention erased was once read as
        // SEGMENT_MISSING (G31, erasedSegmentThatReportedACrash_unsealedSegmentIsNotMissing): counted apart as well.
        List<Finding> errors = new ArrayList<>();
        for (Finding f : sr.findings()) {
            if (f.severity() != Severity.ERROR) {
                continue;
            }
            if (f.code() == VerificationCode.SEGMENT_MISSING && f.where().segment().isPresent()
                    && crashReportErased(f.where().segment().getAsLong(), present, erasedByReceipt)) {
                crashGapsReadAsMissing.add(f.where().segment().getAsLong());
            }
            errors.add(f);
        }
        assertTrue(errors.isEmpty(), "store verify --log " + context + ": " + sr.render(Locale.ENGLISH));
        Set<Long> reportedErased = new TreeSet<>();
        for (Finding f : sr.findings(VerificationCode.SEGMENT_ERASED)) {
            reportedErased.add(f.where().segment().getAsLong());
        }
        assertEquals(erasedByReceipt.keySet(), reportedErased, "SEGMENT_ERASED " + context);

        // Every sequence number missing is erased with its receipt or named by a crash; no crash reported twice.
        long newest = present.isEmpty() ? -1 : present.lastKey();
        for (long q = 0; q <= newest; q++) {
            if (!present.containsKey(q)) {
                assertTrue(erasedByReceipt.containsKey(q) || crashes.containsKey(q),
                        "segment " + q + " is missing, not erased and no crash names it " + context);
            }
        }
        crashes.forEach((q, by) -> assertEquals(1, by.size(), "crash of segment " + q + " reported by " + by
                + " " + context));
    }
}
