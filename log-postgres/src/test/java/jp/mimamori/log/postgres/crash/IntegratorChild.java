package jp.mimamori.log.postgres.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.log.postgres.LogIntegrator;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An integrator process for the kill tests: competes for leadership and integrates until killed, printing
 * {@code lead} when elected. Arguments: JDBC URL, tile folder, origin, Ed25519 seed (hex).
 */
public final class IntegratorChild {
    private IntegratorChild() {}

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(args[0]);
        NoteSigner signer = NoteSigner.fromSeed(args[2], NoteVerifier.ED25519, HexFormat.of().parseHex(args[3]));
        try (LogIntegrator in = LogIntegrator.open(ds, Path.of(args[1]), signer,
                new LogIntegrator.Options(2000, Duration.ofMillis(20)))) {
            System.out.println("ready");
            System.out.flush();
            boolean[] said = new boolean[1];
            in.run(() -> {
                if (in.isLeader() && !said[0]) {
                    said[0] = true;
                    System.out.println("lead");
                    System.out.flush();
                }
                return true;
            });
        }
    }
}
