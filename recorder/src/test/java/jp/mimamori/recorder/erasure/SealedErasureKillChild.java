package jp.mimamori.recorder.erasure;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.manifest.ChainEvent;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.recorder.anchor.CheckpointSchedule;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.LiveSegment;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.UnitFormat;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.retention.erase.ErasableStore;
import jp.mimamori.retention.erase.Erasure;
import jp.mimamori.retention.erase.ErasureEngine;
import jp.mimamori.retention.service.RetentionService;
import jp.mimamori.testing.TestDecisions;

/**
 * The recorder {@link SealedErasureKillTest} kills: one process that records into an encrypted store v2, anchors
 * it in its {@link TransparentEvidenceLog} and runs retention's write-ahead {@link ErasureEngine} over the store's
 * sealed segments ({@link SealedSegmentStore}, sharing the recorder's key vaults), as an NVR embedding the library
 * does.
 *
 * <p>Prints {@code ready} and waits for one line on standard input, {@code go MODE PAUSE}: MODE {@code anchoring}
 * (the recorder's own checkpoint schedule, {@link RecorderOptions#withAnchoring}) or {@code explicit} (the
 * recorder records in the log, {@link RecorderOptions#withEvidenceLog}, and this process runs a
 * {@link CheckpointSchedule} and signs a checkpoint between steps); PAUSE a {@link Step} at which it stops (in
 * a batch or in a resume) and waits to be killed, or {@code none}. Then it opens everything as the next writer does (the camera
 * handles the last crash, {@link ErasureEngine#resume()} finishes interrupted erasures) and runs
 * {@value #CYCLES} cycles of: seal two small segments, erase the oldest segments but the newest {@value #KEEP}
 * (held ones are refused), checkpoint.
 *
 * <p>Progress lines: {@code seen SEQ HASH crash=SEQ…} (at the start, each segment in the store that reports a
 * crash: it may be erased before the test reads it), {@code resuming}, {@code open N} (N receipts the resume
 * logged), {@code writing SEQ}, {@code sealed SEQ HASH [crash=SEQ…]} (acknowledged: durable; the crashes its
 * manifest reports), {@code checkpointing}, {@code checkpoint SIZE}, {@code intent N} (N intents journalled,
 * about to be logged), {@code erasing} (intents logged, the store erases), {@code receipting} (outcomes journalled,
 * receipts about to be appended), {@code receipted}, {@code erased SEQ HASH}, {@code refused SEQ}, {@code at STEP}
 * (paused there), {@code done}.
 *
 * <p>Arguments: STORE LOGDIR STATEDIR KEY.pem RETENTION.pem KEK-hex LOGSEED-hex.
 */
public final class SealedErasureKillChild {
    /** The camera recorded. */
    static final String CAMERA = "cam-01";
    /** The origin of the log's checkpoints. */
    static final String LOG_ORIGIN = "test.mimamori.example/kill-log";
    /** Seal-checkpoint-erase-checkpoint cycles per process. */
    static final int CYCLES = 2;
    /** The newest sealed segments never erased (retention erases old footage). */
    static final int KEEP = 2;
    /** The checkpoint schedule's interval, in milliseconds. */
    static final int EVERY_MS = 250;
    /** Bytes per chunk unit: each segment is three writes of two units. */
    static final int CHUNK = 512;

    private SealedErasureKillChild() {}

    /**
     * The points between the steps of a batch (and of a resume) where the child can stop to be killed: the
     * engine's write-ahead order is journal the intents → log them → erase → journal the outcomes → log the
     * receipts → journal them.
     */
    enum Step {
        /** Intents journalled and forced, about to be appended to the log. */
        INTENT_JOURNALLED,
        /** Intents in the log, the store about to erase. */
        INTENT_LOGGED,
        /** The store erased (keys destroyed, files removed), outcomes not yet journalled. */
        ERASED,
        /** Outcomes journalled, receipts about to be appended. */
        ERASED_JOURNALLED,
        /** Receipts in the log, not yet journalled as logged. */
        RECEIPT_LOGGED
    }

    private static void at(Step step, String pause, PrintStream out) throws java.io.IOException {
        if (step.name().equals(pause)) {
            out.println("at " + step);
            try {
                Thread.sleep(Long.MAX_VALUE); // killed here
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException("interrupted");
            }
        }
    }

    /**
     * The engine's evidence log: the process's own log, watched. Says when a batch of intents or receipts is
     * about to be appended and when it was, and stops there when told.
     */
    private record Logged(EvidenceLog log, PrintStream out, String pause) implements EvidenceLog {
        @Override
        public EvidenceReceipt append(EvidenceRecord record) throws java.io.IOException {
            return appendAll(List.of(record)).get(0);
        }

        @Override
        public List<EvidenceReceipt> appendAll(List<EvidenceRecord> records) throws java.io.IOException {
            boolean intents = records.stream().allMatch(r -> r.type().equals(EvidenceTypes.ERASURE_INTENT));
            boolean receipts = records.stream().allMatch(r -> r.type().equals(EvidenceTypes.ERASURE_RECEIPT));
            if (intents) {
                out.println("intent " + records.size());
                at(Step.INTENT_JOURNALLED, pause, out);
            } else if (receipts) {
                out.println("receipting");
                at(Step.ERASED_JOURNALLED, pause, out);
            }
            List<EvidenceReceipt> done = log.appendAll(records);
            if (intents) {
                out.println("erasing");
                at(Step.INTENT_LOGGED, pause, out);
            } else if (receipts) {
                out.println("receipted");
                at(Step.RECEIPT_LOGGED, pause, out);
            }
            return done;
        }

        @Override
        public long size() {
            return log.size();
        }
    }

    /** The sealed store the engine erases, watched: stops after an erasure when told. */
    private record Observed(SealedSegmentStore store, PrintStream out, String pause) implements ErasableStore {
        @Override
        public List<SegmentRef> list() throws java.io.IOException {
            return store.list();
        }

        @Override
        public Optional<SegmentRef> find(String cameraId, long sequence) throws java.io.IOException {
            return store.find(cameraId, sequence);
        }

        @Override
        public ErasureMethod method() {
            return store.method();
        }

        @Override
        public List<Result> erase(List<SegmentRef> segments) throws java.io.IOException {
            List<Result> r = store.erase(segments);
            at(Step.ERASED, pause, out);
            return r;
        }

        @Override
        public List<String> fileKeys() throws java.io.IOException {
            return store.fileKeys();
        }

        @Override
        public List<String> entryKeys() throws java.io.IOException {
            return store.entryKeys();
        }

        @Override
        public List<String> erasedKeys() throws java.io.IOException {
            return store.erasedKeys();
        }
    }

    /** Segments a hold covers: offered to the engine, always refused, never erased (invariant 3). */
    static boolean held(SegmentRef s) {
        return s.sequence() % 9 == 4;
    }

    /** The log's key, the same in the test and in every child. */
    static NoteSigner logKey(String seedHex) {
        return NoteSigner.fromSeed(LOG_ORIGIN, NoteVerifier.ED25519, HexFormat.of().parseHex(seedHex));
    }

    /** Runs until killed, or until its cycles are done. */
    public static void main(String[] a) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        Path store = Path.of(a[0]);
        Path logDir = Path.of(a[1]);
        Path state = Path.of(a[2]);
        SigningKey key = SigningKey.fromPem(Files.readString(Path.of(a[3])));
        SigningKey retention = SigningKey.fromPem(Files.readString(Path.of(a[4])));
        KeyEncryptionKey kek = KeyEncryptionKey.create(SecretBytes.copyOf(HexFormat.of().parseHex(a[5])));
        NoteSigner logKey = logKey(a[6]);
        out.println("ready");
        // Warm: nothing is opened until the test says go (one writer at a time).
        String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        if (go == null) {
            return;
        }
        String[] g = go.split(" ");
        boolean explicit = g[1].equals("explicit");
        String pause = g[2];
        Clock clock = Clock.systemUTC();
        Files.createDirectories(state);
        // Scheduled checkpoints besides the ones between steps: some kills land inside a scheduled one.
        Duration every = Duration.ofMillis(EVERY_MS);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir);
             CheckpointSchedule schedule = explicit ? CheckpointSchedule.start(log, logKey, List.of(), every, clock)
                     : null;
             Recorder recorder = Recorder.open(store, explicit
                     ? RecorderOptions.encrypted(key, kek).withChunkSize(CHUNK).withEvidenceLog(log, clock)
                     : RecorderOptions.encrypted(key, kek).withChunkSize(CHUNK)
                             .withAnchoring(log, logKey, every, clock));
             CameraRecorder cam = recorder.camera(CAMERA);
             SealedSegmentStore sealed = SealedSegmentStore.open(store, Optional.of(kek));
             SecretBytes journalKey = RetentionService.journalKey(kek);
             ErasureEngine engine = ErasureEngine.open(state.resolve("erasure.journal"), journalKey,
                     new Observed(sealed, out, pause), new Logged(log, out, pause), SealedErasureKillChild::held,
                     (p, c, t) -> TestDecisions.permit(), clock, retention)) {
            // Crashes the camera's open recorded in a segment (a recovered one), which may be erased before the
            // test sees it.
            for (SegmentRef r : sealed.list()) {
                byte[] bytes = Files.readAllBytes(store.resolve(CAMERA).resolve(StoreV2.segmentName(r.sequence()))
                        .resolve(StoreV2.MANIFEST));
                String c = crashes(SegmentManifest.parse(bytes));
                if (!c.isEmpty()) {
                    out.println("seen " + r.sequence() + " " + r.manifestHash() + c);
                }
            }
            out.println("resuming");
            int resumed = engine.resume().size();
            out.println("open " + resumed);
            byte[] bytes = new byte[CHUNK * 2];
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                for (int k = 0; k < 2; k++) {
                    try (LiveSegment s = cam.begin(clock.instant(), UnitFormat.CHUNKS)) {
                        for (int w = 0; w < 3; w++) {
                            java.util.Arrays.fill(bytes, (byte) (cycle * 7 + k * 3 + w));
                            s.write(ByteBuffer.wrap(bytes));
                            if (w == 0) {
                                out.println("writing " + s.sequence().getAsLong());
                            }
                        }
                        SignedManifest m = s.seal();
                        out.println("sealed " + m.manifest().sequence() + " " + m.hashHex()
                                + crashes(m.manifest()));
                    }
                }
                List<SegmentRef> live = new ArrayList<>(sealed.list());
                live.sort(Comparator.comparingLong(SegmentRef::sequence));
                List<SegmentRef> due = live.subList(0, Math.max(0, live.size() - KEEP));
                if (!due.isEmpty()) {
                    ErasureEngine.Batch b = engine.erase(List.copyOf(due), ErasureReason.SCHEDULED,
                            "svc-retention");
                    for (Erasure e : b.receipts()) {
                        out.println((e.erased() ? "erased " : "failed ") + e.segment().sequence() + " "
                                + e.segment().manifestHash());
                    }
                    for (SegmentRef r : b.refused()) {
                        out.println("refused " + r.sequence());
                    }
                }
                checkpoint(schedule, log, out);
            }
        }
        out.println("done");
    }

    /** The crashes a manifest reports: {@code " crash=SEQ"} for each. */
    private static String crashes(SegmentManifest m) {
        StringBuilder b = new StringBuilder();
        for (ChainEvent ev : m.events()) {
            if (ev instanceof ChainEvent.Restart r && r.reason() == ChainEvent.RestartReason.CRASH
                    && r.unsealedSequence() >= 0) {
                b.append(" crash=").append(r.unsealedSequence());
            }
        }
        return b.toString();
    }

    private static void checkpoint(CheckpointSchedule schedule, TransparentEvidenceLog log, PrintStream out)
            throws java.io.IOException {
        if (schedule != null) {
            out.println("checkpointing");
            schedule.checkpointNow();
            out.println("checkpoint " + log.size());
        }
    }
}
