package jp.mimamori.log.postgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointPolicy;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.tiles.TileLog;
import jp.mimamori.log.postgres.internal.Sql;

/**
 * Verifies a PostgreSQL evidence log as an auditor would: its published tiles with integrity's
 * {@link TileLog#verify} (every hash recomputed from the records), and, when given the database, the database's
 * copy of the records against the tiles. Returns the one report every Mimamori verifier returns and never throws on hostile input.
 *
 * <pre>{@code
 * VerificationReport r = PostgresLogVerifier.verify(Path.of("/srv/log"), trustedKeys, Optional.of(ds),
 *         Optional.empty());
 * }</pre>
 *
 * <p>Findings (DESIGN.md codes, each citing K3-4): {@code CHECKPOINT_MISSING} (no checkpoint file),
 * {@code SIGNATURE_INVALID} / {@code KEY_UNTRUSTED} (its signature), {@code LOG_TRUNCATED} (a tile or entry the
 * checkpoint covers is missing; the database holds fewer records than the checkpoint), {@code LOG_RECORD_MODIFIED}
 * (an entry that is not a canonical record or does not match its leaf hash; records that do not give the signed
 * root; a database record that differs from the published one), {@code PROOF_INVALID} (a stored tile hash above
 * the leaves that differs from the one recomputed from the records: proofs served from it would fail),
 * {@code LOG_INCONSISTENT} (the log is not an extension of the caller's earlier checkpoint) and, INFO,
 * {@code NOT_ANCHORED} (records sequenced in the database after the newest checkpoint).
 *
 * <p>Stateless; thread-safe. Reads only.
 */
public final class PostgresLogVerifier {
    private PostgresLogVerifier() {}

    private static final String REQ = "K3-4";

    /**
     * Verifies the tiles under {@code tiles} against {@code trusted} log keys; with {@code db}, also the
     * database's records; with {@code since} (the bytes of a checkpoint the caller saw before), that the log
     * extends it.
     */
    public static VerificationReport verify(Path tiles, Collection<NoteVerifier> trusted, Optional<DataSource> db,
            Optional<byte[]> since) {
        return verify(tiles, trusted, Optional.empty(), db, since);
    }

    /**
     * {@link #verify(Path, Collection, Optional, Optional)} under {@code policy} (docs/SECURITY.md G26): the
     * published checkpoint counts only when a key the policy's trust store allows the log role signed it and at
     * least {@link CheckpointPolicy#witnessThreshold()} trusted witnesses cosigned it; otherwise it is
     * {@code CHECKPOINT_MISSING} and the database is not compared. {@code logKeys} are the log's signed-note keys
     * (to open the tiles and read {@code since}).
     */
    public static VerificationReport verify(Path tiles, Collection<NoteVerifier> logKeys, CheckpointPolicy policy,
            Optional<DataSource> db, Optional<byte[]> since) {
        return verify(tiles, logKeys, Optional.of(policy), db, since);
    }

    private static VerificationReport verify(Path tiles, Collection<NoteVerifier> trusted,
            Optional<CheckpointPolicy> policy, Optional<DataSource> db, Optional<byte[]> since) {
        List<Finding> out = new ArrayList<>();
        try {
            run(tiles, trusted, policy, db, since, out);
        } catch (RuntimeException e) {
            out.add(VerificationReport.verifierFailure(Location.entry("checkpoint"), e));
        }
        return new VerificationReport(out);
    }

    private static Finding f(VerificationCode code, Location where, String ja, String en) {
        return Finding.of(code, code.defaultSeverity(), where, REQ, LocalizedText.of(ja, en));
    }

    private static void run(Path tiles, Collection<NoteVerifier> trusted, Optional<CheckpointPolicy> policy,
            Optional<DataSource> db, Optional<byte[]> since, List<Finding> out) {
        Optional<Checkpoint> earlier = Optional.empty();
        if (since.isPresent()) {
            CheckpointVerifier.Result sr = CheckpointVerifier.verify(since.get(), trusted, Location.entry("since"));
            if (sr.valid()) {
                earlier = sr.checkpoint();
            } else {
                for (Finding x : sr.findings()) {
                    out.add(new Finding(x.code(), x.severity(), x.where(), List.of(REQ), x.message()));
                }
            }
        }
        VerificationReport tilesReport = policy.isPresent() ? TileLog.verify(tiles, policy.get(), earlier)
                : TileLog.verify(tiles, trusted, earlier);
        out.addAll(tilesReport.findings());
        if (db.isEmpty() || tilesReport.has(VerificationCode.CHECKPOINT_MISSING)) {
            return;
        }
        TileLog log;
        try {
            log = TileLog.open(tiles, trusted);
        } catch (IOException e) {
            return; // the tile report says why
        }
        try (log) {
            checkDatabase(db.get(), log, out);
        }
    }

    private static void checkDatabase(DataSource ds, TileLog log, List<Finding> out) {
        long size = log.size();
        Location where = Location.entry("mimamori_log_entries");
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            long sequenced;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(Sql.SEQUENCED)) {
                r.next();
                sequenced = r.getLong(1);
            }
            if (sequenced < size) {
                out.add(f(VerificationCode.LOG_TRUNCATED, where, "データベースの記録 (" + sequenced
                                + " 件) がチェックポイント (" + size + " 件) より少ない",
                        "the database holds " + sequenced + " records, fewer than the " + size + " the checkpoint signs"));
            }
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT idx, record FROM mimamori_log_entries WHERE idx < ? ORDER BY idx")) {
                c.setAutoCommit(false);
                p.setFetchSize(4096);
                p.setLong(1, size);
                long expect = 0;
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        long idx = r.getLong(1);
                        if (idx != expect) {
                            out.add(f(VerificationCode.LOG_TRUNCATED, where.withIndex(expect),
                                    "データベースに記録 " + expect + " がありません",
                                    "the database lacks record " + expect));
                            expect = idx;
                        }
                        byte[] rec = r.getBytes(2);
                        if (!Arrays.equals(RecordCodec.leafHash(rec), log.leafHash(idx))) {
                            out.add(f(VerificationCode.LOG_RECORD_MODIFIED, where.withIndex(idx),
                                    "データベースの記録 " + idx + " が公開された記録と異なります",
                                    "the database's record " + idx + " differs from the published one"));
                        }
                        expect++;
                    }
                }
                c.commit();
            }
            if (sequenced > size) {
                out.add(f(VerificationCode.NOT_ANCHORED, where.withIndex(size),
                        (sequenced - size) + " 件の記録がまだチェックポイントに含まれていません",
                        (sequenced - size) + " records sequenced after the newest checkpoint are not anchored yet"));
            }
        } catch (SQLException | IOException e) {
            out.add(f(VerificationCode.LOG_TRUNCATED, where, "データベースを読めません: " + e.getMessage(),
                    "the database cannot be read: " + e.getMessage()));
        }
    }
}
