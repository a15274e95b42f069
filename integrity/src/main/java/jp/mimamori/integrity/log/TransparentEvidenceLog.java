package jp.mimamori.integrity.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.internal.work.Parallel;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.log.internal.Frontier;
import jp.mimamori.integrity.log.internal.LogFiles;
import jp.mimamori.integrity.log.internal.LogScan;
import jp.mimamori.integrity.log.internal.MappedArray;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.log.internal.RecordFile;
import jp.mimamori.integrity.log.internal.Rfc9162;
import jp.mimamori.integrity.log.internal.TreeState;
import jp.mimamori.integrity.log.internal.TreeStore;

/**
 * The file-backed, tamper-evident evidence log: an append-only file of canonical JSON records, an RFC 9162
 * Merkle tree over them stored level by level on disk, and group commit.
 *
 * <pre>{@code
 * try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
 *     EvidenceReceipt r = log.append(EvidenceRecord.of(EvidenceTypes.HOLD_PLACED, now, body));
 *     InclusionProof p = log.inclusionProof(r.index(), log.size());
 * }
 * }</pre>
 *
 * <p><b>Durability.</b> Appends from any number of threads are queued to one writer thread, which writes
 * everything queued as one batch, calls {@link FileChannel#force} once for the batch and only then
 * acknowledges each record (returns from {@link #append}, completes {@link #appendAsync}). A crash at any
 * point loses no acknowledged record (invariant 5).
 *
 * <p><b>Threads and processes.</b> Thread-safe: any number of threads may append, read and prove at once.
 * An append that races {@link #close()} either is made durable and acknowledged, or fails promptly with an
 * {@link IOException}; it never waits forever. One process owns a log folder: opening takes an exclusive
 * {@link FileChannel#tryLock() file lock} on {@code records.log}, so a second opener, in another process or
 * in this one, gets an {@link IOException} saying the log is already open.
 *
 * <p><b>Recovery.</b> On open the log trusts the checkpointed tree state ({@code tree/state}, written every
 * {@link Options#stateInterval} records and on close) and replays only the frames after it. Only a damaged
 * <em>final</em> frame — cut short or failing its CRC, with no valid frame after it — is a torn tail (a batch never
 * acknowledged): it is cut and never replayed. A damaged or moved frame with valid frames after it is an edit, and
 * a damaged or missing record that a signed checkpoint in {@code checkpoints/} covers is never cut: the open fails
 * with a {@link LogIntegrityException} ({@code LOG_RECORD_MODIFIED} or {@code LOG_TRUNCATED}).
 * {@link #repair} rebuilds the stored tree from the records.
 *
 * <p><b>Layout</b> of the folder (docs/FORMATS.md): {@code records.log}, {@code tree/level-KK.hashes},
 * {@code tree/offsets.u64}, {@code tree/state}; checkpoints are written beside it by
 * {@code jp.mimamori.integrity.checkpoint}. Only {@code records.log} is authoritative; everything under
 * {@code tree/} is derived and rebuilt if damaged.
 */
public final class TransparentEvidenceLog implements EvidenceLog, LogView, Closeable {
    private static final System.Logger LOG = System.getLogger(TransparentEvidenceLog.class.getName());

    /** The records file name. */
    public static final String RECORDS = "records.log";

    /**
     * Tuning.
     *
     * <p>Immutable and thread-safe.
     *
     * @param maxBatch      most records written under one sync
     * @param stateInterval records between tree-state checkpoints (bounds the replay on open)
     */
    public record Options(int maxBatch, long stateInterval) {
        /** Validates. */
        public Options {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch: must be >= 1");
            }
            if (stateInterval < 1) {
                throw new IllegalArgumentException("stateInterval: must be >= 1");
            }
        }

        /** 8192 records per batch, a tree state every 65,536 records. */
        public static Options defaults() {
            return new Options(8192, 1 << 16);
        }
    }

    /** What the last open found and cut. Immutable and thread-safe. */
    public record Recovery(long replayedRecords, long cutBytes) {}

    private record Pending(byte[] payload, byte[] leaf, CompletableFuture<EvidenceReceipt> done) {}

    private record Committed(long size, long end) {}

    private final Path dir;
    private final Options options;
    private final FileChannel channel;
    private final FileLock lock;
    private final TreeStore tree;
    private final MappedArray offsets;
    private final Recovery recovery;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile Committed committed;
    private volatile IOException failure;
    private volatile boolean closing;
    // Appends hold the read lock from their closed-check to their enqueue; close takes the write lock to set
    // closing, so no append can slip into the queue after the writer has drained it and stopped.
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private long stateSize;
    private long fileEnd;

    private TransparentEvidenceLog(Path dir, Options options, boolean rebuild) throws IOException {
        this.dir = dir;
        this.options = options;
        Files.createDirectories(dir);
        LogFiles.requireConfined(dir);
        Files.createDirectories(dir.resolve("tree"));
        Path records = dir.resolve(RECORDS);
        boolean fresh = !Files.exists(records);
        channel = FileChannel.open(records, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException(records + ": already open in this process");
        }
        if (lock == null) {
            channel.close();
            throw new IOException(records + ": locked by another process");
        }
        try {
            if (fresh || channel.size() == 0) {
                channel.write(ByteBuffer.wrap(RecordFile.HEADER), 0);
                channel.force(true);
                DurableFiles.syncDirectory(dir);
            } else {
                ByteBuffer h = ByteBuffer.allocate(RecordFile.HEADER.length);
                if (channel.size() < h.capacity()) {
                    throw new IOException(records + ": not a Mimamori evidence log (short header)");
                }
                RecordFile.readFully(channel, h, 0);
                if (!Arrays.equals(h.array(), RecordFile.HEADER)) {
                    throw new IOException(records + ": not a Mimamori evidence log v1 (bad header)");
                }
            }
            Path treeDir = dir.resolve("tree");
            TreeState state = rebuild ? null : TreeState.read(dir, treeDir.resolve("state"));
            long length = channel.size();
            if (state != null && state.offset() > length) {
                throw new IOException(records + ": " + length + " bytes, shorter than the " + state.offset()
                        + " bytes its tree state covers; records were removed (LOG_TRUNCATED), refusing to open");
            }
            long size = state == null ? 0 : state.size();
            long offset = state == null ? RecordFile.HEADER.length : state.offset();
            TreeStore t = new TreeStore(treeDir, size);
            if (state != null && !Arrays.equals(t.rootAt(size, new Rfc9162()), state.root())) {
                LOG.log(System.Logger.Level.WARNING, "{0}: stored tree does not match its state; rebuilding", dir);
                t.close();
                size = 0;
                offset = RecordFile.HEADER.length;
                t = new TreeStore(treeDir, 0);
            }
            tree = t;
            offsets = new MappedArray(treeDir.resolve("offsets.u64"), 8, 1 << 16);
            offsets.mapUpTo(size);
            stateSize = size;
            // Replay the frames after the state. Only a damaged final frame is a torn tail, cut here; a damaged or
            // moved frame with valid frames after it is an edit, and nothing a checkpoint covers is ever cut.
            long checkpointed = LogCheckpoints.newestSize(dir);
            long replayed = 0;
            Rfc9162 h = new Rfc9162();
            LogScan scan = new LogScan(channel, offset, length, size);
            long cut = 0;
            for (LogScan.Item it = scan.next(); it != null; it = scan.next()) {
                if (it.kind() == LogScan.Kind.RECORD && it.frame().index() == it.position()) {
                    offsets.putLong(size, offset);
                    tree.appendLeaf(it.leaf());
                    size++;
                    replayed++;
                    offset = it.end();
                    continue;
                }
                if (it.kind() != LogScan.Kind.TAIL) {
                    throw new LogIntegrityException(VerificationCode.LOG_RECORD_MODIFIED, records + ": record "
                            + it.position() + " at offset " + it.offset() + " is damaged or was edited, and valid"
                            + " records follow it: not a torn tail, refusing to open (mimamori log verify names it)");
                }
                if (it.position() < checkpointed) {
                    throw new LogIntegrityException(VerificationCode.LOG_RECORD_MODIFIED, records + ": record "
                            + it.position() + " at offset " + it.offset() + " is damaged, and a checkpoint covers "
                            + checkpointed + " records: refusing to cut records a checkpoint covers");
                }
                cut = length - offset;
            }
            if (size < checkpointed) {
                throw new LogIntegrityException(VerificationCode.LOG_TRUNCATED, records + ": holds " + size
                        + " records, fewer than the " + checkpointed + " its newest checkpoint covers; refusing to open");
            }
            if (cut > 0) {
                LOG.log(System.Logger.Level.WARNING,
                        "{0}: cut a torn tail of {1} bytes at offset {2} after record {3} (never acknowledged)",
                        records, cut, offset, size);
                channel.truncate(offset);
                channel.force(true);
            }
            fileEnd = offset;
            recovery = new Recovery(replayed, cut);
            committed = new Committed(size, offset);
            // No tree state here: forcing the replayed levels would cost the open time; the writer writes one
            // after the next stateInterval records or on close, and until then a crash just replays again.
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
        writer = new Thread(this::writeLoop, "mimamori-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens (or creates) the log in {@code dir} with default options. */
    public static TransparentEvidenceLog open(Path dir) throws IOException {
        return new TransparentEvidenceLog(dir, Options.defaults(), false);
    }

    /** Opens (or creates) the log in {@code dir}. */
    public static TransparentEvidenceLog open(Path dir, Options options) throws IOException {
        return new TransparentEvidenceLog(dir, options, false);
    }

    /**
     * Rebuilds the stored tree ({@code tree/}, a cache) of the log in {@code dir} from {@code records.log}, as the
     * writer: it replays every record (the same checks as {@link #open}: nothing a checkpoint covers is cut),
     * rewrites every stored node and writes a new tree state. What {@code mimamori log repair} runs when
     * {@link LogVerifier} reports a damaged stored node ({@code PROOF_INVALID} in {@code tree/}).
     *
     * @return what the rebuild replayed and cut
     * @throws LogIntegrityException if a record a checkpoint covers is damaged or missing
     */
    public static Recovery repair(Path dir) throws IOException {
        TransparentEvidenceLog log = new TransparentEvidenceLog(dir, Options.defaults(), true);
        Recovery r = log.recovery();
        log.stateSize = -1; // force a new tree state on close
        log.close();
        return r;
    }

    /** The log's folder. */
    public Path directory() {
        return dir;
    }

    /** What the last open replayed and cut. */
    public Recovery recovery() {
        return recovery;
    }

    @Override
    public EvidenceReceipt append(EvidenceRecord record) throws IOException {
        return await(appendAsync(record));
    }

    /**
     * Appends records in order and returns once all are durable. They are encoded first and queued together, so
     * the writer takes them as one batch: one write and one sync for up to {@code maxBatch} records.
     */
    @Override
    public List<EvidenceReceipt> appendAll(List<EvidenceRecord> records) throws IOException {
        // Encoding and hashing are pure: a large batch (an erasure's intents or receipts) uses every core.
        List<Pending> ps = Parallel.map(records, 64, TransparentEvidenceLog::prepare);
        enqueue(ps);
        List<EvidenceReceipt> out = new ArrayList<>(ps.size());
        for (Pending p : ps) {
            out.add(await(p.done()));
        }
        return out;
    }

    /**
     * Queues a record and returns a future completed with its receipt once it is durable (or exceptionally
     * with an {@link IOException} if it could not be made durable). Records are logged in the order of calls.
     */
    public CompletableFuture<EvidenceReceipt> appendAsync(EvidenceRecord record) {
        Pending p = prepare(record);
        enqueue(List.of(p));
        return p.done();
    }

    /** A record encoded and hashed for the writer. */
    private static Pending prepare(EvidenceRecord record) {
        byte[] payload = RecordCodec.encode(record);
        if (payload.length > RecordFile.MAX_PAYLOAD) {
            throw new IllegalArgumentException("record: canonical form is " + payload.length
                    + " bytes, more than the limit of " + RecordFile.MAX_PAYLOAD);
        }
        return new Pending(payload, Rfc9162.local().leaf(payload), new CompletableFuture<>());
    }

    /** Queues records for the writer in order, together; each one's future fails if the log cannot take it. */
    private void enqueue(List<Pending> ps) {
        IOException failed = failure;
        if (failed != null) {
            for (Pending p : ps) {
                p.done().completeExceptionally(new IOException("evidence log failed earlier: " + failed.getMessage(),
                        failed));
            }
            return;
        }
        gate.readLock().lock();
        try {
            if (closing) {
                for (Pending p : ps) {
                    p.done().completeExceptionally(new IOException("evidence log is closed"));
                }
                return;
            }
            queue.addAll(ps);
        } finally {
            gate.readLock().unlock();
        }
    }

    private static EvidenceReceipt await(CompletableFuture<EvidenceReceipt> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for durability");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c.getMessage(), c);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        while (true) {
            batch.clear();
            try {
                Pending first = queue.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, options.maxBatch() - 1);
            if (failure != null) {
                for (Pending p : batch) {
                    p.done().completeExceptionally(new IOException("evidence log failed earlier", failure));
                }
                continue;
            }
            long size = committed.size();
            try {
                int bytes = 0;
                for (Pending p : batch) {
                    bytes += RecordFile.FRAME_HEADER + p.payload().length;
                }
                ByteBuffer buf = ByteBuffer.allocate(bytes);
                long[] starts = new long[batch.size()];
                long pos = fileEnd;
                for (int i = 0; i < batch.size(); i++) {
                    starts[i] = pos + buf.position();
                    RecordFile.putFrame(buf, size + i, batch.get(i).payload());
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    pos += channel.write(buf, pos);
                }
                channel.force(false);
                for (int i = 0; i < batch.size(); i++) {
                    offsets.putLong(size + i, starts[i]);
                    tree.appendLeaf(batch.get(i).leaf());
                }
                fileEnd = pos;
                committed = new Committed(size + batch.size(), pos);
                for (int i = 0; i < batch.size(); i++) {
                    Pending p = batch.get(i);
                    p.done().complete(new EvidenceReceipt(size + i, hex.formatHex(p.leaf())));
                }
                if (committed.size() - stateSize >= options.stateInterval()) {
                    writeState();
                }
            } catch (IOException | RuntimeException e) {
                IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
                failure = io;
                LOG.log(System.Logger.Level.ERROR, "evidence log write failed; log is now read-only", io);
                for (Pending p : batch) {
                    p.done().completeExceptionally(io);
                }
            }
        }
    }

    private void writeState() throws IOException {
        tree.force();
        offsets.force();
        Committed c = committed;
        new TreeState(c.size(), c.end(), tree.root()).write(dir.resolve("tree").resolve("state"));
        stateSize = c.size();
    }

    @Override
    public long size() {
        return committed.size();
    }

    /** The current size and root hash. */
    public TreeHead treeHead() throws IOException {
        long n = committed.size();
        return new TreeHead(n, tree.rootAt(n, Rfc9162.local()));
    }

    /** The root hash of the first {@code treeSize} records. */
    @Override
    public TreeHead treeHead(long treeSize) throws IOException {
        checkSize(treeSize);
        return new TreeHead(treeSize, tree.rootAt(treeSize, Rfc9162.local()));
    }

    /** The right edge of the stored tree at {@code treeSize}, to continue it leaf by leaf (the checkpoint signer). */
    Frontier frontierAt(long treeSize) throws IOException {
        checkSize(treeSize);
        return Frontier.of(treeSize, tree::node);
    }

    /** The inclusion proof of record {@code index} in the tree of {@code treeSize} records. */
    @Override
    public InclusionProof inclusionProof(long index, long treeSize) throws IOException {
        checkSize(treeSize);
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("index: must be in [0, " + treeSize + "), was " + index);
        }
        return new InclusionProof(index, treeSize, tree.inclusionPath(index, treeSize, Rfc9162.local()));
    }

    /** The consistency proof from the tree of {@code fromSize} records to the tree of {@code toSize}. */
    @Override
    public ConsistencyProof consistencyProof(long fromSize, long toSize) throws IOException {
        checkSize(toSize);
        if (fromSize < 0 || fromSize > toSize) {
            throw new IllegalArgumentException("fromSize: must be in [0, " + toSize + "], was " + fromSize);
        }
        return new ConsistencyProof(fromSize, toSize, tree.consistencyPath(fromSize, toSize, Rfc9162.local()));
    }

    /** The stored leaf hash of record {@code index}. */
    @Override
    public byte[] leafHash(long index) throws IOException {
        checkIndex(index);
        return tree.leaf(index);
    }

    /** The canonical bytes of record {@code index}, checked against its frame CRC and stored leaf hash. */
    @Override
    public byte[] recordBytes(long index) throws IOException {
        checkIndex(index);
        Committed c = committed;
        RecordFile.Frame f = RecordFile.read(channel, offsets.getLong(index), c.end(), index);
        if (f == null || !Arrays.equals(Rfc9162.local().leaf(f.payload()), tree.leaf(index))) {
            throw new IOException(RECORDS + ": record " + index + " is damaged or was modified (LOG_RECORD_MODIFIED)");
        }
        return f.payload();
    }

    /** Record {@code index}, decoded. */
    @Override
    public EvidenceRecord record(long index) throws IOException {
        return RecordCodec.decode(recordBytes(index));
    }

    /** Visits records {@code [from, to)} in order, reading the file sequentially. */
    @Override
    public void forEach(long from, long to, RecordVisitor visitor) throws IOException {
        checkSize(to);
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("from: must be in [0, " + to + "], was " + from);
        }
        if (from == to) {
            return;
        }
        Committed c = committed;
        RecordFile.Scanner scan = new RecordFile.Scanner(channel, offsets.getLong(from), c.end());
        for (long i = from; i < to; i++) {
            RecordFile.Frame f = scan.next(i);
            if (f == null) {
                throw new IOException(RECORDS + ": record " + i + " is damaged (LOG_RECORD_MODIFIED)");
            }
            visitor.visit(i, f.payload());
        }
    }

    private void checkSize(long treeSize) {
        long n = committed.size();
        if (treeSize < 0 || treeSize > n) {
            throw new IllegalArgumentException("treeSize: must be in [0, " + n + "], was " + treeSize);
        }
    }

    private void checkIndex(long index) {
        long n = committed.size();
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("index: must be in [0, " + n + "), was " + index);
        }
    }

    /** Waits for queued appends, writes the tree state and closes the files. */
    @Override
    public void close() throws IOException {
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
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done().completeExceptionally(new IOException("evidence log is closed"));
        }
        try {
            if (failure == null && committed.size() != stateSize) {
                writeState();
            }
        } finally {
            tree.close();
            offsets.close();
            lock.release();
            channel.close();
        }
    }
}
