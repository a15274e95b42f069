package jp.mimamori.integrity.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointPolicy;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.internal.Frontier;
import jp.mimamori.integrity.log.internal.LogFiles;
import jp.mimamori.integrity.log.internal.LogScan;
import jp.mimamori.integrity.log.internal.StoredTree;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.log.internal.RecordFile;
import jp.mimamori.integrity.log.internal.TreeState;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.timestamp.TimestampVerifier;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Verifies a log folder offline, read-only, trusting only the caller's keys: it rereads every record of
 * {@code records.log}, rebuilds the RFC 9162 tree from the records alone, checks each signed checkpoint against
 * it, and compares the stored tree (a cache, never evidence) with what it recomputed. It writes nothing, takes no
 * lock and needs no write access. Never throws on hostile input; returns the report.
 *
 * <ul>
 *   <li>{@code LOG_RECORD_MODIFIED}: a record is not canonical, carries another position's index (reordered), is
 *       damaged in place (its frame fails its length or CRC check while valid records follow — the records after
 *       it are still read and checked), has bytes inserted before it, differs from the leaf hash stored when it
 *       was appended where a checkpoint shows it changed, or the records below a checkpoint do not give its root;
 *       </li>
 *   <li>{@code LOG_TRUNCATED}: a checkpoint covers more records than the log has, or the log is smaller than the
 *       checkpoint the caller saw before ({@code since}: a rollback);</li>
 *   <li>{@code LOG_INCONSISTENT}: two signed checkpoints are not consistent, or the log is not consistent with
 *       the checkpoint the caller saw before (a rewrite after deleting checkpoints);</li>
 *   <li>{@code PROOF_INVALID}: a node of the stored tree differs from the one recomputed from the records (proofs
 *       served from it would fail; the writer rebuilds the cache when it opens the log);</li>
 *   <li>{@code SIGNATURE_INVALID} / {@code KEY_UNTRUSTED}: a checkpoint's signature;</li>
 *   <li>{@code CHECKPOINT_MISSING}: no checkpoint signed by a trusted key gives the records' root, so nothing
 *       is anchored; under a {@link CheckpointPolicy} requiring witnesses, also a checkpoint signed by the log but
 *       cosigned by too few trusted witnesses (docs/SECURITY.md G26); {@code NOT_ANCHORED} (INFO): the records
 *       after the newest such checkpoint;</li>
 *   <li>{@code TIMESTAMP_INVALID}: a checkpoint's {@code .tsr} is damaged, or (with TSA roots) does not verify;
 *       {@code TIMESTAMP_UNCHECKED} (INFO): a sound token but no TSA root given.</li>
 * </ul>
 *
 * <p>Only a damaged <em>final</em> frame, with no valid frame after it, is a torn tail (the end of a batch that
 * was never acknowledged): it is not a finding by itself, but a checkpoint covering records in it is
 * {@code LOG_TRUNCATED}.
 *
 * <p>Memory does not grow with the log: the tree is rebuilt leaf by leaf keeping only its right edge and the
 * roots at the checkpoints' sizes; at most {@value #MAX_RECORD_FINDINGS} findings about single records are
 * listed, the rest counted. Every file is read with a limit and never through a link: a link, FIFO or device
 * planted in the log folder is reported, never followed or opened. Findings cite the requirement they serve:
 * {@code K3-4} for the log, its checkpoints and timestamps, and for a record the requirement of its type (K3-4
 * for disclosures, K3-2-3 for erasures, …).
 *
 * <pre>{@code
 * VerificationReport r = LogVerifier.verify(Path.of("log"), List.of(logKey), List.of(), Optional.of(seenBefore));
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class LogVerifier {
    private LogVerifier() {}

    /** The checks over one log folder; a seam so tests can inject a failure into the verifier. */
    @FunctionalInterface
    interface Checks {
        void run(Path dir, Judge judge, Collection<X509CertificateHolder> roots,
                 Optional<Checkpoint> since, List<Finding> out) throws IOException;
    }

    /**
     * How each checkpoint file is judged: by a list of trusted note keys or by a {@link CheckpointPolicy}, and how
     * many distinct trusted witnesses a checkpoint needs (0 for a list of keys).
     */
    record Judge(BiFunction<byte[], Location, CheckpointVerifier.Result> verify, int required) {
        static Judge of(Collection<NoteVerifier> keys) {
            List<NoteVerifier> copy = List.copyOf(keys);
            return new Judge((b, w) -> CheckpointVerifier.verify(b, copy, w), 0);
        }

        static Judge of(CheckpointPolicy policy) {
            return new Judge((b, w) -> CheckpointVerifier.verify(b, policy, w), policy.witnessThreshold());
        }
    }

    /** Verifies the log in {@code dir}. */
    public static VerificationReport verify(Path dir, Collection<NoteVerifier> trustedKeys,
                                            Collection<X509CertificateHolder> tsaRoots) {
        return verify(dir, trustedKeys, tsaRoots, Optional.empty());
    }

    /**
     * Verifies the log in {@code dir}, which must extend {@code since}: a checkpoint the caller saw (and checked)
     * before. A log smaller than it is {@code LOG_TRUNCATED}, one whose first {@code since.size()} records give
     * another root {@code LOG_INCONSISTENT} — as a C2SP client that remembers the last checkpoint it saw.
     */
    public static VerificationReport verify(Path dir, Collection<NoteVerifier> trustedKeys,
                                            Collection<X509CertificateHolder> tsaRoots, Optional<Checkpoint> since) {
        return verify(dir, trustedKeys, tsaRoots, since, LogVerifier::run);
    }

    /**
     * Verifies the log in {@code dir} under {@code policy} (G26): a checkpoint counts only if a key the policy's
     * trust store allows the log role signed it and at least {@link CheckpointPolicy#witnessThreshold()} distinct
     * keys it allows the witness role (at the time each cosignature states) cosigned it — in that file or in
     * another file of the folder holding the same checkpoint (the root {@code checkpoint} copy, say). A checkpoint
     * signed by the log but short of witnesses is {@code CHECKPOINT_MISSING} at its file and anchors nothing, so a
     * fork shown to this verifier alone (a split view) is not VALID. With a threshold of 0 this is
     * {@link #verify(Path, Collection, Collection, Optional)} with the store's log keys.
     *
     * <pre>{@code
     * VerificationReport r = LogVerifier.verify(Path.of("log"), CheckpointPolicy.of(trust).withWitnessThreshold(1),
     *         List.of(), Optional.empty());
     * }</pre>
     */
    public static VerificationReport verify(Path dir, CheckpointPolicy policy,
                                            Collection<X509CertificateHolder> tsaRoots, Optional<Checkpoint> since) {
        return verify(dir, Judge.of(policy), tsaRoots, since, LogVerifier::run);
    }

    /** Runs {@code checks}: an unexpected exception inside them is an INTERNAL finding, never tampering. */
    static VerificationReport verify(Path dir, Collection<NoteVerifier> trustedKeys,
                                     Collection<X509CertificateHolder> tsaRoots, Optional<Checkpoint> since,
                                     Checks checks) {
        return verify(dir, Judge.of(trustedKeys), tsaRoots, since, checks);
    }

    private static VerificationReport verify(Path dir, Judge judge, Collection<X509CertificateHolder> tsaRoots,
                                             Optional<Checkpoint> since, Checks checks) {
        List<Finding> out = new ArrayList<>();
        try {
            checks.run(dir, judge, tsaRoots, since, out);
        } catch (IOException e) {
            out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Location.entry(TransparentEvidenceLog.RECORDS),
                    LocalizedText.of("ログを読み取れません: " + e.getMessage(), "log cannot be read: " + e.getMessage())));
        } catch (RuntimeException e) {
            out.add(cite(VerificationReport.verifierFailure(Location.entry(TransparentEvidenceLog.RECORDS), e), LOG));
        }
        return new VerificationReport(out);
    }

    /** Record findings listed before the rest are counted in one summary finding. */
    static final int MAX_RECORD_FINDINGS = 1_000;
    /** Largest {@code .tsr} file read (an RFC 3161 response is a few KiB). */
    static final int MAX_TSR_BYTES = 1 << 20;
    /** The requirement of findings about the log as a whole, its checkpoints and timestamps. */
    private static final String LOG = "K3-4";

    private static void run(Path dir, Judge judge, Collection<X509CertificateHolder> roots,
                            Optional<Checkpoint> since, List<Finding> out) throws IOException {
        boolean treeUsable = true;
        for (ConfinedFiles.Refused r : LogFiles.refused(dir)) {
            String name = dir.relativize(r.path()).toString().replace('\\', '/');
            out.add(Finding.of(name.startsWith("tree/") ? VerificationCode.PROOF_INVALID
                            : VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR, Location.entry(name), LOG,
                    LocalizedText.of(name + ": " + r.reason().japanese() + " (証跡ログのフォルダに置かれたもので、辿りも読みもしません)",
                            name + ": " + r.reason().english() + " (planted in the log folder; neither followed nor read)")));
            treeUsable &= !name.startsWith("tree");
        }
        List<Signed> signed = readCheckpoints(dir, judge, roots, out);
        TreeMap<Long, byte[]> logRoots = new TreeMap<>();
        for (Signed s : signed) {
            logRoots.put(s.checkpoint().size(), null);
        }
        since.ifPresent(c -> logRoots.put(c.size(), null));
        Scan scan = new Scan(dir, treeUsable ? readState(dir).orElse(null) : null, logRoots, out);
        scan.run();
        long count = scan.frontier.size();
        List<Finding> cps = new ArrayList<>();
        long anchored = checkCheckpoints(dir, signed, count, logRoots, cps);
        scan.leafFindings(signed, logRoots);
        out.addAll(cps);
        if (since.isPresent()) {
            checkSince(since.get(), count, logRoots, out);
        }
        Location log = Location.entry(TransparentEvidenceLog.RECORDS);
        if (anchored < 0) {
            String ja = judge.required() == 0 ? "" : " (信頼する証人 " + judge.required() + " 者以上の連署付き)";
            String en = judge.required() == 0 ? "" : " and cosigned by at least " + judge.required()
                    + " trusted witness" + (judge.required() == 1 ? "" : "es");
            out.add(Finding.of(VerificationCode.CHECKPOINT_MISSING, log, LocalizedText.of(
                    "信頼するログ鍵で署名されたチェックポイント" + ja + "がありません。ログの記録 (" + count
                            + " 件) はどれも固定されておらず、何の証拠にもなりません",
                    "no checkpoint signed by a trusted log key" + en + " covers the log: none of its " + count
                            + " records is anchored, so none is evidence")));
        } else if (anchored < count) {
            boolean one = count - anchored == 1;
            String ja = one ? "ログの記録 " + anchored : "ログの記録 " + anchored + "〜" + (count - 1);
            String en = one ? "log record " + anchored + " comes" : "log records " + anchored + " to "
                    + (count - 1) + " come";
            out.add(Finding.of(VerificationCode.NOT_ANCHORED, log.withIndex(anchored), LocalizedText.of(
                    ja + " は最新の署名済みチェックポイント (" + anchored + " 件) より後にあり、まだ固定されていません。"
                            + "何も免除しません",
                    en + " after the newest signed checkpoint (size " + anchored + "): not yet anchored, "
                            + (one ? "it excuses" : "they excuse") + " nothing")));
        }
    }

    private static void checkSince(Checkpoint since, long count, Map<Long, byte[]> logRoots, List<Finding> out) {
        Location where = Location.entry(TransparentEvidenceLog.RECORDS);
        if (since.size() > count) {
            out.add(Finding.of(VerificationCode.LOG_TRUNCATED, where, LocalizedText.of(
                    "ログには " + count + " 件しかなく、以前に確認したチェックポイントの " + since.size()
                            + " 件より少なくなっています (巻き戻しまたは削除)",
                    "the log has only " + count + " records, fewer than the " + since.size()
                            + " of the checkpoint seen before (a rollback or a deletion)")));
        } else if (!Arrays.equals(logRoots.get(since.size()), since.rootHash())) {
            out.add(Finding.of(VerificationCode.LOG_INCONSISTENT, where, LocalizedText.of(
                    "最初の " + since.size() + " 件の記録が以前に確認したチェックポイントのルートハッシュと一致しません (書き換え)",
                    "the first " + since.size() + " records do not give the root of the checkpoint seen before:"
                            + " the log was rewritten since")));
        }
    }

    /**
     * One pass over {@code records.log}: every item of the scan is checked, the tree is rebuilt leaf by leaf, the
     * roots at the sizes asked for are kept, and every node the rebuild completes is compared with the stored tree
     * (the cache) where its tree state says it was written.
     */
    private static final class Scan {
        private final Path dir;
        private final TreeState state;
        private final TreeMap<Long, byte[]> logRoots;
        private final List<Finding> out;
        final Frontier frontier = new Frontier();
        /** Leaves whose record differs from the stored leaf hash (bounded). */
        private final TreeSet<Long> leafMismatch = new TreeSet<>();
        private final List<Finding> nodeFindings = new ArrayList<>();
        private final Map<Long, String> leafRequirement = new HashMap<>();
        private StoredTree stored;
        private final List<StoredTree.Sequential> levels = new ArrayList<>();
        private boolean cacheShort;
        private long reported;
        private long unchecked;

        Scan(Path dir, TreeState state, TreeMap<Long, byte[]> logRoots, List<Finding> out) {
            this.dir = dir;
            this.state = state;
            this.logRoots = logRoots;
            this.out = out;
        }

        void run() throws IOException {
            Path file = dir.resolve(TransparentEvidenceLog.RECORDS);
            try (FileChannel ch = ConfinedFiles.open(dir, file)) {
                long length = ch.size();
                ByteBuffer h = ByteBuffer.allocate(RecordFile.HEADER.length);
                if (length < h.capacity()) {
                    throw new IOException("records.log is shorter than its header");
                }
                RecordFile.readFully(ch, h, 0);
                if (!Arrays.equals(h.array(), RecordFile.HEADER)) {
                    throw new IOException("records.log does not start with the mimamori-log v1 header");
                }
                if (state != null && state.size() > 0) {
                    stored = new StoredTree(dir, state.size());
                }
                if (logRoots.containsKey(0L)) {
                    logRoots.put(0L, frontier.root());
                }
                LogScan scan = new LogScan(ch, h.capacity(), length, 0);
                for (LogScan.Item it = scan.next(); it != null; it = scan.next()) {
                    switch (it.kind()) {
                        case RECORD -> add(recordFindings(it.frame(), it.position()));
                        case DAMAGED -> add(List.of(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR,
                                at(it.position()), LOG, LocalizedText.of(
                                        "記録 " + it.position() + " (オフセット " + it.offset() + ") が壊れているか書き換えられています"
                                                + " (長さまたは CRC が合いません)。後続の記録は読み続けて検査しました",
                                        "record " + it.position() + " (offset " + it.offset() + ") is damaged or was"
                                                + " edited in place (its frame fails its length or CRC check); the"
                                                + " records after it were read and checked"))));
                        case INSERTED -> add(List.of(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR,
                                at(it.position()), LOG, LocalizedText.of(
                                        "記録 " + it.position() + " の前 (オフセット " + it.offset() + ") に " + (it.end()
                                                - it.offset()) + " バイトが挿入されています",
                                        (it.end() - it.offset()) + " bytes were inserted before record "
                                                + it.position() + " (offset " + it.offset() + ")"))));
                        case TAIL -> { } // a torn tail: the end of a batch never acknowledged
                        default -> throw new IllegalStateException(it.kind().toString());
                    }
                    if (it.leaf() == null) {
                        continue;
                    }
                    long i = it.position();
                    frontier.append(it.leaf(), this::compare);
                    if (logRoots.containsKey(frontier.size())) {
                        logRoots.put(frontier.size(), frontier.root());
                    }
                    if (it.frame() != null && leafMismatch.contains(i)) {
                        leafRequirement.put(i, requirementOf(it.frame().payload()));
                    }
                }
            } finally {
                if (stored != null) {
                    stored.close();
                }
            }
            if (cacheShort) {
                out.add(Finding.of(VerificationCode.PROOF_INVALID, Severity.ERROR, Location.entry("tree/state"), LOG,
                        LocalizedText.of("保存された木のファイルが tree/state の示す " + state.size() + " 件に足りません (キャッシュの破損。書き込み側がログを開くときに再構築します)",
                                "the stored tree's files end before the " + state.size() + " records tree/state says"
                                        + " they hold (a damaged cache; the writer rebuilds it when it opens the log)")));
            }
            out.addAll(nodeFindings);
            if (unchecked > 0) {
                out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR,
                        Location.entry(TransparentEvidenceLog.RECORDS), LOG,
                        LocalizedText.of("記録の所見が " + reported + " 件に達したため、残る " + unchecked
                                        + " 件の記録は個別に検査していません (木の再計算には含めています)",
                                reported + " record findings reached the limit; the remaining " + unchecked
                                        + " records were not checked one by one (they are still part of the rebuilt"
                                        + " tree)")));
            }
        }

        private void add(List<Finding> found) {
            for (Finding f : found) {
                if (reported < MAX_RECORD_FINDINGS) {
                    out.add(f);
                    reported++;
                } else {
                    unchecked++;
                }
            }
        }

        /** Compares a recomputed node with the stored one, where the tree state says it was written. */
        private void compare(int level, long index, byte[] hash) throws IOException {
            if (stored == null || cacheShort || index >= (state.size() >> level)) {
                return;
            }
            while (levels.size() <= level) {
                levels.add(stored.sequential(levels.size()));
            }
            byte[] s;
            try {
                s = levels.get(level).node(index);
            } catch (IOException e) {
                s = null;
            }
            if (s == null) {
                cacheShort = true;
                return;
            }
            if (Arrays.equals(s, hash)) {
                return;
            }
            if (level == 0) {
                if (leafMismatch.size() < MAX_RECORD_FINDINGS) {
                    leafMismatch.add(index);
                }
                return;
            }
            Long below = leafMismatch.ceiling(index << level);
            if ((below != null && below < (index + 1) << level) || nodeFindings.size() >= MAX_RECORD_FINDINGS) {
                return; // a changed record below explains it
            }
            String file = String.format("tree/level-%02d.hashes", level);
            nodeFindings.add(Finding.of(VerificationCode.PROOF_INVALID, Severity.ERROR,
                    Location.entry(file).withIndex(index), LOG, LocalizedText.of(
                            file + " のノード " + index + " が記録から再計算した値と異なります (キャッシュの破損。ここから作る証明は検証できません。書き込み側がログを開くときに再構築します)",
                            "stored node " + index + " of " + file + " differs from the node recomputed from the"
                                    + " records (a damaged cache: proofs served from it would fail; the writer"
                                    + " rebuilds it when it opens the log)")));
        }

        /**
         * Reports each record that differs from its stored leaf: a change to the record where a signed checkpoint
         * covering it fails (or none covers it), damage to the cache where a checkpoint covering it holds.
         */
        void leafFindings(List<Signed> signed, Map<Long, byte[]> roots) {
            List<Finding> found = new ArrayList<>();
            for (long i : leafMismatch) {
                boolean held = false;
                boolean broken = false;
                for (Signed s : signed) {
                    Checkpoint c = s.checkpoint();
                    if (i < c.size()) {
                        if (Arrays.equals(roots.get(c.size()), c.rootHash())) {
                            held = true;
                        } else {
                            broken = true;
                        }
                    }
                }
                Location at = at(i);
                if (held) {
                    found.add(Finding.of(VerificationCode.PROOF_INVALID, Severity.ERROR,
                            Location.entry("tree/level-00.hashes").withIndex(i), LOG, LocalizedText.of(
                                    "保存されたリーフハッシュ " + i + " が記録と異なりますが、署名済みチェックポイントは記録と一致します (キャッシュの破損)",
                                    "stored leaf hash " + i + " differs from record " + i + ", which a signed"
                                            + " checkpoint confirms: the cache is damaged, not the record")));
                } else {
                    String req = leafRequirement.getOrDefault(i, LOG);
                    found.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR, at, req,
                            LocalizedText.of(broken
                                    ? "記録 " + i + " が追記時に保存したリーフハッシュと一致せず、署名済みチェックポイントのルートも合いません (改ざん)"
                                    : "記録 " + i + " が追記時に保存したリーフハッシュと一致しません (チェックポイントの範囲外のため、記録と保存された木のどちらが変更されたかは分かりません)",
                                    broken
                                            ? "record " + i + " differs from the leaf hash stored when it was appended,"
                                                    + " and the signed root over it fails: the record was changed"
                                            : "record " + i + " differs from the leaf hash stored when it was appended"
                                                    + " (no checkpoint covers it: the record or the stored tree was"
                                                    + " changed)")));
                }
            }
            out.addAll(0, found.stream().filter(f -> f.code() == VerificationCode.LOG_RECORD_MODIFIED).toList());
            out.addAll(found.stream().filter(f -> f.code() != VerificationCode.LOG_RECORD_MODIFIED).toList());
        }
    }

    private static Location at(long i) {
        return Location.entry(TransparentEvidenceLog.RECORDS).withIndex(i);
    }

    private static String requirementOf(byte[] payload) {
        try {
            return LogFiles.requirementOf(RecordCodec.decode(payload).type());
        } catch (IllegalArgumentException e) {
            return LOG;
        }
    }

    /** What is wrong with one record: not canonical, or at another position. */
    private static List<Finding> recordFindings(RecordFile.Frame f, long i) {
        List<Finding> found = new ArrayList<>(0);
        Location at = at(i);
        String requirement = LOG;
        try {
            requirement = LogFiles.requirementOf(RecordCodec.decode(f.payload()).type());
        } catch (IllegalArgumentException e) {
            found.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, at, LocalizedText.of("記録 " + i + " が正規の記録ではありません: "
                    + e.getMessage(), "record " + i + " is not a canonical record: " + e.getMessage())));
        }
        if (f.index() != i) {
            found.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR, at, requirement,
                    LocalizedText.of("位置 " + i + " の記録は記録 " + f.index() + " です (順序の入れ替え)",
                    "record at position " + i + " is record " + f.index() + " (reordered)")));
        }
        return found;
    }

    private record Signed(Path file, Checkpoint checkpoint) {}

    /**
     * Reads and verifies every checkpoint file (bounded, never through a link) and its timestamp; returns
     * those whose signature is valid, smallest first.
     */
    private static List<Signed> readCheckpoints(Path dir, Judge judge,
                                                Collection<X509CertificateHolder> roots, List<Finding> out)
            throws IOException {
        List<Path> files = new ArrayList<>(LogCheckpoints.list(dir));
        Path latest = dir.resolve(LogCheckpoints.LATEST);
        if (ConfinedFiles.kind(dir, latest).orElse(null) == ConfinedFiles.Kind.FILE) {
            files.add(latest);
        }
        List<Judged> judged = new ArrayList<>();
        List<Judged> shortOf = new ArrayList<>();
        for (Path f : files) {
            String name = dir.relativize(f).toString().replace('\\', '/');
            Location where = Location.entry(name);
            byte[] bytes;
            try {
                bytes = BoundedFiles.read(dir, f, SignedNote.MAX_BYTES);
            } catch (IOException e) {
                String why = reason(e, f, name);
                out.add(Finding.of(VerificationCode.SIGNATURE_INVALID, Severity.ERROR, where, LOG,
                        LocalizedText.of("チェックポイントを読めません: " + why, "checkpoint cannot be read: " + why)));
                continue;
            }
            CheckpointVerifier.Result r = judge.verify().apply(bytes, where);
            if (r.shortOfWitnessesOnly()) {
                shortOf.add(new Judged(f, r));
            } else {
                r.findings().forEach(x -> out.add(cite(x, LOG)));
                judged.add(new Judged(f, r));
            }
            Path tsr = LogCheckpoints.timestampOf(f);
            if (ConfinedFiles.kind(dir, tsr).orElse(null) == ConfinedFiles.Kind.FILE) {
                Location tw = Location.entry(name + ".tsr");
                try {
                    byte[] token = BoundedFiles.read(dir, tsr, MAX_TSR_BYTES);
                    (roots.isEmpty() ? TimestampVerifier.inspect(token, bytes, tw)
                            : TimestampVerifier.verify(token, bytes, roots, tw))
                            .findings().forEach(x -> out.add(cite(x, LOG)));
                } catch (IOException e) {
                    String why = reason(e, tsr, name + ".tsr");
                    out.add(Finding.of(VerificationCode.TIMESTAMP_INVALID, Severity.ERROR, tw, LOG,
                            LocalizedText.of("タイムスタンプを読めません: " + why, "timestamp cannot be read: " + why)));
                }
            }
        }
        List<Signed> good = new ArrayList<>();
        for (Judged j : judged) {
            if (j.result().valid()) {
                good.add(new Signed(j.file(), j.result().checkpoint().orElseThrow()));
            }
        }
        for (Judged j : witnessedElsewhere(judged, shortOf, judge.required())) {
            if (j.result().valid()) {
                good.add(new Signed(j.file(), j.result().checkpoint().orElseThrow()));
            } else {
                j.result().findings().forEach(x -> out.add(cite(x, LOG)));
            }
        }
        good.sort((a, b) -> Long.compare(a.checkpoint().size(), b.checkpoint().size()));
        return good;
    }

    /** A checkpoint file and how it was judged. */
    record Judged(Path file, CheckpointVerifier.Result result) {}

    /**
     * The checkpoints short of witnesses only ({@code shortOf}), each made valid when the distinct witnesses counted
     * over every file holding the same checkpoint ({@code judged} and {@code shortOf}) reach {@code required}: a
     * cosignature counts for the checkpoint it signs, whichever copy carries it.
     */
    static List<Judged> witnessedElsewhere(List<Judged> judged, List<Judged> shortOf, int required) {
        Map<String, java.util.Set<String>> witnesses = new HashMap<>();
        for (List<Judged> l : List.of(judged, shortOf)) {
            for (Judged j : l) {
                if (j.result().checkpoint().isPresent() && !j.result().logSigners().isEmpty()) {
                    witnesses.computeIfAbsent(j.result().checkpoint().get().body(), b -> new java.util.HashSet<>())
                            .addAll(j.result().witnessKeyIds());
                }
            }
        }
        List<Judged> out = new ArrayList<>();
        for (Judged j : shortOf) {
            CheckpointVerifier.Result r = j.result();
            if (witnesses.get(r.checkpoint().get().body()).size() >= required) {
                r = new CheckpointVerifier.Result(r.checkpoint(), List.of(), r.logSigners(), r.cosigners(),
                        r.witnessKeyIds(), r.witnessesRequired());
            }
            out.add(new Judged(j.file(), r));
        }
        return out;
    }

    /** Why {@code file} could not be read, naming it as the report does ({@code name}, inside the log folder). */
    private static String reason(IOException e, Path file, String name) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace(file.toString(), name);
    }

    /** The same finding citing {@code requirement}: the one the log serves, not the footage's K3-2-4. */
    private static Finding cite(Finding f, String requirement) {
        return new Finding(f.code(), f.severity(), f.where(), List.of(requirement), f.message());
    }

    /**
     * Checks each signed checkpoint against the rebuilt roots and each pair for consistency; returns the size of
     * the newest signed checkpoint whose root the records give (the anchored prefix), or -1 if none does.
     */
    private static long checkCheckpoints(Path dir, List<Signed> good, long count, Map<Long, byte[]> logRoots,
                                         List<Finding> out) {
        long anchored = -1;
        for (Signed s : good) {
            Checkpoint c = s.checkpoint();
            Location where = Location.entry(dir.relativize(s.file()).toString().replace('\\', '/'));
            if (c.size() > count) {
                out.add(Finding.of(VerificationCode.LOG_TRUNCATED, where,
                        LocalizedText.of("チェックポイントは " + c.size() + " 件を示しますが、ログには " + count + " 件しかありません",
                        "checkpoint covers " + c.size() + " records but the log has only " + count)));
            } else if (!Arrays.equals(logRoots.get(c.size()), c.rootHash())) {
                out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, where,
                        LocalizedText.of("最初の " + c.size() + " 件の記録が署名済みルートハッシュと一致しません (記録の変更・削除・入れ替え)",
                        "the first " + c.size() + " records do not give the signed root hash (a record was changed,"
                                + " removed or moved)")));
            } else {
                anchored = Math.max(anchored, c.size());
            }
        }
        for (int i = 1; i < good.size(); i++) {
            Checkpoint a = good.get(i - 1).checkpoint();
            Checkpoint b = good.get(i).checkpoint();
            if (b.size() > count || a.size() == 0) {
                continue; // the empty tree is a prefix of every tree
            }
            // The RFC 9162 consistency proof built from the log verifies exactly when both signed roots are the
            // log's roots at their sizes; two roots for one size never do.
            boolean consistent = a.size() == b.size() ? Arrays.equals(a.rootHash(), b.rootHash())
                    : Arrays.equals(logRoots.get(a.size()), a.rootHash())
                            && Arrays.equals(logRoots.get(b.size()), b.rootHash());
            if (!consistent) {
                String an = dir.relativize(good.get(i - 1).file()).toString();
                String bn = dir.relativize(good.get(i).file()).toString();
                out.add(Finding.of(VerificationCode.LOG_INCONSISTENT, Location.entry(bn),
                        LocalizedText.of("署名済みチェックポイント " + an + " (" + a.size() + " 件) と " + bn + " (" + b.size()
                                + " 件) が整合しません (分岐または書き換え)",
                        "signed checkpoints " + an + " (size " + a.size() + ") and " + bn + " (size " + b.size()
                                + ") are not consistent (a fork or a rewrite)")));
            }
        }
        return anchored;
    }

    /** The stored tree's state; empty when it cannot be read (the stored proofs are then not checked). */
    private static Optional<TreeState> readState(Path dir) {
        try {
            return Optional.ofNullable(TreeState.read(dir, dir.resolve("tree").resolve("state")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
