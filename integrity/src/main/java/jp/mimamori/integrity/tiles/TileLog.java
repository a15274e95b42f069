package jp.mimamori.integrity.tiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointPolicy;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.ConsistencyProof;
import jp.mimamori.integrity.log.InclusionProof;
import jp.mimamori.integrity.log.LogIntegrityException;
import jp.mimamori.integrity.log.TreeHead;
import jp.mimamori.integrity.log.internal.LogFiles;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.MerkleAccumulator;
import jp.mimamori.integrity.merkle.ProofException;
import jp.mimamori.integrity.report.VerificationReport;

/**
 * A log read from its C2SP {@code tlog-tiles} alone, as an outside client reads it: the {@code checkpoint} checked
 * against the caller's log keys, then entries, leaf hashes and RFC 9162 proofs computed from the hash tiles and
 * entry bundles; every proof is checked against the signed root before it is returned. {@link #verify} checks a
 * whole tile folder: it recomputes every leaf from the entries and every tile from the level below, and the root.
 *
 * <pre>{@code
 * try (TileLog log = TileLog.open(Path.of("tiles"), List.of(NoteVerifier.parse(Files.readString(vkey))))) {
 *     InclusionProof p = log.inclusionProof(42, log.size());
 * }
 * VerificationReport r = TileLog.verify(Path.of("tiles"), List.of(logKey), Optional.empty());
 * }</pre>
 *
 * <p>A cache of recently read tiles (nothing in it is evidence: every proof is checked against the signed root)
 * and the tile folders most recently read are held open; {@link #close()} closes them (a log that is never closed
 * has them closed once it is unreachable).
 *
 * <p>Thread-safe: immutable but for those caches.
 */
public final class TileLog implements java.io.Closeable {
    private static final String K34 = "K3-4";
    /** Findings about single entries listed before the rest are counted. */
    static final int MAX_FINDINGS = 1_000;

    private final Checkpoint checkpoint;
    private final TileReader tiles;

    private TileLog(Checkpoint checkpoint, TileReader tiles) {
        this.checkpoint = checkpoint;
        this.tiles = tiles;
    }

    /**
     * Opens the tile folder {@code dir}: reads its {@code checkpoint} and checks its signature against
     * {@code logKeys}.
     *
     * @throws LogIntegrityException {@code CHECKPOINT_MISSING} if there is no checkpoint signed by a trusted key
     * @throws IOException           if the checkpoint cannot be read
     */
    public static TileLog open(Path dir, Collection<NoteVerifier> logKeys) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(logKeys, "logKeys");
        Path cp = dir.resolve("checkpoint");
        if (!ConfinedFiles.isRegularFile(dir, cp)) {
            throw new LogIntegrityException(VerificationCode.CHECKPOINT_MISSING, dir + ": no checkpoint");
        }
        CheckpointVerifier.Result r = CheckpointVerifier.verify(BoundedFiles.read(dir, cp, SignedNote.MAX_BYTES),
                logKeys, Location.entry("checkpoint"));
        if (!r.valid()) {
            throw new LogIntegrityException(VerificationCode.CHECKPOINT_MISSING, cp + ": not signed by a trusted"
                    + " log key: " + r.findings().get(0).message().en());
        }
        Checkpoint c = r.checkpoint().orElseThrow();
        return new TileLog(c, new TileReader(dir, c.size()));
    }

    /** Closes the tile folders held open; proofs and entries can no longer be read. Idempotent. */
    @Override
    public void close() {
        tiles.close();
    }

    /** The verified checkpoint. */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /** The tree size of the verified checkpoint. */
    public long size() {
        return checkpoint.size();
    }

    /** The stored leaf hash of entry {@code index}. */
    public byte[] leafHash(long index) throws IOException {
        checkIndex(index, size());
        return tiles.leaf(index).clone();
    }

    /**
     * Entry {@code index} (a record's canonical bytes), checked against its leaf hash and that leaf's inclusion in
     * the signed tree.
     *
     * @throws LogIntegrityException {@code LOG_RECORD_MODIFIED} if the entry does not hash to its leaf,
     *                               {@code PROOF_INVALID} if the leaf is not in the signed tree
     */
    public byte[] entry(long index) throws IOException {
        checkIndex(index, size());
        byte[] e = tiles.bundle(index / TilePaths.WIDTH).get((int) (index % TilePaths.WIDTH));
        if (!Arrays.equals(Merkle.leafHash(e), tiles.leaf(index))) {
            throw new LogIntegrityException(VerificationCode.LOG_RECORD_MODIFIED,
                    "entry " + index + " does not hash to its leaf in the level-0 tile");
        }
        inclusionProof(index, size());
        return e;
    }

    /** The root of the first {@code treeSize} entries, from the tiles (the signed root for the checkpoint's size). */
    public TreeHead treeHead(long treeSize) throws IOException {
        if (treeSize < 0 || treeSize > size()) {
            throw new IllegalArgumentException("treeSize: must be in [0, " + size() + "], was " + treeSize);
        }
        if (treeSize == size()) {
            return new TreeHead(treeSize, checkpoint.rootHash());
        }
        return new TreeHead(treeSize, treeSize == 0 ? Merkle.emptyRoot() : tiles.range(0, treeSize));
    }

    /**
     * The inclusion proof of entry {@code index} in the tree of {@code treeSize} entries, computed from the tiles
     * and checked against that tree's root (the signed one for the checkpoint's size).
     *
     * @throws LogIntegrityException {@code PROOF_INVALID} if it does not verify (a damaged tile)
     */
    public InclusionProof inclusionProof(long index, long treeSize) throws IOException {
        if (treeSize < 1 || treeSize > size()) {
            throw new IllegalArgumentException("treeSize: must be in [1, " + size() + "], was " + treeSize);
        }
        checkIndex(index, treeSize);
        List<byte[]> path = rethrow(() -> Merkle.inclusionProof(this::range, index, treeSize));
        try {
            Merkle.verifyInclusion(tiles.leaf(index), index, treeSize, path, signedOrTileRoot(treeSize));
        } catch (ProofException e) {
            throw new LogIntegrityException(VerificationCode.PROOF_INVALID, "inclusion proof of entry " + index
                    + " in the tree of " + treeSize + " computed from the tiles does not verify: " + e.getMessage());
        }
        return new InclusionProof(index, treeSize, path);
    }

    /**
     * The consistency proof from the tree of {@code fromSize} entries to the tree of {@code toSize}, computed from
     * the tiles and checked against both roots.
     *
     * @throws LogIntegrityException {@code PROOF_INVALID} if it does not verify
     */
    public ConsistencyProof consistencyProof(long fromSize, long toSize) throws IOException {
        if (toSize < 0 || toSize > size() || fromSize < 0 || fromSize > toSize) {
            throw new IllegalArgumentException("sizes: need 0 <= fromSize <= toSize <= " + size() + ", were "
                    + fromSize + " and " + toSize);
        }
        List<byte[]> path = rethrow(() -> Merkle.consistencyProof(this::range, fromSize, toSize));
        if (fromSize > 0) {
            try {
                Merkle.verifyConsistency(fromSize, toSize, path, treeHead(fromSize).rootHash(),
                        signedOrTileRoot(toSize));
            } catch (ProofException e) {
                throw new LogIntegrityException(VerificationCode.PROOF_INVALID, "consistency proof from "
                        + fromSize + " to " + toSize + " computed from the tiles does not verify: " + e.getMessage());
            }
        }
        return new ConsistencyProof(fromSize, toSize, path);
    }

    private byte[] signedOrTileRoot(long treeSize) throws IOException {
        return treeSize == size() ? checkpoint.rootHash() : tiles.range(0, treeSize);
    }

    private byte[] range(long from, long to) {
        try {
            return tiles.range(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Io<T> {
        T get();
    }

    private static <T> T rethrow(Io<T> f) throws IOException {
        try {
            return f.get();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void checkIndex(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index: must be in [0, " + size + "), was " + index);
        }
    }

    @Override
    public String toString() {
        return "TileLog[" + checkpoint.origin() + ", size " + size() + "]";
    }

    /**
     * Verifies the tile folder {@code dir} from its files alone, trusting only {@code logKeys}: the checkpoint's
     * signature ({@code CHECKPOINT_MISSING} when no trusted key signed one); every entry is a canonical record
     * ({@code LOG_RECORD_MODIFIED}) that hashes to its level-0 tile hash ({@code LOG_RECORD_MODIFIED} at its
     * index); every tile of a higher level holds the hashes of the full tiles below ({@code PROOF_INVALID}); the
     * entries give the signed root ({@code LOG_RECORD_MODIFIED}); a missing tile or bundle is
     * {@code LOG_TRUNCATED}. With {@code since} (a checkpoint the caller saw before and trusts), the log must
     * extend it: smaller is {@code LOG_TRUNCATED} (a rollback), another root at its size {@code LOG_INCONSISTENT}.
     * Never throws on hostile input.
     */
    public static VerificationReport verify(Path dir, Collection<NoteVerifier> logKeys, Optional<Checkpoint> since) {
        List<NoteVerifier> keys = List.copyOf(logKeys);
        return verify(dir, note -> CheckpointVerifier.verify(note, keys, Location.entry("checkpoint")), since);
    }

    /**
     * {@link #verify(Path, Collection, Optional)} under {@code policy} (docs/SECURITY.md G26): the checkpoint counts
     * only when a key the policy's trust store allows the log role signed it and at least
     * {@link CheckpointPolicy#witnessThreshold()} distinct keys it allows the witness role cosigned it; otherwise
     * it is {@code CHECKPOINT_MISSING} and nothing in the tiles is anchored.
     *
     * <pre>{@code
     * VerificationReport r = TileLog.verify(Path.of("tiles"), CheckpointPolicy.of(trust).withWitnessThreshold(1),
     *         Optional.empty());
     * }</pre>
     */
    public static VerificationReport verify(Path dir, CheckpointPolicy policy, Optional<Checkpoint> since) {
        return verify(dir, note -> CheckpointVerifier.verify(note, policy, Location.entry("checkpoint")), since);
    }

    private static VerificationReport verify(Path dir,
                                             java.util.function.Function<byte[], CheckpointVerifier.Result> judge,
                                             Optional<Checkpoint> since) {
        List<Finding> out = new ArrayList<>();
        try (Check check = new Check(dir, out)) {
            check.run(judge, since);
        } catch (IOException e) {
            out.add(Finding.of(VerificationCode.LOG_TRUNCATED, Severity.ERROR, Location.entry("tile"), K34,
                    LocalizedText.of("タイルを読めません: " + e.getMessage(), "tiles cannot be read: " + e.getMessage())));
        } catch (RuntimeException e) {
            out.add(VerificationReport.verifierFailure(Location.entry("tile"), e));
        }
        return new VerificationReport(out);
    }

    /** One verification run: streams entries level by level, keeping one tile per level. */
    private static final class Check implements AutoCloseable {
        private final Path dir;
        private final List<Finding> out;
        private final List<List<byte[]>> levels = new ArrayList<>();
        private TileReader stored;
        private long size;
        private int reported;
        private long unreported;

        Check(Path dir, List<Finding> out) {
            this.dir = dir;
            this.out = out;
        }

        @Override
        public void close() {
            if (stored != null) {
                stored.close();
            }
        }

        void run(java.util.function.Function<byte[], CheckpointVerifier.Result> judge, Optional<Checkpoint> since)
                throws IOException {
            Path cp = dir.resolve("checkpoint");
            if (!ConfinedFiles.isRegularFile(dir, cp)) {
                out.add(Finding.of(VerificationCode.CHECKPOINT_MISSING, Location.entry("checkpoint"),
                        LocalizedText.of("タイルのフォルダにチェックポイントがありません", "the tile folder has no checkpoint")));
                return;
            }
            CheckpointVerifier.Result r = judge.apply(BoundedFiles.read(dir, cp, SignedNote.MAX_BYTES));
            r.findings().forEach(f -> out.add(new Finding(f.code(), f.severity(), f.where(), List.of(K34),
                    f.message())));
            if (!r.valid()) {
                out.add(Finding.of(VerificationCode.CHECKPOINT_MISSING, Location.entry("checkpoint"),
                        LocalizedText.of("信頼するログ鍵で署名されたチェックポイントがありません。タイルの記録はどれも固定されていません",
                                "no checkpoint signed by a trusted log key: nothing in the tiles is anchored")));
                return;
            }
            Checkpoint c = r.checkpoint().orElseThrow();
            size = c.size();
            stored = new TileReader(dir, size);
            byte[] sinceRoot = null;
            long sinceSize = -1;
            if (since.isPresent()) {
                sinceSize = since.get().size();
                if (sinceSize > size) {
                    out.add(Finding.of(VerificationCode.LOG_TRUNCATED, Location.entry("checkpoint"),
                            LocalizedText.of("チェックポイントは " + size + " 件ですが、以前に確認した " + sinceSize
                                            + " 件より小さくなっています (巻き戻し)",
                                    "the checkpoint covers " + size + " entries, fewer than the " + sinceSize
                                            + " of the checkpoint seen before (a rollback)")));
                }
            }
            MerkleAccumulator acc = new MerkleAccumulator();
            if (sinceSize == 0) {
                sinceRoot = acc.root();
            }
            for (long b = 0; b * TilePaths.WIDTH < size; b++) {
                List<byte[]> entries;
                try {
                    entries = stored.bundle(b);
                } catch (NoSuchFileException e) {
                    out.add(Finding.of(VerificationCode.LOG_TRUNCATED, Location.entry(TilePaths.bundle(b,
                            TilePaths.width(0, b, size))), LocalizedText.of("エントリの束がありません: " + e.getMessage(),
                            "entry bundle missing: " + e.getMessage())));
                    return;
                } catch (IOException e) {
                    out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Location.entry(TilePaths.bundle(b,
                            TilePaths.width(0, b, size))), LocalizedText.of("エントリの束が壊れています: " + e.getMessage(),
                            "entry bundle malformed: " + e.getMessage())));
                    return;
                }
                byte[][] leaves = tileOrNull(0, b);
                for (int i = 0; i < entries.size(); i++) {
                    long index = b * TilePaths.WIDTH + i;
                    byte[] e = entries.get(i);
                    byte[] leaf = Merkle.leafHash(e);
                    entryFindings(index, e, leaf, leaves == null ? null : leaves[i]);
                    acc.append(leaf);
                    if (acc.size() == sinceSize) {
                        sinceRoot = acc.root();
                    }
                    push(0, leaf);
                }
            }
            // Partial tiles of this size: compare what is left at each level.
            for (int l = 0; l < levels.size(); l++) {
                List<byte[]> p = levels.get(l);
                if (!p.isEmpty()) {
                    compare(l, (size >>> (TilePaths.HEIGHT * l)) / TilePaths.WIDTH, p);
                }
            }
            if (!Arrays.equals(acc.root(), c.rootHash())) {
                out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Location.entry("checkpoint"),
                        LocalizedText.of("エントリ " + size + " 件が署名済みルートハッシュと一致しません (記録の変更・削除・入れ替え)",
                                "the " + size + " entries do not give the signed root hash (an entry was changed,"
                                        + " removed or moved)")));
            }
            if (since.isPresent() && sinceSize <= size && !Arrays.equals(sinceRoot, since.get().rootHash())) {
                out.add(Finding.of(VerificationCode.LOG_INCONSISTENT, Location.entry("checkpoint"),
                        LocalizedText.of("以前に確認したチェックポイント (" + sinceSize + " 件) と整合しません (書き換えまたは分岐)",
                                "not consistent with the checkpoint seen before (size " + sinceSize
                                        + "): the log was rewritten or forked")));
            }
            if (unreported > 0) {
                out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Location.entry("tile"),
                        LocalizedText.of("所見が " + reported + " 件に達したため、残る " + unreported + " 件は個別に報告していません",
                                reported + " findings reached the limit; " + unreported
                                        + " more were not listed one by one")));
            }
        }

        private void entryFindings(long index, byte[] entry, byte[] leaf, byte[] storedLeaf) {
            String req = K34;
            try {
                req = LogFiles.requirementOf(RecordCodec.decode(entry).type());
            } catch (IllegalArgumentException e) {
                add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR,
                        Location.entry("tile/entries").withIndex(index), K34, LocalizedText.of(
                                "エントリ " + index + " が正規の記録ではありません: " + e.getMessage(),
                                "entry " + index + " is not a canonical record: " + e.getMessage())));
            }
            if (storedLeaf != null && !Arrays.equals(storedLeaf, leaf)) {
                add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR,
                        Location.entry("tile/entries").withIndex(index), req, LocalizedText.of(
                                "エントリ " + index + " がレベル 0 のタイルのハッシュと一致しません (改ざん)",
                                "entry " + index + " does not hash to its leaf in the level-0 tile")));
            }
        }

        private void add(Finding f) {
            if (reported < MAX_FINDINGS) {
                out.add(f);
                reported++;
            } else {
                unreported++;
            }
        }

        private byte[][] tileOrNull(int level, long n) {
            try {
                return stored.tile(level, n);
            } catch (IOException e) {
                add(Finding.of(e instanceof NoSuchFileException ? VerificationCode.LOG_TRUNCATED
                                : VerificationCode.PROOF_INVALID, Severity.ERROR,
                        Location.entry(TilePaths.tile(level, n, TilePaths.width(level, n, size))), K34,
                        LocalizedText.of("タイルを読めません: " + e.getMessage(), "tile cannot be read: " + e.getMessage())));
                return null;
            }
        }

        /** Adds a recomputed hash at {@code level}; a full tile is compared with the stored one and hashed up. */
        private void push(int level, byte[] h) {
            while (levels.size() <= level) {
                levels.add(new ArrayList<>(TilePaths.WIDTH));
            }
            List<byte[]> p = levels.get(level);
            p.add(h);
            if (p.size() == TilePaths.WIDTH) {
                long n = full[level]++;
                compare(level, n, p);
                byte[] up = TileReader.perfectRoot(p, 0, TilePaths.WIDTH);
                p.clear();
                push(level + 1, up);
            }
        }

        /** Full tiles recomputed so far, per level. */
        private final long[] full = new long[TilePaths.MAX_LEVEL + 2];

        /** Compares recomputed hashes with stored tile {@code n} of {@code level} (level 0 compared per entry). */
        private void compare(int level, long n, List<byte[]> recomputed) {
            if (level == 0) {
                return;
            }
            byte[][] t = tileOrNull(level, n);
            if (t == null) {
                return;
            }
            for (int i = 0; i < recomputed.size(); i++) {
                if (!Arrays.equals(t[i], recomputed.get(i))) {
                    add(Finding.of(VerificationCode.PROOF_INVALID, Severity.ERROR,
                            Location.entry(TilePaths.tile(level, n, t.length)).withIndex(i), K34,
                            LocalizedText.of("タイルのハッシュ " + i + " が下のレベルから計算した値と一致しません",
                                    "hash " + i + " of the tile differs from the one computed from the level below")));
                    return;
                }
            }
        }
    }
}
