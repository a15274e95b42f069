package jp.mimamori.log.postgres;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.log.TreeHead;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.log.postgres.internal.AuditRows;
import jp.mimamori.log.postgres.internal.Schema;
import jp.mimamori.log.postgres.internal.Sql;
import jp.mimamori.integrity.tiles.TileWriter;

/**
 * The one integrator of a PostgreSQL evidence log: it takes the sequenced records in index order, extends the
 * RFC 9162 tree, publishes it as C2SP tlog-tiles in a folder (for any static web server) through integrity's
 * {@link TileWriter}, signs a checkpoint
 * after every round, and fills the SQL audit index.
 *
 * <pre>{@code
 * try (LogIntegrator in = LogIntegrator.open(ds, Path.of("/srv/log"), signer, LogIntegrator.Options.defaults())) {
 *     in.run(() -> !stopping);   // waits to be elected, then integrates until told to stop
 * }
 * }</pre>
 *
 * <p><b>Election.</b> Any number of integrators may run (on several machines, for availability); the one that
 * holds PostgreSQL's session advisory lock {@code 0x6d696d616d6f7269} integrates, the others wait for it. When
 * the leader dies its session ends, PostgreSQL releases the lock and a waiting integrator takes over. Every
 * round commits on the locked session and only from the size it started from, so a leader that lost its
 * session cannot move the log.
 *
 * <p><b>A round</b> (crash-safe at every step): read up to {@link Options#maxBatch()} records after the
 * integrated size and make them durable (appenders commit without waiting for the WAL flush: a transaction
 * committed at the server's {@code synchronous_commit} level flushes the WAL past them); hash them into the tree,
 * taking no more 300 ms after the round started, so that even a starved integrator publishes a checkpoint about
 * every half second (the next round reads about as many as this one managed); write the tiles they complete and the
 * partial tiles at the new size (each file atomically, forced); sign and atomically replace {@code checkpoint}; then
 * in one transaction advance {@code mimamori_log_integrated} and insert the audit rows the records lack. A
 * {@link PostgresEvidenceLog} writes a record's audit row in the transaction that sequences it, from the record it
 * encoded canonically; a record without one (sequenced straight in SQL, or by an older appender) is checked here
 * to be a canonical record, and the integrator refuses it otherwise. A crash before the commit leaves the database at
 * the old size; the next leader redoes the round and writes the same tiles (the tree is a function of the
 * records). On taking over, the integrator reads back the partial tiles at the integrated size and checks that
 * they give the integrated root; when tiles are missing or damaged it rebuilds them from the database's copy of
 * the records, and refuses (an {@link IOException} naming {@code LOG_RECORD_MODIFIED}) if those records no
 * longer give the root it integrated. Its first round goes at least as far as the folder's checkpoint (a leader
 * that died between publishing and recording a round leaves the folder ahead of the database), so a published
 * checkpoint never moves back.
 *
 * <p>Not thread-safe: one thread runs an integrator. It holds one connection of the data source.
 */
public final class LogIntegrator implements Closeable {
    private static final System.Logger LOG = System.getLogger(LogIntegrator.class.getName());
    /**
     * A round stops taking records this long after it started and publishes, so checkpoints follow each other
     * closely (well within a second) however many records wait and however starved the integrator is.
     */
    private static final long ROUND_BUDGET_NANOS = 300_000_000L;
    /** Fewest records a round reads (when the previous round was cut short by its budget). */
    private static final int MIN_READ = 256;

    /**
     * Tuning.
     *
     * <p>Immutable and thread-safe.
     *
     * @param maxBatch     most records integrated in one round (one checkpoint per round)
     * @param pollInterval the wait between rounds when nothing new was sequenced, and between election attempts
     */
    public record Options(int maxBatch, Duration pollInterval) {
        /** Validates. */
        public Options {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch: must be >= 1");
            }
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (pollInterval.isNegative()) {
                throw new IllegalArgumentException("pollInterval: must not be negative");
            }
        }

        /** 16,384 records per round, polling every 50 ms. */
        public static Options defaults() {
            return new Options(16_384, Duration.ofMillis(50));
        }
    }

    private final DataSource dataSource;
    private final Path tiles;
    private final NoteSigner signer;
    private final Options options;
    private final Clock clock;
    private Connection session;
    private boolean leader;
    private TileWriter writer;
    private long rebuilt = -1;
    /** Records the next round reads: grows while rounds finish within budget, shrinks to what one managed. */
    private int readLimit = 4096;
    /** The session's {@code synchronous_commit} level (the server's), read once per session. */
    private String commitLevel;
    /** The size of the folder's checkpoint when this leader took over: no round publishes a smaller one. */
    private long published;

    private LogIntegrator(DataSource dataSource, Path tiles, NoteSigner signer, Options options, Clock clock)
            throws IOException {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.tiles = Objects.requireNonNull(tiles, "tiles");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        Files.createDirectories(tiles);
        try (Connection c = dataSource.getConnection()) {
            Schema.ensure(c, signer.name()); // creates the log when missing; refuses another origin
        } catch (SQLException e) {
            throw new IOException("evidence log on PostgreSQL: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage() + " (the signer's key name is the log's origin)", e);
        }
    }

    /**
     * An integrator for the log in {@code dataSource}'s database, publishing tiles under {@code tiles} and
     * signing with {@code signer}, whose name is the log's origin; the log's tables are created when missing.
     * It is not elected yet.
     *
     * @throws IOException if the database cannot be reached or holds a log of another origin or format
     */
    public static LogIntegrator open(DataSource dataSource, Path tiles, NoteSigner signer, Options options)
            throws IOException {
        return new LogIntegrator(dataSource, tiles, signer, options, Clock.systemUTC());
    }

    /** Same as {@link #open(DataSource, Path, NoteSigner, Options)} with a clock for the checkpoints' times. */
    public static LogIntegrator open(DataSource dataSource, Path tiles, NoteSigner signer, Options options,
            Clock clock) throws IOException {
        return new LogIntegrator(dataSource, tiles, signer, options, clock);
    }

    /**
     * Tries once to become the leader; on success, reads the integrated state back (and rebuilds damaged tiles).
     *
     * @return whether this integrator now leads
     */
    public boolean tryLead() throws IOException {
        if (leader) {
            return true;
        }
        try {
            if (session == null) {
                session = dataSource.getConnection();
                session.setAutoCommit(true);
            }
            try (Statement s = session.createStatement();
                 ResultSet r = s.executeQuery("SELECT pg_try_advisory_lock(" + Schema.INTEGRATOR_LOCK + ")")) {
                r.next();
                if (!r.getBoolean(1)) {
                    return false;
                }
            }
            leader = true;
            resume();
            return true;
        } catch (SQLException e) {
            dropSession();
            throw new IOException("evidence log on PostgreSQL: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            dropSession();
            throw e;
        }
    }

    /** Whether this integrator holds the lock (as far as it knows). */
    public boolean isLeader() {
        return leader;
    }

    /** When the last election rebuilt the tiles from the database: the size rebuilt; -1 otherwise. */
    public long rebuiltSize() {
        return rebuilt;
    }

    private void resume() throws IOException, SQLException {
        long size;
        byte[] root;
        try (Statement s = session.createStatement(); ResultSet r = s.executeQuery(Sql.INTEGRATED)) {
            r.next();
            size = r.getLong(1);
            root = r.getBytes(2);
        }
        rebuilt = -1;
        try {
            // A leader that published a checkpoint and died before recording it leaves the folder ahead of the
            // database (its records are durable: nothing is published before they are); the next round goes at
            // least that far, so the published checkpoint never moves back.
            published = TileWriter.publishedSize(tiles);
        } catch (IOException e) {
            published = 0;
        }
        try {
            TileWriter w = TileWriter.open(tiles, size);
            if (Arrays.equals(w.root(), root)) {
                writer = w;
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "{0}: tiles at size {1} do not give the integrated root; rebuilding"
                    + " them from the database", tiles, size);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: tiles at size {1} unreadable ({2}); rebuilding them from the"
                    + " database", tiles, size, e.getMessage());
        }
        TileWriter w = TileWriter.open(tiles, 0);
        while (w.size() < size) {
            List<byte[]> batch = read(w.size(), (int) Math.min(options.maxBatch(), size - w.size()));
            if (batch.isEmpty()) {
                throw new IOException("mimamori_log_entries: record " + w.size() + " is missing below the integrated"
                        + " size " + size + " (LOG_TRUNCATED)");
            }
            for (byte[] rec : batch) {
                w.append(rec, RecordCodec.leafHash(rec));
            }
        }
        if (!Arrays.equals(w.root(), root)) {
            throw new IOException("mimamori_log_entries: the records below " + size + " do not give the root the"
                    + " integrator signed; a record was changed in the database (LOG_RECORD_MODIFIED); refusing to"
                    + " integrate");
        }
        w.flush();
        writer = w;
        rebuilt = size;
    }

    /** Records from {@code from} on, contiguous, at most {@code limit}. */
    private List<byte[]> read(long from, int limit) throws SQLException {
        List<byte[]> out = new ArrayList<>();
        try (PreparedStatement p = session.prepareStatement(Sql.TO_INTEGRATE)) {
            p.setLong(1, from);
            p.setInt(2, limit);
            p.setFetchSize(0);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    if (r.getLong(1) != from + out.size()) {
                        break; // a gap cannot be committed (the sequence row lock), but never integrate across one
                    }
                    out.add(r.getBytes(2));
                }
            }
        }
        return out;
    }

    /**
     * Integrates one round: the records sequenced after the integrated size, at most {@link Options#maxBatch()}.
     *
     * @return the number of records integrated (0 when nothing new was sequenced)
     * @throws IllegalStateException if this integrator is not the leader
     * @throws IOException           if the database or the tile folder failed, or a record in the database is not a
     *                               canonical record; the integrator then is no longer the leader
     */
    public int integrateOnce() throws IOException {
        if (!leader) {
            throw new IllegalStateException("integrator: not elected (call tryLead or run)");
        }
        try {
            long started = System.nanoTime();
            long from = writer.size();
            int limit = (int) Math.max(Math.min(options.maxBatch(), readLimit),
                    Math.min(published - from, options.maxBatch()));
            List<byte[]> batch = read(from, limit);
            if (batch.isEmpty()) {
                return 0;
            }
            // Appenders commit without waiting for the WAL flush and acknowledge only after a flush: what was just
            // read may not be durable yet. Nothing is published before it is (a crash must never lose a record
            // that a signed checkpoint covers).
            flushWal();
            int n = batch.size();
            // Records an appender sequenced come with their audit rows, written in the same transaction from the
            // record it encoded canonically; the others (sequenced straight in SQL, or by an older appender) are
            // checked to be canonical records here, and get their audit rows in this round's transaction.
            boolean[] foreign = auditGaps(from, n);
            AuditRows gaps = new AuditRows();
            List<Long> gapIndices = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i > 0 && from + i >= published && System.nanoTime() - started > ROUND_BUDGET_NANOS) {
                    n = i; // publish what is done: a checkpoint at least every ROUND_BUDGET even when starved
                    break;
                }
                byte[] rec = batch.get(i);
                if (foreign != null && foreign[i]) {
                    try {
                        gaps.add(RecordCodec.decode(rec));
                    } catch (IllegalArgumentException e) {
                        throw new IOException("mimamori_log_entries: record " + (from + i) + " is not a canonical"
                                + " record (" + e.getMessage() + "); refusing to integrate it (LOG_RECORD_MODIFIED)");
                    }
                    gapIndices.add(from + i);
                }
                writer.append(rec, RecordCodec.leafHash(rec));
            }
            readLimit = n == batch.size() ? (int) Math.min(options.maxBatch(), 2L * Math.max(readLimit, n))
                    : Math.max(MIN_READ, n + n / 4);
            long size = writer.size();
            byte[] root = writer.root();
            byte[] note = signer.signNote(new Checkpoint(signer.name(), size, root, List.of()).body(),
                    clock.instant().getEpochSecond()).encode();
            writer.publish(note); // the tiles durably, then the checkpoint
            session.setAutoCommit(false);
            try {
                try (PreparedStatement p = session.prepareStatement(Sql.ADVANCE)) {
                    p.setLong(1, size);
                    p.setBytes(2, root);
                    p.setBytes(3, note);
                    p.setString(4, tiles.toAbsolutePath().toString());
                    p.setLong(5, from);
                    if (p.executeUpdate() != 1) {
                        throw new SQLException("mimamori_log_integrated: the integrated size moved under this"
                                + " integrator; another one leads");
                    }
                }
                if (gaps.size() > 0) {
                    gaps.insert(session, gapIndices);
                }
                session.commit();
            } catch (SQLException e) {
                try {
                    session.rollback();
                } catch (SQLException ignored) {
                    // the session is dropped by the caller's handler
                }
                throw e;
            }
            session.setAutoCommit(true);
            return n;
        } catch (SQLException e) {
            dropSession();
            throw new IOException("evidence log on PostgreSQL: integration failed (" + e.getMessage()
                    + "); no longer leading", e);
        } catch (IOException | RuntimeException e) {
            dropSession();
            throw e;
        }
    }

    /** Commits a transaction at the session's level, so that everything committed before it is durable. */
    private void flushWal() throws SQLException {
        if (commitLevel == null) {
            try (Statement s = session.createStatement(); ResultSet r = s.executeQuery(Sql.COMMIT_LEVEL)) {
                r.next();
                commitLevel = r.getString(1);
            }
        }
        try (PreparedStatement p = session.prepareStatement(Sql.FLUSH)) {
            p.setString(1, commitLevel);
            try (ResultSet r = p.executeQuery()) {
                r.next();
            }
        }
    }

    /**
     * Which of the records {@code [from, from + n)} have no audit row (element {@code i} for record
     * {@code from + i}), or null when none lacks one: a count first, the rows themselves only when some are missing.
     */
    private boolean[] auditGaps(long from, int n) throws SQLException {
        try (PreparedStatement p = session.prepareStatement(Sql.AUDIT_COUNT)) {
            p.setLong(1, from);
            p.setLong(2, from + n);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                if (r.getLong(1) == n) {
                    return null;
                }
            }
        }
        boolean[] out = new boolean[n];
        try (PreparedStatement p = session.prepareStatement(Sql.AUDIT_MISSING)) {
            p.setLong(1, from);
            p.setLong(2, from + n);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out[(int) (r.getLong(1) - from)] = true;
                }
            }
        }
        return out;
    }

    /** The integrated tree head (the one the last checkpoint signed). */
    public TreeHead treeHead() {
        if (!leader) {
            throw new IllegalStateException("integrator: not elected");
        }
        return new TreeHead(writer.size(), writer.root());
    }

    /**
     * Waits to be elected, then integrates rounds until {@code keepGoing} answers false, sleeping
     * {@link Options#pollInterval()} when idle. After a failure it gives up leadership, waits a poll interval and
     * competes again (a fresh connection), so a database restart only pauses it.
     *
     * @throws InterruptedIOException if the thread is interrupted
     */
    public void run(BooleanSupplier keepGoing) throws InterruptedIOException {
        while (keepGoing.getAsBoolean()) {
            try {
                if (!tryLead()) {
                    pause();
                    continue;
                }
                if (integrateOnce() == 0) {
                    pause();
                }
            } catch (IOException e) {
                if (e instanceof InterruptedIOException ie) {
                    throw ie;
                }
                LOG.log(System.Logger.Level.WARNING, "integrator: {0}", e.getMessage());
                pause();
            }
        }
    }

    private void pause() throws InterruptedIOException {
        try {
            Thread.sleep(Math.max(1, options.pollInterval().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("integrator interrupted");
        }
    }

    private void dropSession() {
        leader = false;
        writer = null;
        commitLevel = null;
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                // gone either way
            }
            session = null;
        }
    }

    /** Gives up leadership (ends the session, which releases the lock). */
    @Override
    public void close() {
        dropSession();
    }
}
