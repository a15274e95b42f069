package jp.mimamori.cli.log;

import static jp.mimamori.cli.log.LogCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.log.postgres.PostgresEvidenceLog;
import jp.mimamori.log.postgres.testing.PgCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mimamori log … --db JDBC_URL} and {@code mimamori log integrate} on a throwaway PostgreSQL (K3-4: the
 * disclosure register and the log's proofs; exit codes 0/1/2 per the CLI contract).
 */
class DbLogCommandTest {
    static final String ORIGIN = "cli.mimamori.example/city-log";

    @TempDir
    Path dir;

    @Test
    void integrateThenVerifyProveConsistencyRegister_andAChangedRecordIsFound_K3_4() throws Exception {
        PgCluster pg = PgCluster.shared();
        String db = pg.newDatabase("cli");
        DataSource ds = pg.dataSource(db);
        String url = pg.jdbcUrl(db);
        List<EvidenceRecord> rs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            rs.add(i % 100 == 7
                    ? EvidenceRecord.of(EvidenceTypes.DISCLOSURE, Instant.EPOCH.plusSeconds(i), Map.of("disclosure_id",
                            "D-" + i, "recipient", "Kumagaya Police Station", "reason", "investigation"))
                    : EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.EPOCH.plusSeconds(i),
                            Map.of("camera", "cam-" + (i % 3))));
        }
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, ORIGIN)) {
            log.appendAll(rs);
        }
        Path keys = dir.resolve("keys");
        run(0, "keys", "generate", "--alg", "ed25519", "--out", keys.toString());
        Path tiles = dir.resolve("tiles");
        String key = keys.resolve("private.pem").toString();
        assertTrue(run(0, "log", "integrate", "--db", url, "--tiles", tiles.toString(), "--key", key, "--once")
                .contains("integrated 600 records"));
        NoteSigner s = NoteSigner.fromPkcs8Pem(ORIGIN, Files.readString(keys.resolve("private.pem")),
                NoteVerifier.ED25519);
        Path vkey = dir.resolve("log.vkey");
        Files.writeString(vkey, s.verifier().toVkey() + "\n");
        String v = vkey.toString();
        // The tile folder comes from the database unless --tiles is given.
        assertTrue(run(0, "log", "verify", "--db", url, "--trust", v, "--json").contains("\"verdict\":\"VALID\""));
        assertTrue(run(0, "log", "checkpoint", "--db", url, "--tiles", tiles.toString(), "--trust", v)
                .startsWith(ORIGIN + "\n600\n"));
        assertTrue(run(0, "log", "prove", "--db", url, "--index", "7", "--trust", v).contains("\"disclosure_id\":\"D-7\""));
        assertTrue(run(0, "log", "consistency", "--db", url, "--from", "100", "--trust", v)
                .contains("\"from_size\":100"));
        String reg = run(0, "log", "register", "--db", url, "--trust", v, "--lang", "ja");
        assertTrue(reg.contains("提供先: Kumagaya Police Station") && reg.contains("D-507"), reg);

        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE mimamori_log_entries SET record = convert_to(replace(convert_from(record, 'UTF8'),"
                    + " 'cam-1', 'cam-2'), 'UTF8') WHERE idx = 1");
        }
        String report = run(1, "log", "verify", "--db", url, "--trust", v, "--json");
        assertTrue(report.contains("LOG_RECORD_MODIFIED"), report);
        run(2, "log", "verify", "--db", "mysql://db.example/log", "--trust", v);
        run(2, "log", "prove", "--db", url, "--index", "600", "--trust", v);
    }
}
