package jp.mimamori.log.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.ConsistencyProof;
import jp.mimamori.integrity.log.InclusionProof;
import jp.mimamori.integrity.log.TreeHead;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.ProofException;
import jp.mimamori.log.postgres.internal.Tiles;

/**
 * A published log read from its C2SP tiles alone, at the size of its signed checkpoint: records, leaf hashes,
 * inclusion and consistency proofs. Nothing is read from the database, and every answer is checked before it
 * is returned: a record against its leaf hash, a proof against the signed root.
 *
 * <pre>{@code
 * TiledLog log = TiledLog.open(Path.of("/srv/log"), List.of(NoteVerifier.parse(vkey)));
 * InclusionProof p = log.inclusionProof(42);
 * EvidenceRecord r = log.record(42);
 * }</pre>
 *
 * <p>Not thread-safe (it caches tiles): one instance per thread. It reads and never writes.
 */
public final class TiledLog {
    private final Path root;
    private final byte[] checkpointBytes;
    private final Checkpoint checkpoint;
    private final Tiles.Reader reader;

    private TiledLog(Path root, byte[] checkpointBytes, Checkpoint checkpoint) {
        this.root = root;
        this.checkpointBytes = checkpointBytes;
        this.checkpoint = checkpoint;
        this.reader = new Tiles.Reader(root, checkpoint.size());
    }

    /**
     * Opens the tiles under {@code root} at their checkpoint, which a key in {@code trusted} must have signed.
     *
     * @throws IOException if the checkpoint is missing, malformed or not signed by a trusted key (the message
     *                     names the finding)
     */
    public static TiledLog open(Path root, Collection<NoteVerifier> trusted) throws IOException {
        Objects.requireNonNull(root, "root");
        byte[] bytes = BoundedFiles.read(root.resolve(Tiles.CHECKPOINT), SignedNote.MAX_BYTES);
        CheckpointVerifier.Result r = CheckpointVerifier.verify(bytes, trusted, Location.entry(Tiles.CHECKPOINT));
        if (!r.valid()) {
            throw new IOException(Tiles.CHECKPOINT + ": " + r.findings().stream().map(f -> f.code() + " "
                    + f.message().en()).collect(Collectors.joining("; ")));
        }
        return new TiledLog(root, bytes, r.checkpoint().orElseThrow());
    }

    /** The tile folder. */
    public Path root() {
        return root;
    }

    /** The signed checkpoint this view is at. */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /** The checkpoint file's bytes (a C2SP signed note). */
    public byte[] checkpointBytes() {
        return checkpointBytes.clone();
    }

    /** The checkpoint's tree size. */
    public long size() {
        return checkpoint.size();
    }

    /** The checkpoint's tree head. */
    public TreeHead treeHead() {
        return new TreeHead(checkpoint.size(), checkpoint.rootHash());
    }

    /** The leaf hash of record {@code index}, from the level-0 tile. */
    public byte[] leafHash(long index) throws IOException {
        return reader.leafHash(index);
    }

    /**
     * The canonical bytes of record {@code index} from its entry bundle, checked against the leaf hash in its
     * tile and by an inclusion proof against the signed root.
     *
     * @throws IOException naming {@code LOG_RECORD_MODIFIED} when they do not match
     */
    public byte[] recordBytes(long index) throws IOException {
        byte[] e = reader.entry(index);
        if (!java.util.Arrays.equals(RecordCodec.leafHash(e), reader.leafHash(index))) {
            throw new IOException("tile/entries: record " + index + " does not match its leaf hash"
                    + " (LOG_RECORD_MODIFIED)");
        }
        inclusionProof(index);
        return e;
    }

    /** Record {@code index}, decoded and checked as {@link #recordBytes} does. */
    public EvidenceRecord record(long index) throws IOException {
        byte[] b = recordBytes(index);
        try {
            return RecordCodec.decode(b);
        } catch (IllegalArgumentException e) {
            throw new IOException("tile/entries: record " + index + " is not a canonical record (" + e.getMessage()
                    + "; LOG_RECORD_MODIFIED)");
        }
    }

    /**
     * The inclusion proof of record {@code index} in the checkpoint's tree, built from tiles and verified
     * against the signed root before it is returned.
     *
     * @throws IOException naming {@code PROOF_INVALID} if the tiles give a proof that does not verify
     */
    public InclusionProof inclusionProof(long index) throws IOException {
        if (index < 0 || index >= size()) {
            throw new IllegalArgumentException("index: must be in [0, " + size() + "), was " + index);
        }
        List<byte[]> path;
        try {
            path = Merkle.inclusionProof(reader.hasher(), index, size());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try {
            Merkle.verifyInclusion(reader.leafHash(index), index, size(), path, checkpoint.rootHash());
        } catch (ProofException e) {
            throw new IOException("tiles: the inclusion proof of record " + index + " does not verify against the"
                    + " signed root (PROOF_INVALID): " + e.getMessage());
        }
        return new InclusionProof(index, size(), path);
    }

    /**
     * The consistency proof from the tree of {@code fromSize} records to the checkpoint's tree, verified
     * against both roots before it is returned: {@code fromRoot} when given (a checkpoint the caller trusts),
     * else the root the tiles give for {@code fromSize}.
     *
     * @throws IOException naming {@code LOG_INCONSISTENT} if it does not verify
     */
    public ConsistencyProof consistencyProof(long fromSize, Optional<byte[]> fromRoot) throws IOException {
        if (fromSize < 0 || fromSize > size()) {
            throw new IllegalArgumentException("fromSize: must be in [0, " + size() + "], was " + fromSize);
        }
        List<byte[]> path;
        byte[] old;
        try {
            path = Merkle.consistencyProof(reader.hasher(), fromSize, size());
            old = fromRoot.isPresent() ? fromRoot.get().clone() : new Tiles.Reader(root, fromSize).root();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (fromSize > 0) {
            try {
                Merkle.verifyConsistency(fromSize, size(), path, old, checkpoint.rootHash());
            } catch (ProofException e) {
                throw new IOException("tiles: the tree of " + fromSize + " records is not consistent with the signed"
                        + " tree of " + size() + " (LOG_INCONSISTENT): " + e.getMessage());
            }
        }
        return new ConsistencyProof(fromSize, size(), path);
    }

    /** The root the tiles give for the first {@code treeSize} records (not checked against anything). */
    public TreeHead treeHead(long treeSize) throws IOException {
        if (treeSize < 0 || treeSize > size()) {
            throw new IllegalArgumentException("treeSize: must be in [0, " + size() + "], was " + treeSize);
        }
        return new TreeHead(treeSize, new Tiles.Reader(root, treeSize).root());
    }
}
