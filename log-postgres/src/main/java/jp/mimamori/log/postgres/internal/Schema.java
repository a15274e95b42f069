package jp.mimamori.log.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQL schema of the PostgreSQL evidence log, version 1 (docs/FORMATS.md, "Evidence log on PostgreSQL").
 *
 * <ul>
 *   <li>{@code mimamori_log_meta}: one row: format, version, the log's origin;
 *   <li>{@code mimamori_log_sequence}: one row, the next index to hand out; appenders lock it for the length
 *       of their batch's transaction, so indices are gapless and committed in order;
 *   <li>{@code mimamori_log_entries}: the sequenced records (index, canonical JSON), the database's
 *       authoritative copy;
 *   <li>{@code mimamori_log_integrated}: one row, the integrated tree (size, root, newest signed checkpoint,
 *       where the tiles are published), written only by the integrator holding the advisory lock;
 *   <li>{@code mimamori_log_audit} and {@code mimamori_log_disclosures}: the audit index built from records
 *       ({@code cameras}, a record's array of several cameras, was added to version 1 in place: {@link #ensure}
 *       adds the column to a database that lacks it);
 *   <li>{@code mimamori_log_flush}: one row per server backend that made its session's earlier commits durable
 *       (a counter it updates so that its flushing transaction writes WAL); no meaning beyond that.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class Schema {
    private Schema() {}

    /** The format name in {@code mimamori_log_meta}. */
    public static final String FORMAT = "mimamori-log-postgres";
    /** The schema version this code writes and reads. */
    public static final int VERSION = 1;
    /** The advisory lock key (a session lock) that elects the integrator: "mimamori" as 8 ASCII bytes. */
    public static final long INTEGRATOR_LOCK = 0x6d696d616d6f7269L;
    /** The advisory lock key (a transaction lock) that serializes creating the schema. */
    public static final long SCHEMA_LOCK = 0x6d696d616d6f7273L;

    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS mimamori_log_meta ("
                    + " id smallint PRIMARY KEY CHECK (id = 1),"
                    + " format text NOT NULL, version integer NOT NULL, origin text NOT NULL)",
            "CREATE TABLE IF NOT EXISTS mimamori_log_sequence ("
                    + " id smallint PRIMARY KEY CHECK (id = 1), next_index bigint NOT NULL CHECK (next_index >= 0))",
            "CREATE TABLE IF NOT EXISTS mimamori_log_entries ("
                    + " idx bigint PRIMARY KEY CHECK (idx >= 0), record bytea NOT NULL, batch uuid)",
            "CREATE INDEX IF NOT EXISTS mimamori_log_entries_batch ON mimamori_log_entries (batch)"
                    + " WHERE batch IS NOT NULL",
            "CREATE TABLE IF NOT EXISTS mimamori_log_integrated ("
                    + " id smallint PRIMARY KEY CHECK (id = 1), size bigint NOT NULL CHECK (size >= 0),"
                    + " root bytea NOT NULL, checkpoint bytea, tiles text, updated_at timestamptz NOT NULL)",
            "CREATE TABLE IF NOT EXISTS mimamori_log_audit ("
                    + " idx bigint PRIMARY KEY, type text NOT NULL, camera text, principal text,"
                    + " occurred_at timestamptz NOT NULL, cameras text[])",
            // a v1 database created before the cameras column gains it (no lock taken when it has it)
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'mimamori_log_audit'::regclass"
                    + " AND attname = 'cameras' AND NOT attisdropped) THEN"
                    + " ALTER TABLE mimamori_log_audit ADD COLUMN cameras text[]; END IF; END $$",
            "CREATE INDEX IF NOT EXISTS mimamori_log_audit_type ON mimamori_log_audit (type, occurred_at)",
            "CREATE INDEX IF NOT EXISTS mimamori_log_audit_camera ON mimamori_log_audit (camera, occurred_at)"
                    + " WHERE camera IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS mimamori_log_audit_cameras ON mimamori_log_audit USING gin (cameras)"
                    + " WHERE cameras IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS mimamori_log_audit_principal ON mimamori_log_audit (principal, occurred_at)"
                    + " WHERE principal IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS mimamori_log_audit_time ON mimamori_log_audit (occurred_at)",
            "CREATE TABLE IF NOT EXISTS mimamori_log_disclosures ("
                    + " idx bigint PRIMARY KEY, disclosure_id text NOT NULL, recipient text)",
            "CREATE INDEX IF NOT EXISTS mimamori_log_disclosures_id ON mimamori_log_disclosures (disclosure_id)",
            "CREATE TABLE IF NOT EXISTS mimamori_log_flush (pid integer PRIMARY KEY, n bigint NOT NULL)");

    /**
     * Creates the schema if it is missing (idempotent, serialized by an advisory transaction lock), or checks
     * that an existing one is this format and version for the same origin.
     *
     * @throws SQLException           from the database
     * @throws IllegalStateException  when the database holds another format, version or origin
     */
    public static void ensure(Connection c, String origin) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO mimamori_log_meta (id, format, version, origin) VALUES (1, ?, ?, ?)"
                            + " ON CONFLICT (id) DO NOTHING")) {
                p.setString(1, FORMAT);
                p.setInt(2, VERSION);
                p.setString(3, origin);
                p.executeUpdate();
            }
            s.execute("INSERT INTO mimamori_log_sequence (id, next_index) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
            s.execute("INSERT INTO mimamori_log_integrated (id, size, root, updated_at)"
                    + " VALUES (1, 0, decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'),"
                    + " now()) ON CONFLICT (id) DO NOTHING");
            try (ResultSet r = s.executeQuery("SELECT format, version, origin FROM mimamori_log_meta WHERE id = 1")) {
                r.next();
                if (!FORMAT.equals(r.getString(1)) || r.getInt(2) != VERSION) {
                    throw new IllegalStateException("mimamori_log_meta: the database holds " + r.getString(1) + " v"
                            + r.getInt(2) + ", not " + FORMAT + " v" + VERSION);
                }
                if (!origin.equals(r.getString(3))) {
                    throw new IllegalStateException("origin: the database holds the log \"" + r.getString(3)
                            + "\", not \"" + origin + "\"");
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The origin recorded in the database's {@code mimamori_log_meta}. */
    public static String origin(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT origin, format, version FROM mimamori_log_meta WHERE id = 1")) {
            if (!r.next()) {
                throw new SQLException("mimamori_log_meta: no Mimamori log in this database");
            }
            if (!FORMAT.equals(r.getString(2)) || r.getInt(3) != VERSION) {
                throw new SQLException("mimamori_log_meta: the database holds " + r.getString(2) + " v" + r.getInt(3)
                        + ", not " + FORMAT + " v" + VERSION);
            }
            return r.getString(1);
        }
    }
}
