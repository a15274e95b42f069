package jp.mimamori.log.postgres;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.log.postgres.internal.AuditRows;
import jp.mimamori.log.postgres.internal.Schema;
import jp.mimamori.log.postgres.internal.Sql;

/**
 * Core's {@link EvidenceLog} on PostgreSQL, for many recorders appending to one city log: each append is
 * sequenced into the table {@code mimamori_log_entries} and acknowledged once its transaction has committed.
 * The tree, the tiles and the checkpoints are the {@link LogIntegrator}'s work; this class only sequences.
 *
 * <pre>{@code
 * DataSource ds = ...;   // the caller's own (PGSimpleDataSource, a pool, ...)
 * try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, "kumagaya.example/evidence-log")) {
 *     EvidenceReceipt r = log.append(EvidenceRecord.of(EvidenceTypes.HOLD_PLACED, now, body));
 * }
 * }</pre>
 *
 * <p><b>Sequencing.</b> Appends from any number of threads are queued to one thread, which sequences everything
 * queued (at most {@link Options#maxBatch()} records; when fewer are queued than the previous batch held, it waits
 * up to a millisecond for as many) in one statement, its own transaction: it takes the next
 * indices under the lock of the one row of {@code mimamori_log_sequence}, inserts the records at them, with their
 * audit index rows, and commits. Indices are therefore gapless, and a batch's records are visible only together
 * with every batch before it. Many processes on many machines may append at once; the row lock orders them.
 *
 * <p><b>Durability.</b> A record is acknowledged (its receipt returned) only once its batch's commit is durable,
 * so an acknowledged record survives any crash of the appender, the integrator or the database (PostgreSQL's own
 * durability, at the server's {@code synchronous_commit} level). The sequencing transaction itself commits with
 * {@code synchronous_commit = off}, so the sequence row's lock is released when the commit is recorded rather than
 * after the WAL flush, and batches of other appenders need not wait for this one's flush; then a second, tiny
 * transaction commits at the server's level, which flushes the WAL up to its own commit and so past the batch's
 * (PostgreSQL writes WAL in order), and only then are the receipts returned. A batch lost in a database crash
 * before that flush was never acknowledged, and every batch after it in the WAL is lost with it, so indices stay
 * gapless. When the connection fails during a batch, the log reconnects and asks the database whether the batch
 * committed (by a random token on its first row), in a transaction that flushes it when it did: a committed batch
 * is acknowledged, one that did not commit is sequenced again, so a record is never in the log twice because of
 * a retry. Retries go on for {@link Options#retryFor()} (long enough to ride out a database
 * restart); after that the append fails with an {@link IOException}.
 *
 * <p><b>Records.</b> The canonical JSON of docs/FORMATS.md, at most {@value #MAX_RECORD} bytes (one C2SP tile
 * entry).
 *
 * <p>Thread-safe. The log holds one connection of the data source for sequencing and opens short-lived ones to
 * answer {@link #size()}.
 */
public final class PostgresEvidenceLog implements EvidenceLog, Closeable {
    private static final System.Logger LOG = System.getLogger(PostgresEvidenceLog.class.getName());

    /** The largest canonical record in bytes: a C2SP entry bundle frames each entry with a 16-bit length. */
    public static final int MAX_RECORD = 65_535;

    /**
     * Tuning and identity.
     *
     * <p>Immutable and thread-safe.
     *
     * @param origin   the log's name (the checkpoint origin), fixed when the schema is created
     * @param maxBatch most records sequenced in one transaction
     * @param retryFor how long a batch is retried while the database cannot be reached
     */
    public record Options(String origin, int maxBatch, Duration retryFor) {
        /** Validates. */
        public Options {
            Objects.requireNonNull(origin, "origin");
            if (origin.isEmpty() || origin.length() > 256 || !origin.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)
                    || origin.contains("+")) {
                throw new IllegalArgumentException("origin: must be 1 to 256 printable ASCII characters without"
                        + " spaces or '+' (a C2SP checkpoint origin)");
            }
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch: must be >= 1");
            }
            Objects.requireNonNull(retryFor, "retryFor");
            if (retryFor.isNegative()) {
                throw new IllegalArgumentException("retryFor: must not be negative");
            }
        }

        /** 4096 records per batch, retried for 60 seconds. */
        public static Options defaults(String origin) {
            return new Options(origin, 4096, Duration.ofSeconds(60));
        }
    }

    /** How long the sequencer waits for a batch to fill up to the size of the one before it. */
    private static final long LINGER_NANOS = 1_000_000L;

    private record Pending(EvidenceRecord source, byte[] record, byte[] leaf, CompletableFuture<EvidenceReceipt> done) {}

    private final DataSource dataSource;
    private final Options options;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread sequencer;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile boolean closing;
    private Connection connection; // the sequencer thread's only
    private PreparedStatement sequence;
    private PreparedStatement flush;
    /** The server's {@code synchronous_commit} level, read when connecting, at which batches are made durable. */
    private String durableLevel = "on";

    private PostgresEvidenceLog(DataSource dataSource, Options options) throws IOException {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.options = Objects.requireNonNull(options, "options");
        try (Connection c = dataSource.getConnection()) {
            Schema.ensure(c, options.origin());
        } catch (SQLException e) {
            throw new IOException("evidence log on PostgreSQL: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        sequencer = new Thread(this::sequenceLoop, "mimamori-pglog-sequencer");
        sequencer.setDaemon(true);
        sequencer.start();
    }

    /**
     * Opens the log in the database {@code dataSource} connects to, creating its tables when missing.
     *
     * @throws IOException if the database cannot be reached or holds another log (another origin or format)
     */
    public static PostgresEvidenceLog open(DataSource dataSource, String origin) throws IOException {
        return new PostgresEvidenceLog(dataSource, Options.defaults(origin));
    }

    /** Opens the log with explicit options; see {@link #open(DataSource, String)}. */
    public static PostgresEvidenceLog open(DataSource dataSource, Options options) throws IOException {
        return new PostgresEvidenceLog(dataSource, options);
    }

    @Override
    public EvidenceReceipt append(EvidenceRecord record) throws IOException {
        return await(appendAsync(record));
    }

    @Override
    public List<EvidenceReceipt> appendAll(List<EvidenceRecord> records) throws IOException {
        List<CompletableFuture<EvidenceReceipt>> fs = new ArrayList<>(records.size());
        for (EvidenceRecord r : records) {
            fs.add(appendAsync(r));
        }
        List<EvidenceReceipt> out = new ArrayList<>(fs.size());
        for (CompletableFuture<EvidenceReceipt> f : fs) {
            out.add(await(f));
        }
        return out;
    }

    /**
     * Queues a record and returns a future completed with its receipt once its batch has committed (or
     * exceptionally with an {@link IOException}). Records of one thread are sequenced in the order of its calls.
     *
     * @throws IllegalArgumentException if the record's canonical form is larger than {@value #MAX_RECORD} bytes
     */
    public CompletableFuture<EvidenceReceipt> appendAsync(EvidenceRecord record) {
        byte[] bytes = RecordCodec.encode(record);
        if (bytes.length > MAX_RECORD) {
            throw new IllegalArgumentException("record: canonical form is " + bytes.length
                    + " bytes, more than the PostgreSQL log's limit of " + MAX_RECORD);
        }
        CompletableFuture<EvidenceReceipt> f = new CompletableFuture<>();
        Pending p = new Pending(record, bytes, RecordCodec.leafHash(bytes), f);
        gate.readLock().lock();
        try {
            if (closing) {
                f.completeExceptionally(new IOException("evidence log is closed"));
                return f;
            }
            queue.add(p);
        } finally {
            gate.readLock().unlock();
        }
        return f;
    }

    private static EvidenceReceipt await(CompletableFuture<EvidenceReceipt> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the commit");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c.getMessage(), c);
        }
    }

    private void sequenceLoop() {
        List<Pending> batch = new ArrayList<>();
        int last = 1;
        while (true) {
            batch.clear();
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        closeConnection();
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, options.maxBatch() - 1);
                // The callers of the last batch are likely appending again as they learn their receipts: wait a
                // moment for as many, so that one batch (one turn of the sequence row's lock) carries them all.
                long until = System.nanoTime() + LINGER_NANOS;
                for (int want = Math.min(last, options.maxBatch()); batch.size() < want; ) {
                    long left = until - System.nanoTime();
                    Pending p = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (p == null) {
                        break;
                    }
                    batch.add(p);
                    queue.drainTo(batch, options.maxBatch() - batch.size());
                }
                last = batch.size();
            } catch (InterruptedException e) {
                for (Pending p : batch) {
                    p.done().completeExceptionally(new InterruptedIOException("evidence log: sequencer interrupted"));
                }
                closeConnection();
                return;
            }
            try {
                long start = sequenceDurably(batch);
                HexFormat hex = HexFormat.of();
                for (int i = 0; i < batch.size(); i++) {
                    Pending p = batch.get(i);
                    p.done().complete(new EvidenceReceipt(start + i, hex.formatHex(p.leaf())));
                }
            } catch (IOException e) {
                for (Pending p : batch) {
                    p.done().completeExceptionally(e);
                }
            }
        }
    }

    /** Sequences the batch durably, retrying while the database is away; the batch's first index. */
    private long sequenceDurably(List<Pending> batch) throws IOException {
        long deadline = System.nanoTime() + options.retryFor().toNanos();
        long backoffMs = 10;
        SQLException last;
        while (true) {
            UUID token = UUID.randomUUID();
            Backend backend = null;
            boolean committed = false;
            try {
                backend = connect();
                long start = sequenceOnce(batch, token);
                committed = true; // recorded, not yet known durable
                flushOnce();
                return start;
            } catch (SQLException e) {
                last = e;
                closeConnection();
            }
            // A statement failed: did the batch commit, and is it durable? Once the backend that sequenced it is
            // gone, the token on the batch's first row answers, in a transaction that makes it durable when it is
            // there; until then that backend may still commit, so it is ended first. After a failed flush the
            // batch had committed: it is only looked up (found, it is now durable; absent, a crash lost it).
            Backend running = committed ? null : backend;
            if (backend != null) {
                while (true) {
                    try {
                        OptionalLong start = committed(running, token);
                        if (start.isPresent()) {
                            return start.getAsLong();
                        }
                        break; // known not committed, or lost before it was durable: sequence again
                    } catch (SQLException e) {
                        last = e;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IOException("evidence log on PostgreSQL: the outcome of a batch of " + batch.size()
                                + " records is unknown after " + options.retryFor().toSeconds() + " s ("
                                + last.getMessage() + "); they were not acknowledged", last);
                    }
                    sleep(backoffMs);
                    backoffMs = Math.min(1000, backoffMs * 2);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("evidence log on PostgreSQL: could not sequence " + batch.size()
                        + " records within " + options.retryFor().toSeconds() + " s (" + last.getMessage()
                        + "); they are not in the log", last);
            }
            LOG.log(System.Logger.Level.WARNING, "evidence log on PostgreSQL: batch of {0} not committed ({1});"
                    + " sequencing it again", batch.size(), last.getMessage());
            sleep(backoffMs);
            backoffMs = Math.min(1000, backoffMs * 2);
        }
    }

    /** The server process behind a connection: its pid and start time (a pid alone is reused). */
    private record Backend(int pid, java.sql.Timestamp started) {}

    private Backend backend;

    private Backend connect() throws SQLException {
        if (connection == null) {
            Connection c = dataSource.getConnection();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
                r.next();
                backend = new Backend(r.getInt(1), r.getTimestamp(2));
                c.setAutoCommit(true);
                try (ResultSet l = s.executeQuery(Sql.COMMIT_LEVEL)) {
                    l.next();
                    durableLevel = l.getString(1);
                }
                // Sequencing commits without waiting for the WAL flush (the row lock is released at once); FLUSH
                // then commits at the server's level before anything is acknowledged.
                s.execute("SET synchronous_commit = off");
                sequence = c.prepareStatement(Sql.SEQUENCE_BATCH);
                flush = c.prepareStatement(Sql.FLUSH);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return backend;
    }

    private long sequenceOnce(List<Pending> batch, UUID token) throws SQLException {
        byte[][] records = new byte[batch.size()][];
        AuditRows audit = new AuditRows();
        for (int i = 0; i < records.length; i++) {
            records[i] = batch.get(i).record();
            audit.add(batch.get(i).source());
        }
        Array array = connection.createArrayOf("bytea", records);
        sequence.setLong(1, batch.size());
        sequence.setLong(2, batch.size());
        sequence.setObject(3, token);
        sequence.setArray(4, array);
        audit.bind(connection, sequence, 5);
        try (ResultSet r = sequence.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("mimamori_log_sequence: the sequence row is missing");
            }
            return r.getLong(1);
        } finally {
            array.free();
        }
    }

    /** Commits a transaction at the server's level: every batch committed before is durable when it returns. */
    private void flushOnce() throws SQLException {
        flush.setString(1, durableLevel);
        try (ResultSet r = flush.executeQuery()) {
            r.next();
        }
    }

    /**
     * The first index of the batch tagged {@code token} if it committed, made durable before this returns, empty
     * if it did not commit or a database crash lost it before it was durable; asked only once the backend
     * {@code gone} that ran it has ended (it is terminated if still running; null when the batch is known to have
     * committed and only its durability is in question).
     *
     * @throws SQLException if the database cannot answer yet
     */
    private OptionalLong committed(Backend gone, UUID token) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (gone != null) {
                try (PreparedStatement p = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE pid = ? AND backend_start = ?")) {
                    p.setInt(1, gone.pid());
                    p.setTimestamp(2, gone.started());
                    try (ResultSet r = p.executeQuery()) {
                        if (r.next()) {
                            throw new SQLException("the backend of the failed batch (pid " + gone.pid()
                                    + ") is still running; terminated it, asking again");
                        }
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(Sql.BATCH_TOKEN_DURABLE)) {
                p.setString(1, durableLevel);
                p.setObject(2, token);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw new SQLException("mimamori_log_flush: the flushing row was not written");
                    }
                    long idx = r.getLong(1);
                    return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(idx);
                }
            }
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the database");
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the connection is gone either way
            }
            connection = null;
            sequence = null;
            flush = null;
        }
    }

    /** The number of records sequenced in the database (by every appender), read from the database. */
    @Override
    public long size() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(Sql.SEQUENCED)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("evidence log on PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The log's origin (checkpoint name). */
    public String origin() {
        return options.origin();
    }

    /** Sequences what is queued, then stops; appends after close fail with an {@link IOException}. */
    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
        } finally {
            gate.writeLock().unlock();
        }
        try {
            sequencer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done().completeExceptionally(new IOException("evidence log is closed"));
        }
    }
}
