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
     * and returns the first index. Parameters: count, count, token, records ({@code bytea[]}).
     */
    public static final String SEQUENCE_BATCH =
            "WITH s AS (UPDATE mimamori_log_sequence SET next_index = next_index + ? WHERE id = 1"
                    + " RETURNING next_index - ? AS start),"
                    + " i AS (INSERT INTO mimamori_log_entries (idx, record, batch)"
                    + " SELECT s.start + t.o - 1, t.r, CASE WHEN t.o = 1 THEN ?::uuid END"
                    + " FROM s, unnest(?::bytea[]) WITH ORDINALITY AS t(r, o))"
                    + " SELECT start FROM s";

    /** Whether a batch committed: the index of the row its token tags. Parameter: token. */
    public static final String BATCH_TOKEN = "SELECT idx FROM mimamori_log_entries WHERE batch = ?::uuid";

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

    /** Audit index rows, one statement per batch. Parameters: idx[], type[], camera[], principal[], time[]. */
    public static final String AUDIT =
            "INSERT INTO mimamori_log_audit (idx, type, camera, principal, occurred_at)"
                    + " SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])"
                    + " ON CONFLICT (idx) DO NOTHING";

    /** Disclosure register rows. Parameters: idx[], disclosure_id[], recipient[]. */
    public static final String DISCLOSURES =
            "INSERT INTO mimamori_log_disclosures (idx, disclosure_id, recipient)"
                    + " SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[]) ON CONFLICT (idx) DO NOTHING";
}
