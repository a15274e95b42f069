package jp.mimamori.integrity.log;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.integrity.log.internal.RecordCodec;

/**
 * The child JVM of {@link CrashKillTest}: opens the log (recovering whatever the last kill left), prints
 * {@code open SIZE CUT}, then appends forever from four threads and prints {@code a INDEX LEAFHASH} for each
 * record only after the log acknowledged it as durable. The parent kills it at a random moment.
 */
public final class KillTestChild {
    private KillTestChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "US-ASCII");
        // Start-up happens while the previous child still runs: load the classes, then wait for "go".
        RecordCodec.leafHash(RecordCodec.encode(EvidenceRecord.of("x", Instant.EPOCH, Map.of("k", 1))));
        Class.forName(TransparentEvidenceLog.class.getName());
        out.println("ready");
        out.flush();
        if (new java.io.BufferedReader(new java.io.InputStreamReader(System.in, "US-ASCII")).readLine() == null) {
            return;
        }
        TransparentEvidenceLog log = TransparentEvidenceLog.open(dir, new TransparentEvidenceLog.Options(512, 300));
        out.println("open " + log.size() + " " + log.recovery().cutBytes());
        out.flush();
        if (args.length > 2 && args[2].equals("once")) {
            // Used to record a class-data-sharing archive: one append, then a normal exit.
            log.append(EvidenceRecord.of("decision.access", Instant.EPOCH, Map.of("camera", "cam-0")));
            log.close();
            System.exit(0);
        }
        for (int t = 0; t < 4; t++) {
            Random rnd = new Random(seed * 31 + t);
            Thread th = new Thread(() -> {
                Semaphore window = new Semaphore(16);
                while (true) {
                    window.acquireUninterruptibly();
                    String pad = "x".repeat(100 + rnd.nextInt(300));
                    EvidenceRecord r = EvidenceRecord.of("decision.access", Instant.ofEpochMilli(rnd.nextInt(1 << 30)),
                            Map.of("camera", "cam-" + rnd.nextInt(9), "pad", pad));
                    log.appendAsync(r).whenComplete((rec, err) -> {
                        window.release();
                        if (rec != null) {
                            synchronized (out) {
                                out.println("a " + rec.index() + " " + rec.leafHash());
                                out.flush();
                            }
                        }
                    });
                }
            });
            th.setDaemon(false);
            th.start();
        }
    }
}
