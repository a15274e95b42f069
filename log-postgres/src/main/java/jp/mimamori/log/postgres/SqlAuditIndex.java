package jp.mimamori.log.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.log.AuditIndex;
import jp.mimamori.integrity.log.DisclosureRegister;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.tiles.TileLog;

/**
 * The auditor's index of a PostgreSQL log in SQL: records by type, camera (a record's {@code camera} or any of its
 * {@code cameras}, as {@link AuditIndex#camerasOf}), principal and time range, and the
 * K3-4 disclosure register, from the indexed tables {@code mimamori_log_audit} and
 * {@code mimamori_log_disclosures} that the integrator fills. The tables only find candidates: every hit is
 * reread from the published tiles, checked against its leaf hash and the signed root ({@link TileLog#entry}) and
 * against the query, so an altered index can never vouch for a record the log does not hold.
 *
 * <pre>{@code
 * SqlAuditIndex idx = new SqlAuditIndex(ds, TileLog.open(tiles, keys));
 * List<EvidenceRecord> seen = idx.records(AuditIndex.Query.ofType(EvidenceTypes.DISCLOSURE).withCamera("cam-1"));
 * System.out.print(idx.register().render(Locale.JAPANESE));
 * }</pre>
 *
 * <p>Only records the tiles' checkpoint covers are returned. Thread-safe as its {@link TileLog} is. Reads only.
 */
public final class SqlAuditIndex {
    private final DataSource dataSource;
    private final TileLog log;

    /** An index over {@code dataSource}'s tables, checked against {@code log}. */
    public SqlAuditIndex(DataSource dataSource, TileLog log) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Record {@code i} from the tiles, checked against its leaf hash and the signed root, decoded. */
    private EvidenceRecord record(long i) throws IOException {
        byte[] b = log.entry(i);
        try {
            return RecordCodec.decode(b);
        } catch (IllegalArgumentException e) {
            throw new IOException("tile/entries: record " + i + " is not a canonical record (" + e.getMessage()
                    + "; LOG_RECORD_MODIFIED)");
        }
    }

    /** Indexes of the matching records below the checkpoint, in log order (candidates, not yet re-checked). */
    public List<Long> query(AuditIndex.Query q) throws IOException {
        StringBuilder sql = new StringBuilder("SELECT idx FROM mimamori_log_audit WHERE idx < ?");
        List<Object> args = new ArrayList<>();
        args.add(log.size());
        q.type().ifPresent(t -> {
            sql.append(" AND type = ?");
            args.add(t);
        });
        q.camera().ifPresent(c -> {
            sql.append(" AND (camera = ? OR cameras @> ARRAY[?]::text[])");
            args.add(c);
            args.add(c);
        });
        q.principal().ifPresent(p -> {
            sql.append(" AND principal = ?");
            args.add(p);
        });
        q.from().ifPresent(t -> {
            sql.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(t));
        });
        q.to().ifPresent(t -> {
            sql.append(" AND occurred_at < ?");
            args.add(Timestamp.from(t));
        });
        sql.append(" ORDER BY idx");
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IOException("mimamori_log_audit: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The matching records, each reread from the tiles and checked against its leaf hash, the signed root and
     * the query.
     *
     * @throws IOException if a record fails its checks or the index names a record that does not match the query
     *                     (the index was altered: rebuild it from the log)
     */
    public List<EvidenceRecord> records(AuditIndex.Query q) throws IOException {
        List<EvidenceRecord> out = new ArrayList<>();
        for (long i : query(q)) {
            EvidenceRecord r = record(i);
            if (!q.matches(r)) {
                throw new IOException("mimamori_log_audit: row " + i + " does not describe record " + i
                        + " of the log (the index was altered); rebuild it");
            }
            out.add(r);
        }
        return out;
    }

    /**
     * The K3-4 disclosure register: the {@code disclosure} records below the checkpoint, found by the index and
     * each reread from the tiles and checked.
     */
    public DisclosureRegister register() throws IOException {
        List<DisclosureRegister.Entry> out = new ArrayList<>();
        for (long i : query(AuditIndex.Query.ofType(EvidenceTypes.DISCLOSURE))) {
            EvidenceRecord r = record(i);
            if (!r.type().equals(EvidenceTypes.DISCLOSURE)) {
                throw new IOException("mimamori_log_audit: row " + i + " names a " + r.type()
                        + " record as a disclosure (the index was altered); rebuild it");
            }
            out.add(DisclosureRegister.entry(i, r));
        }
        return new DisclosureRegister(out);
    }

    /**
     * Whether the index covers every record below the checkpoint (one row per record); a query over an
     * incomplete index could miss records.
     */
    public boolean complete() throws IOException {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM mimamori_log_audit WHERE idx < ?")) {
            p.setLong(1, log.size());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1) == log.size();
            }
        } catch (SQLException e) {
            throw new IOException("mimamori_log_audit: " + e.getMessage(), e);
        }
    }
}
