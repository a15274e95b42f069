package jp.mimamori.log.postgres.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;

/**
 * The audit index columns of records (docs/FORMATS.md, "SQL schema v1"): type, camera, cameras, principal and
 * time for {@code mimamori_log_audit}, and for a {@code disclosure} record its id and recipient for
 * {@code mimamori_log_disclosures}: the one place that derives them from a record, for the appender (which writes
 * them with the batch it sequences) and the integrator (which fills in rows an older appender or plain SQL left
 * out). Collected as parallel columns and bound as SQL arrays; the {@code cameras} column (the body's
 * {@code cameras} array, null without one) as two flat arrays, the row's number in the batch (from 1) and one
 * camera, one element per camera, which the statement gathers back into an array per row.
 *
 * <p>Not thread-safe: one batch being built.
 */
public final class AuditRows {
    private final List<String> types = new ArrayList<>();
    private final List<String> cameras = new ArrayList<>();
    private final List<String> principals = new ArrayList<>();
    private final List<Timestamp> times = new ArrayList<>();
    private final List<String> disclosureIds = new ArrayList<>();
    private final List<String> recipients = new ArrayList<>();
    private final List<Long> cameraRows = new ArrayList<>();
    private final List<String> cameraNames = new ArrayList<>();

    /** Adds the columns of {@code r}. */
    public void add(EvidenceRecord r) {
        types.add(r.type());
        cameras.add(r.string("camera").orElse(null));
        for (String c : r.strings("cameras")) {
            cameraRows.add((long) types.size());
            cameraNames.add(c);
        }
        principals.add(r.string("principal").orElse(null));
        times.add(Timestamp.from(r.occurredAt()));
        boolean disclosure = r.type().equals(EvidenceTypes.DISCLOSURE);
        disclosureIds.add(disclosure ? r.string("disclosure_id").orElse("-") : null);
        recipients.add(disclosure ? r.string("recipient").orElse(null) : null);
    }

    /** Rows added. */
    public int size() {
        return types.size();
    }

    /**
     * Binds the columns as eight arrays from parameter {@code first} on: types, cameras (the body's
     * {@code camera}), principals, times, disclosure ids, recipients (the last two null but for disclosures), then
     * the {@code cameras} arrays flattened: row numbers (from 1) and cameras.
     */
    public void bind(Connection c, PreparedStatement p, int first) throws SQLException {
        p.setArray(first, c.createArrayOf("text", types.toArray(new String[0])));
        p.setArray(first + 1, c.createArrayOf("text", cameras.toArray(new String[0])));
        p.setArray(first + 2, c.createArrayOf("text", principals.toArray(new String[0])));
        p.setArray(first + 3, c.createArrayOf("timestamptz", times.toArray(new Timestamp[0])));
        p.setArray(first + 4, c.createArrayOf("text", disclosureIds.toArray(new String[0])));
        p.setArray(first + 5, c.createArrayOf("text", recipients.toArray(new String[0])));
        p.setArray(first + 6, c.createArrayOf("bigint", cameraRows.toArray(new Long[0])));
        p.setArray(first + 7, c.createArrayOf("text", cameraNames.toArray(new String[0])));
    }

    /**
     * Inserts the rows at {@code indices} (one per row added, in order) into the audit index and the disclosure
     * register, skipping indices that already have a row.
     */
    public void insert(Connection c, List<Long> indices) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(Sql.AUDIT_ROWS)) {
            Array idx = c.createArrayOf("bigint", indices.toArray(new Long[0]));
            p.setArray(1, idx);
            bind(c, p, 2);
            p.executeUpdate();
        }
    }
}
