package jp.mimamori.log.postgres.crash;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.log.postgres.PostgresEvidenceLog;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A recorder process for the kill tests: appends from two threads until it is killed, printing
 * {@code a INDEX LEAFHEX CLIENT THREAD SEQ} for every acknowledged record. Arguments: JDBC URL, origin, client id.
 */
public final class AppenderChild {
    private AppenderChild() {}

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(args[0]);
        String client = args[2];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, args[1])) {
            out.println("ready");
            out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
            Thread[] ts = new Thread[2];
            for (int t = 0; t < ts.length; t++) {
                int thread = t;
                ts[t] = new Thread(() -> {
                    for (long seq = 0; ; seq++) {
                        EvidenceRecord r = EvidenceRecord.of("access.viewed", Instant.ofEpochMilli(1_700_000_000_000L + seq),
                                Map.of("client", client, "thread", thread, "seq", seq, "camera", "cam-" + (seq % 4)));
                        EvidenceReceipt rc;
                        try {
                            rc = log.append(r);
                        } catch (Exception e) {
                            synchronized (out) {
                                out.println("e " + e.getMessage());
                                out.flush();
                            }
                            return;
                        }
                        synchronized (out) {
                            out.println("a " + rc.index() + " " + rc.leafHash() + " " + client + " " + thread + " " + seq);
                            out.flush();
                        }
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
        }
    }
}
