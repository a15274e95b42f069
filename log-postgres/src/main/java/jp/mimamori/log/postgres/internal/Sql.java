package jp.mimamori.log.postgres.internal;

/**
 * The statements of the PostgreSQL log, in one place (docs/FORMATS.md quotes them).
 *
 * <p>Constants only; thread-safe.
 */
public final class Sql {
    private Sql() {}

    /**
     * Sequences one batch in one statement (its own transaction under autocommit): takes the next indices under
     * the sequence row's lock, inserts the records at them, tags the batch's first row with the batch's token,
     * inserts the records' audit index rows (and disclosure register rows), and returns the first index. The
     * appender runs it with {@code synchronous_commit = off}, so the row lock is released as soon as the commit
     * is recorded, not after the WAL flush; the batch is made durable by {@link #FLUSH} before it is acknowledged.
     * Parameters: count, count, token, records ({@code bytea[]}), types, cameras, principals ({@code text[]}),
     * times ({@code timestamptz[]}), disclosure ids, recipients ({@code text[]}, null but for disclosures), then
     * the records' {@code cameras} arrays flattened: row numbers in the batch from 1 ({@code bigint[]}) and
     * cameras ({@code text[]}).
     */
    public static final String SEQUENCE_BATCH =
            "WITH s AS (UPDATE mimamori_log_sequence SET next_index = next_index + ? WHERE id = 1"
                    + " RETURNING next_index - ? AS start),"
                    + " k AS (SELECT ?::uuid AS token),"
                    + " t AS (SELECT * FROM unnest(?::bytea[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],"
                    + " ?::text[], ?::text[]) WITH ORDINALITY AS u(r, ty, c, p, o, di, dr, n)),"
                    + " m AS (SELECT x.n, array_agg(x.c ORDER BY x.o) AS cs"
                    + " FROM unnest(?::bigint[], ?::text[]) WITH ORDINALITY AS x(n, c, o) GROUP BY x.n),"
                    + " i AS (INSERT INTO mimamori_log_entries (idx, record, batch)"
                    + " SELECT s.start + t.n - 1, t.r, CASE WHEN t.n = 1 THEN k.token END FROM s, k, t),"
                    + " a AS (INSERT INTO mimamori_log_audit (idx, type, camera, cameras, principal, occurred_at)"
                    + " SELECT s.start + t.n - 1, t.ty, t.c, m.cs, t.p, t.o FROM s, t LEFT JOIN m ON m.n = t.n"
                    + " ON CONFLICT (idx) DO NOTHING),"
                    + " d AS (INSERT INTO mimamori_log_disclosures (idx, disclosure_id, recipient)"
                    + " SELECT s.start + t.n - 1, t.di, t.dr FROM s, t WHERE t.di IS NOT NULL"
                    + " ON CONFLICT (idx) DO NOTHING)"
                    + " SELECT start FROM s";

    /**
     * Makes everything committed before it durable: a transaction that writes WAL (it counts up the session's own
     * row of {@code mimamori_log_flush}, keyed by its backend's pid, so no two sessions touch one row) commits with
     * the given {@code synchronous_commit} level (the server's own, read when the session connected), so PostgreSQL
     * flushes the WAL up to its commit record, which follows the commit records of every batch committed before it
     * was run. (A transaction that only took a transaction id and wrote nothing would commit without waiting for
     * the flush.) Parameter: the level.
     */
    public static final String FLUSH =
            "WITH f AS (INSERT INTO mimamori_log_flush (pid, n) VALUES (pg_backend_pid(), 1)"
                    + " ON CONFLICT (pid) DO UPDATE SET n = mimamori_log_flush.n + 1 RETURNING n)"
                    + " SELECT set_config('synchronous_commit', ?, true), n FROM f";

    /**
     * Whether a batch committed, made durable if it did: the index of the row its token tags, in a transaction
     * that writes WAL as {@link #FLUSH} does and commits with the given {@code synchronous_commit} level.
     * Parameters: the level, the token.
     */
    public static final String BATCH_TOKEN_DURABLE =
            "WITH f AS (INSERT INTO mimamori_log_flush (pid, n) VALUES (pg_backend_pid(), 1)"
                    + " ON CONFLICT (pid) DO UPDATE SET n = mimamori_log_flush.n + 1 RETURNING n)"
                    + " SELECT e.idx, set_config('synchronous_commit', ?, true) FROM f LEFT JOIN mimamori_log_entries e"
                    + " ON e.batch = ?::uuid";

    /** The number of sequenced records. */
    public static final String SEQUENCED = "SELECT next_index FROM mimamori_log_sequence WHERE id = 1";

    /** The integrated tree. */
    public static final String INTEGRATED =
            "SELECT size, root, checkpoint, tiles FROM mimamori_log_integrated WHERE id = 1";

    /** Records to integrate, in order. Parameters: from index, limit. */
    public static final String TO_INTEGRATE =
            "SELECT idx, record FROM mimamori_log_entries WHERE idx >= ? ORDER BY idx LIMIT ?";

    /**
     * Advances the integrated tree, only from the size the integrator started from. Parameters: new size,
     * root, checkpoint, tiles, old size.
     */
    public static final String ADVANCE =
            "UPDATE mimamori_log_integrated SET size = ?, root = ?, checkpoint = ?, tiles = ?, updated_at = now()"
                    + " WHERE id = 1 AND size = ?";

    /** The audit rows present in a range of indices. Parameters: from index (inclusive), to index (exclusive). */
    public static final String AUDIT_COUNT = "SELECT count(*) FROM mimamori_log_audit WHERE idx >= ? AND idx < ?";

    /** The session's {@code synchronous_commit} level (the server's, unless the session changed it). */
    public static final String COMMIT_LEVEL = "SELECT current_setting('synchronous_commit')";

    /**
     * Records in a range of indices that have no audit row (sequenced by an older appender or straight in SQL).
     * Parameters: from index (inclusive), to index (exclusive).
     */
    public static final String AUDIT_MISSING =
            "SELECT e.idx FROM mimamori_log_entries e WHERE e.idx >= ? AND e.idx < ?"
                    + " AND NOT EXISTS (SELECT 1 FROM mimamori_log_audit a WHERE a.idx = e.idx) ORDER BY e.idx";

    /**
     * Audit index and disclosure register rows, one statement per batch, skipping indices that have a row.
     * Parameters: idx[], type[], camera[], principal[], time[], disclosure_id[], recipient[] (the last two null
     * but for disclosures), then the records' {@code cameras} arrays flattened: row numbers from 1 and cameras.
     */
    public static final String AUDIT_ROWS =
            "WITH t AS (SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],"
                    + " ?::text[], ?::text[]) WITH ORDINALITY AS u(i, ty, c, p, o, di, dr, n)),"
                    + " m AS (SELECT x.n, array_agg(x.c ORDER BY x.o) AS cs"
                    + " FROM unnest(?::bigint[], ?::text[]) WITH ORDINALITY AS x(n, c, o) GROUP BY x.n),"
                    + " a AS (INSERT INTO mimamori_log_audit (idx, type, camera, cameras, principal, occurred_at)"
                    + " SELECT t.i, t.ty, t.c, m.cs, t.p, t.o FROM t LEFT JOIN m ON m.n = t.n"
                    + " ON CONFLICT (idx) DO NOTHING)"
                    + " INSERT INTO mimamori_log_disclosures (idx, disclosure_id, recipient)"
                    + " SELECT i, di, dr FROM t WHERE di IS NOT NULL ON CONFLICT (idx) DO NOTHING";
}
