package jp.mimamori.integrity.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.NoteFormatException;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.internal.Frontier;
import jp.mimamori.integrity.log.internal.LogFiles;
import jp.mimamori.integrity.log.internal.LogScan;
import jp.mimamori.integrity.log.internal.RecordFile;
import jp.mimamori.integrity.log.internal.StoredTree;
import jp.mimamori.integrity.log.internal.TreeState;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.ProofException;

/**
 * A log folder opened read-only, for auditors and every command that only reads ({@code log prove},
 * {@code log consistency}, {@code log register}, {@code verify --log}): it writes nothing, takes no lock (the writer
 * keeps appending meanwhile), cuts nothing, and works on write-protected media for a user without write access.
 * It reads the records present when it was opened (a torn tail of a batch still being written is left out).
 *
 * <p>The stored tree is a cache, never evidence: roots come from the signed checkpoint of that size when the
 * folder has one, else from the records themselves; every proof is computed (from the cache where it can, else
 * from the records) and checked against that root before it is returned, and leaf hashes are recomputed from the
 * records. A proof the cache gets wrong is recomputed from the records; if the records do not give the signed
 * root either, a {@link LogIntegrityException} says so.
 *
 * <pre>{@code
 * try (LogReader log = LogReader.open(Path.of("log"))) {
 *     InclusionProof p = log.inclusionProof(3, log.size());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LogReader implements LogView, Closeable {
    private final Path dir;
    private final FileChannel channel;
    private final long length;
    private final long size;
    private final StoredTree stored;
    private final Map<Long, byte[]> signedRoots;
    private volatile boolean cacheDamaged;

    private LogReader(Path dir, FileChannel channel, long length, long size, StoredTree stored,
                      Map<Long, byte[]> signedRoots) {
        this.dir = dir;
        this.channel = channel;
        this.length = length;
        this.size = size;
        this.stored = stored;
        this.signedRoots = signedRoots;
    }

    /**
     * Opens the log folder {@code dir} read-only.
     *
     * @throws jp.mimamori.core.internal.io.ConfinedFiles.RefusedException if the folder holds a link, FIFO or device
     * @throws IOException if {@code records.log} is missing or not an evidence log
     */
    public static LogReader open(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        LogFiles.requireConfined(dir);
        Path records = dir.resolve(TransparentEvidenceLog.RECORDS);
        FileChannel ch = ConfinedFiles.open(dir, records);
        try {
            long length = ch.size();
            ByteBuffer h = ByteBuffer.allocate(RecordFile.HEADER.length);
            if (length < h.capacity()) {
                throw new IOException(records + ": not a Mimamori evidence log (short header)");
            }
            RecordFile.readFully(ch, h, 0);
            if (!Arrays.equals(h.array(), RecordFile.HEADER)) {
                throw new IOException(records + ": not a Mimamori evidence log v1 (bad header)");
            }
            TreeState state = TreeState.read(dir, dir.resolve("tree").resolve("state"));
            long from = RecordFile.HEADER.length;
            long position = 0;
            if (state != null && state.offset() <= length && state.size() > 0) {
                from = state.offset();
                position = state.size();
            } else {
                state = null;
            }
            long n = countFrom(ch, from, length, position);
            StoredTree tree = state == null ? null : new StoredTree(dir, Math.min(state.size(), n));
            return new LogReader(dir, ch, length, n, tree, signedRoots(dir));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Records (damaged ones included, so positions match the verifier's) up to a torn tail. */
    private static long countFrom(FileChannel ch, long from, long length, long position) throws IOException {
        LogScan scan = new LogScan(ch, from, length, position);
        long n = position;
        for (LogScan.Item it = scan.next(); it != null; it = scan.next()) {
            if (it.leaf() != null) {
                n = it.position() + 1;
            }
        }
        return n;
    }

    /** The roots of the checkpoint files in the folder, by size (signatures are checked by whoever verifies). */
    private static Map<Long, byte[]> signedRoots(Path dir) throws IOException {
        Map<Long, byte[]> out = new HashMap<>();
        List<Path> files = new ArrayList<>(LogCheckpoints.list(dir));
        Path latest = dir.resolve(LogCheckpoints.LATEST);
        if (ConfinedFiles.kind(dir, latest).orElse(null) == ConfinedFiles.Kind.FILE) {
            files.add(latest);
        }
        for (Path p : files) {
            try {
                Checkpoint c = Checkpoint.parseBody(SignedNote.parse(BoundedFiles.read(dir, p, SignedNote.MAX_BYTES))
                        .text());
                byte[] before = out.putIfAbsent(c.size(), c.rootHash());
                if (before != null && !Arrays.equals(before, c.rootHash())) {
                    throw new LogIntegrityException(VerificationCode.LOG_INCONSISTENT, p + ": another root for "
                            + c.size() + " records than another checkpoint file (mimamori log verify names them)");
                }
            } catch (NoteFormatException | BoundedFiles.TooLargeException e) {
                // not a checkpoint (or far too large to be one): LogVerifier reports it; it vouches for no root here
            }
        }
        return out;
    }

    /** The log folder. */
    public Path directory() {
        return dir;
    }

    @Override
    public long size() {
        return size;
    }

    /** The size of the newest checkpoint file in the folder whose size this reader holds, if any. */
    public Optional<Long> newestCheckpointSize() {
        return signedRoots.keySet().stream().filter(s -> s <= size).max(Long::compare);
    }

    /**
     * Whether a proof served from the stored tree failed against the root and was recomputed from the records
     * (the cache is damaged: {@code mimamori log repair} rebuilds it).
     */
    public boolean cacheDamaged() {
        return cacheDamaged;
    }

    /** The root of the signed checkpoint of that size in the folder, else the one the records give. */
    @Override
    public TreeHead treeHead(long treeSize) throws IOException {
        checkSize(treeSize);
        byte[] signed = signedRoots.get(treeSize);
        if (signed != null) {
            return new TreeHead(treeSize, signed);
        }
        return new TreeHead(treeSize, treeSize == 0 ? Merkle.emptyRoot() : ranges(List.of(new long[] {0, treeSize}))
                .get(0));
    }

    @Override
    public InclusionProof inclusionProof(long index, long treeSize) throws IOException {
        checkSize(treeSize);
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("index: must be in [0, " + treeSize + "), was " + index);
        }
        byte[] root = treeHead(treeSize).rootHash();
        byte[] leaf = leafHash(index);
        if (stored != null && treeSize <= stored.size()) {
            try {
                List<byte[]> path = Merkle.inclusionProof(this::cached, index, treeSize);
                Merkle.verifyInclusion(leaf, index, treeSize, path, root);
                return new InclusionProof(index, treeSize, path);
            } catch (CacheMiss | ProofException e) {
                cacheDamaged = true;
            }
        }
        List<long[]> want = new ArrayList<>();
        Merkle.inclusionProof((a, b) -> record(want, a, b), index, treeSize);
        List<byte[]> got = ranges(want);
        List<byte[]> path = Merkle.inclusionProof(replay(want, got), index, treeSize);
        try {
            Merkle.verifyInclusion(leaf, index, treeSize, path, root);
        } catch (ProofException e) {
            throw new LogIntegrityException(VerificationCode.LOG_RECORD_MODIFIED, dir.resolve(
                    TransparentEvidenceLog.RECORDS) + ": the records do not give the signed root of " + treeSize
                    + " records; no proof of record " + index + " can be served (mimamori log verify names why)");
        }
        return new InclusionProof(index, treeSize, path);
    }

    @Override
    public ConsistencyProof consistencyProof(long fromSize, long toSize) throws IOException {
        checkSize(toSize);
        if (fromSize < 0 || fromSize > toSize) {
            throw new IllegalArgumentException("fromSize: must be in [0, " + toSize + "], was " + fromSize);
        }
        if (fromSize == 0 || fromSize == toSize) {
            return new ConsistencyProof(fromSize, toSize, List.of());
        }
        byte[] r1 = treeHead(fromSize).rootHash();
        byte[] r2 = treeHead(toSize).rootHash();
        if (stored != null && toSize <= stored.size()) {
            try {
                List<byte[]> path = Merkle.consistencyProof(this::cached, fromSize, toSize);
                Merkle.verifyConsistency(fromSize, toSize, path, r1, r2);
                return new ConsistencyProof(fromSize, toSize, path);
            } catch (CacheMiss | ProofException e) {
                cacheDamaged = true;
            }
        }
        List<long[]> want = new ArrayList<>();
        Merkle.consistencyProof((a, b) -> record(want, a, b), fromSize, toSize);
        List<byte[]> path = Merkle.consistencyProof(replay(want, ranges(want)), fromSize, toSize);
        try {
            Merkle.verifyConsistency(fromSize, toSize, path, r1, r2);
        } catch (ProofException e) {
            throw new LogIntegrityException(VerificationCode.LOG_INCONSISTENT, dir.resolve(
                    TransparentEvidenceLog.RECORDS) + ": the records do not prove the tree of " + fromSize
                    + " records consistent with the tree of " + toSize + " (" + e.getMessage() + ")");
        }
        return new ConsistencyProof(fromSize, toSize, path);
    }

    /** The leaf hash of record {@code index}, recomputed from the record (never read from the cache). */
    @Override
    public byte[] leafHash(long index) throws IOException {
        return Merkle.leafHash(recordBytes(index));
    }

    /**
     * The bytes of record {@code index}, from its frame (found through the offsets cache, checked by its index and
     * CRC, else by a scan of the file).
     *
     * @throws LogIntegrityException {@code LOG_RECORD_MODIFIED} if the record at that position is damaged
     */
    @Override
    public byte[] recordBytes(long index) throws IOException {
        checkIndex(index);
        Path offsets = dir.resolve("tree").resolve("offsets.u64");
        if (ConfinedFiles.kind(dir, offsets).orElse(null) == ConfinedFiles.Kind.FILE) {
            try (FileChannel o = ConfinedFiles.open(dir, offsets)) {
                if (o.size() >= (index + 1) * 8) {
                    ByteBuffer b = ByteBuffer.allocate(8);
                    RecordFile.readFully(o, b, index * 8);
                    long at = b.getLong(0);
                    if (at >= RecordFile.HEADER.length && at < length) {
                        RecordFile.Frame f = RecordFile.read(channel, at, length, index);
                        if (f != null) {
                            return f.payload();
                        }
                    }
                }
            }
        }
        byte[][] found = new byte[1][];
        scan(index, index + 1, (i, bytes) -> found[0] = bytes);
        return found[0];
    }

    @Override
    public void forEach(long from, long to, RecordVisitor visitor) throws IOException {
        checkSize(to);
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("from: must be in [0, " + to + "], was " + from);
        }
        scan(from, to, visitor);
    }

    /** Scans the file from its start, visiting records {@code [from, to)}; a damaged one among them is refused. */
    private void scan(long from, long to, RecordVisitor visitor) throws IOException {
        if (from == to) {
            return;
        }
        LogScan scan = new LogScan(channel, RecordFile.HEADER.length, length, 0);
        for (LogScan.Item it = scan.next(); it != null && it.position() < to; it = scan.next()) {
            if (it.leaf() == null || it.position() < from) {
                continue;
            }
            if (it.frame() == null || it.frame().index() != it.position()) {
                throw new LogIntegrityException(VerificationCode.LOG_RECORD_MODIFIED, dir.resolve(
                        TransparentEvidenceLog.RECORDS) + ": record " + it.position() + " is damaged or moved");
            }
            visitor.visit(it.position(), it.frame().payload());
        }
    }

    /** Computes {@code MTH(D[a:b])} for each range in one pass over the records. */
    private List<byte[]> ranges(List<long[]> want) throws IOException {
        byte[][] out = new byte[want.size()][];
        Frontier[] f = new Frontier[want.size()];
        long last = 0;
        for (long[] r : want) {
            last = Math.max(last, r[1]);
        }
        int done = 0;
        LogScan scan = new LogScan(channel, RecordFile.HEADER.length, length, 0);
        for (LogScan.Item it = scan.next(); it != null && done < want.size(); it = scan.next()) {
            if (it.leaf() == null) {
                continue;
            }
            long i = it.position();
            for (int k = 0; k < want.size(); k++) {
                long[] r = want.get(k);
                if (i >= r[0] && i < r[1]) {
                    if (f[k] == null) {
                        f[k] = new Frontier();
                    }
                    f[k].append(it.leaf());
                    if (i + 1 == r[1]) {
                        out[k] = f[k].root();
                        done++;
                    }
                }
            }
            if (i + 1 >= last) {
                break;
            }
        }
        for (int k = 0; k < out.length; k++) {
            if (out[k] == null) {
                throw new IOException(TransparentEvidenceLog.RECORDS + ": ended before record " + want.get(k)[1]);
            }
        }
        return Arrays.asList(out);
    }

    private static byte[] record(List<long[]> want, long a, long b) {
        want.add(new long[] {a, b});
        return new byte[Merkle.HASH_LENGTH];
    }

    private static Merkle.RangeHasher replay(List<long[]> want, List<byte[]> got) {
        Map<String, byte[]> m = new HashMap<>();
        for (int k = 0; k < want.size(); k++) {
            m.put(want.get(k)[0] + ":" + want.get(k)[1], got.get(k));
        }
        return (a, b) -> m.get(a + ":" + b);
    }

    /** A stored node the cache cannot give. */
    private static final class CacheMiss extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CacheMiss(IOException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private byte[] cached(long from, long to) {
        try {
            return stored.range(from, to);
        } catch (IOException e) {
            throw new CacheMiss(e);
        }
    }

    private void checkSize(long treeSize) {
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("treeSize: must be in [0, " + size + "], was " + treeSize);
        }
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index: must be in [0, " + size + "), was " + index);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (stored != null) {
                stored.close();
            }
        } finally {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "LogReader[" + dir.getFileName() + ", size " + size + "]";
    }
}
