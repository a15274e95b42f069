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
 * queued (at most {@link Options#maxBatch()} records) in one statement, its own transaction: it takes the next
 * indices under the lock of the one row of {@code mimamori_log_sequence}, inserts the records at them and
 * commits. Indices are therefore gapless, and a batch's records are visible only together with every batch
 * before it. Many processes on many machines may append at once; the row lock orders them.
 *
 * <p><b>Durability.</b> A record is acknowledged (its receipt returned) only after PostgreSQL reported the
 * commit, so an acknowledged record survives any crash of the appender, the integrator or the database
 * (PostgreSQL's own durability, {@code synchronous_commit} on). When the connection fails during a batch, the
 * log reconnects and asks the database whether the batch committed (by a random token on its first row): a
 * committed batch is acknowledged, one that did not commit is sequenced again, so a record is never in the log
 * twice because of a retry. Retries go on for {@link Options#retryFor()} (long enough to ride out a database
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

    private record Pending(byte[] record, byte[] leaf, CompletableFuture<EvidenceReceipt> done) {}

    private final DataSource dataSource;
    private final Options options;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread sequencer;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile boolean closing;
    private Connection connection; // the sequencer thread's only
    private PreparedStatement sequence;

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
        Pending p = new Pending(bytes, RecordCodec.leafHash(bytes), f);
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
            } catch (InterruptedException e) {
                closeConnection();
                return;
            }
            queue.drainTo(batch, options.maxBatch() - 1);
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

    /** Sequences the batch, retrying while the database is away; the batch's first index. */
    private long sequenceDurably(List<Pending> batch) throws IOException {
        long deadline = System.nanoTime() + options.retryFor().toNanos();
        long backoffMs = 10;
        SQLException last;
        while (true) {
            UUID token = UUID.randomUUID();
            Backend backend = null;
            try {
                backend = connect();
                return sequenceOnce(batch, token);
            } catch (SQLException e) {
                last = e;
                closeConnection();
            }
            // The statement failed: did its transaction commit? Once the backend that ran it is gone, the token
            // on the batch's first row answers; until then the backend may still commit, so it is ended first.
            if (backend != null) {
                while (true) {
                    try {
                        OptionalLong start = committed(backend, token);
                        if (start.isPresent()) {
                            return start.getAsLong();
                        }
                        break; // known not committed: sequence again
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
                sequence = c.prepareStatement(Sql.SEQUENCE_BATCH);
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
        for (int i = 0; i < records.length; i++) {
            records[i] = batch.get(i).record();
        }
        Array array = connection.createArrayOf("bytea", records);
        sequence.setLong(1, batch.size());
        sequence.setLong(2, batch.size());
        sequence.setObject(3, token);
        sequence.setArray(4, array);
        try (ResultSet r = sequence.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("mimamori_log_sequence: the sequence row is missing");
            }
            return r.getLong(1);
        } finally {
            array.free();
        }
    }

    /**
     * The first index of the batch tagged {@code token} if it committed, empty if it did not; asked only once
     * the backend that ran it has ended (it is terminated if still running).
     *
     * @throws SQLException if the database cannot answer yet
     */
    private OptionalLong committed(Backend gone, UUID token) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ? AND backend_start = ?")) {
                p.setInt(1, gone.pid());
                p.setTimestamp(2, gone.started());
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        throw new SQLException("the backend of the failed batch (pid " + gone.pid()
                                + ") is still running; terminated it, asking again");
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(Sql.BATCH_TOKEN)) {
                p.setObject(1, token);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
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
