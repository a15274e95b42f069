package jp.mimamori.log.postgres;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
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
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.MerkleAccumulator;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.log.postgres.internal.Sql;
import jp.mimamori.log.postgres.internal.Tiles;

/**
 * Verifies a PostgreSQL evidence log as an auditor would: from its published tiles, recomputing every hash
 * from the records, and (when given the database) checking the database's copy of the records against the
 * tiles. Returns the one report every Mimamori verifier returns and never throws on hostile input.
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
        List<Finding> out = new ArrayList<>();
        try {
            run(tiles, trusted, db, since, out);
        } catch (RuntimeException e) {
            out.add(VerificationReport.verifierFailure(Location.entry(Tiles.CHECKPOINT), e));
        }
        return new VerificationReport(out);
    }

    private static Finding f(VerificationCode code, Location where, String ja, String en) {
        return Finding.of(code, code.defaultSeverity(), where, REQ, LocalizedText.of(ja, en));
    }

    private static void run(Path tiles, Collection<NoteVerifier> trusted, Optional<DataSource> db,
            Optional<byte[]> since, List<Finding> out) {
        Location cpWhere = Location.entry(Tiles.CHECKPOINT);
        byte[] note;
        try {
            note = BoundedFiles.read(tiles.resolve(Tiles.CHECKPOINT), SignedNote.MAX_BYTES);
        } catch (NoSuchFileException e) {
            out.add(f(VerificationCode.CHECKPOINT_MISSING, cpWhere, "署名付きチェックポイントがありません",
                    "no signed checkpoint: nothing in the log is anchored"));
            return;
        } catch (IOException e) {
            out.add(f(VerificationCode.CHECKPOINT_MISSING, cpWhere, "チェックポイントを読めません: " + e.getMessage(),
                    "checkpoint cannot be read: " + e.getMessage()));
            return;
        }
        CheckpointVerifier.Result cr = CheckpointVerifier.verify(note, trusted, cpWhere);
        for (Finding x : cr.findings()) {
            out.add(new Finding(x.code(), x.severity(), x.where(), List.of(REQ), x.message()));
        }
        if (!cr.valid()) {
            return;
        }
        Checkpoint cp = cr.checkpoint().orElseThrow();
        long size = cp.size();
        Checkpoint earlier = null;
        if (since.isPresent()) {
            CheckpointVerifier.Result sr = CheckpointVerifier.verify(since.get(), trusted, Location.entry("since"));
            if (!sr.valid()) {
                for (Finding x : sr.findings()) {
                    out.add(new Finding(x.code(), x.severity(), x.where(), List.of(REQ), x.message()));
                }
            } else {
                earlier = sr.checkpoint().orElseThrow();
                if (earlier.size() > size) {
                    out.add(f(VerificationCode.LOG_TRUNCATED, Location.entry("since"),
                            "以前のチェックポイント (" + earlier.size() + " 件) より短くなっています: " + size + " 件",
                            "the log signs " + size + " records, fewer than the " + earlier.size()
                                    + " of the earlier checkpoint (rolled back)"));
                    earlier = null;
                }
            }
        }
        Tiles.Reader reader = new Tiles.Reader(tiles, size);
        MerkleAccumulator acc = new MerkleAccumulator();
        Recompute above = new Recompute(reader, out);
        byte[] earlierRoot = earlier != null && earlier.size() == 0 ? Merkle.emptyRoot() : null;
        long bundles = (size + Tiles.WIDTH - 1) / Tiles.WIDTH;
        for (long b = 0; b < bundles; b++) {
            long first = b * Tiles.WIDTH;
            Location bw = Location.entry(Tiles.path(Path.of(""), -1, b, (int) Math.min(Tiles.WIDTH, size - first))
                    .toString().replace('\\', '/'));
            List<byte[]> entries;
            List<byte[]> stored;
            try {
                entries = reader.bundle(b);
                stored = reader.hashTile(0, b);
            } catch (IOException | IllegalArgumentException e) {
                out.add(f(VerificationCode.LOG_TRUNCATED, bw.withIndex(first),
                        "チェックポイントが含む記録のタイルを読めません: " + e.getMessage(),
                        "a tile the checkpoint covers cannot be read: " + e.getMessage()));
                return;
            }
            for (int i = 0; i < entries.size(); i++) {
                long index = first + i;
                byte[] rec = entries.get(i);
                byte[] leaf = RecordCodec.leafHash(rec);
                try {
                    RecordCodec.decode(rec);
                } catch (IllegalArgumentException e) {
                    out.add(f(VerificationCode.LOG_RECORD_MODIFIED, bw.withIndex(index),
                            "記録 " + index + " が正規の記録ではありません: " + e.getMessage(),
                            "record " + index + " is not a canonical record: " + e.getMessage()));
                }
                if (!Arrays.equals(leaf, stored.get(i))) {
                    out.add(f(VerificationCode.LOG_RECORD_MODIFIED, bw.withIndex(index),
                            "記録 " + index + " が葉ハッシュと一致しません (改変)",
                            "record " + index + " does not match its leaf hash in the tile (modified)"));
                }
                acc.append(leaf);
                above.add(0, leaf);
                if (earlier != null && acc.size() == earlier.size()) {
                    earlierRoot = acc.root();
                }
            }
        }
        if (!Arrays.equals(acc.root(), cp.rootHash())) {
            out.add(f(VerificationCode.LOG_RECORD_MODIFIED, cpWhere,
                    "記録から計算したルートが署名済みチェックポイントと一致しません",
                    "the records do not give the root the checkpoint signs (" + size + " records)"));
        }
        if (earlier != null && earlierRoot != null && !Arrays.equals(earlierRoot, earlier.rootHash())) {
            out.add(f(VerificationCode.LOG_INCONSISTENT, Location.entry("since"),
                    "以前のチェックポイント (" + earlier.size() + " 件) と整合しません (書き換え)",
                    "the log is not an extension of the earlier checkpoint of " + earlier.size()
                            + " records (rewritten)"));
        }
        db.ifPresent(ds -> checkDatabase(ds, reader, size, out));
    }

    /**
     * Recomputes the hash tiles above the leaves as the leaves stream by, comparing each hash at level 1 and
     * up with the stored one. One per verification; not thread-safe.
     */
    private static final class Recompute {
        private final Tiles.Reader reader;
        private final List<Finding> out;
        private final List<List<byte[]>> cur = new ArrayList<>();
        private final List<Long> done = new ArrayList<>();

        Recompute(Tiles.Reader reader, List<Finding> out) {
            this.reader = reader;
            this.out = out;
        }

        void add(int level, byte[] h) {
            while (cur.size() <= level) {
                cur.add(new ArrayList<>());
                done.add(0L);
            }
            List<byte[]> c = cur.get(level);
            long i = done.get(level) * Tiles.WIDTH + c.size();
            if (level > 0 && i < (reader.size() >>> (8 * level))) {
                try {
                    if (!Arrays.equals(reader.hash(level, i), h)) {
                        out.add(f(VerificationCode.PROOF_INVALID, Location.entry("tile/" + level).withIndex(i),
                                "タイル " + level + " のハッシュ " + i + " が記録から計算した値と異なります",
                                "tile level " + level + " hash " + i + " differs from the one recomputed from the"
                                        + " records; proofs served from it fail"));
                    }
                } catch (IOException e) {
                    out.add(f(VerificationCode.LOG_TRUNCATED, Location.entry("tile/" + level).withIndex(i),
                            "タイルを読めません: " + e.getMessage(), "a tile cannot be read: " + e.getMessage()));
                }
            }
            c.add(h);
            if (c.size() == Tiles.WIDTH) {
                byte[] up = perfect(c);
                c.clear();
                done.set(level, done.get(level) + 1);
                add(level + 1, up);
            }
        }
    }

    private static byte[] perfect(List<byte[]> hs) {
        List<byte[]> cur = hs;
        while (cur.size() > 1) {
            List<byte[]> next = new ArrayList<>(cur.size() / 2);
            for (int i = 0; i < cur.size(); i += 2) {
                next.add(Merkle.nodeHash(cur.get(i), cur.get(i + 1)));
            }
            cur = next;
        }
        return cur.get(0);
    }

    private static void checkDatabase(DataSource ds, Tiles.Reader reader, long size, List<Finding> out) {
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
                        if (!Arrays.equals(RecordCodec.leafHash(rec), reader.leafHash(idx))) {
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
