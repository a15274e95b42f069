package jp.mimamori.integrity.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.internal.Frontier;
import jp.mimamori.integrity.log.internal.LogFiles;
import jp.mimamori.integrity.log.internal.MappedArray;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.log.internal.RecordFile;
import jp.mimamori.integrity.log.internal.TreeState;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.ProofException;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.timestamp.TimestampVerifier;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Verifies a log folder offline, read-only, trusting only the caller's keys: it rereads every record of
 * {@code records.log}, rebuilds the RFC 9162 tree from the records alone, and checks each signed checkpoint
 * against it. Never throws on hostile input; returns the report.
 *
 * <ul>
 *   <li>{@code LOG_RECORD_MODIFIED}: a record is not canonical, differs from the leaf hash stored when it was
 *       appended, carries another position's index (reordered), or the records below a checkpoint do not give
 *       its root;</li>
 *   <li>{@code LOG_TRUNCATED}: a checkpoint covers more records than the log has;</li>
 *   <li>{@code LOG_INCONSISTENT}: two signed checkpoints are not consistent (RFC 9162 consistency proof from
 *       the log fails);</li>
 *   <li>{@code PROOF_INVALID}: inclusion proofs served from the stored tree do not verify against a checkpoint;</li>
 *   <li>{@code SIGNATURE_INVALID} / {@code KEY_UNTRUSTED}: a checkpoint's signature;</li>
 *   <li>{@code TIMESTAMP_INVALID}: a checkpoint's {@code .tsr} (checked when TSA roots are given).</li>
 * </ul>
 *
 * <p>Memory does not grow with the log: the tree is rebuilt leaf by leaf keeping only its right edge, the roots
 * at the checkpoints' sizes and the few leaves whose stored proofs are sampled; at most
 * {@value #MAX_RECORD_FINDINGS} findings about single records are listed, the rest counted. Every file is read
 * with a limit and never through a link: a link, FIFO or device planted in the log folder is reported, never
 * followed or opened. Findings cite the requirement they serve: {@code K3-4} for the log, its checkpoints and
 * timestamps, and for a record the requirement of its type (K3-4 for disclosures, K3-2-3 for erasures, …).
 *
 * <p>Stateless; thread-safe.
 */
public final class LogVerifier {
    private LogVerifier() {}

    /** The checks over one log folder; a seam so tests can inject a failure into the verifier. */
    @FunctionalInterface
    interface Checks {
        void run(Path dir, Collection<NoteVerifier> trusted, Collection<X509CertificateHolder> roots,
                 List<Finding> out) throws IOException;
    }

    /** Verifies the log in {@code dir}. */
    public static VerificationReport verify(Path dir, Collection<NoteVerifier> trustedKeys,
                                            Collection<X509CertificateHolder> tsaRoots) {
        return verify(dir, trustedKeys, tsaRoots, LogVerifier::run);
    }

    /** Runs {@code checks}: an unexpected exception inside them is an INTERNAL finding, never tampering. */
    static VerificationReport verify(Path dir, Collection<NoteVerifier> trustedKeys,
                                     Collection<X509CertificateHolder> tsaRoots, Checks checks) {
        List<Finding> out = new ArrayList<>();
        try {
            checks.run(dir, trustedKeys, tsaRoots, out);
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

    private static void run(Path dir, Collection<NoteVerifier> trusted, Collection<X509CertificateHolder> roots,
                            List<Finding> out) throws IOException {
        boolean treeUsable = true;
        for (ConfinedFiles.Refused r : LogFiles.refused(dir)) {
            String name = dir.relativize(r.path()).toString().replace('\\', '/');
            out.add(Finding.of(name.startsWith("tree/") ? VerificationCode.PROOF_INVALID
                            : VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR, Location.entry(name), LOG,
                    LocalizedText.of(name + ": " + r.reason().japanese() + " (証跡ログのフォルダに置かれたもので、辿りも読みもしません)",
                            name + ": " + r.reason().english() + " (planted in the log folder; neither followed nor read)")));
            treeUsable &= !name.startsWith("tree");
        }
        List<Signed> signed = readCheckpoints(dir, trusted, roots, out);
        TreeMap<Long, byte[]> logRoots = new TreeMap<>();
        Map<Long, byte[]> sampled = new HashMap<>();
        for (Signed s : signed) {
            long n = s.checkpoint().size();
            logRoots.put(n, null);
            if (n > 0) {
                for (long i : new long[] {0, n / 2, n - 1}) {
                    sampled.put(i, null);
                }
            }
        }
        long count = scan(dir, treeUsable, logRoots, sampled, out);
        checkCheckpoints(dir, treeUsable, signed, count, logRoots, sampled, out);
    }

    /**
     * Rereads every record, rebuilding the tree's root at each checkpoint size ({@code logRoots}) and keeping
     * the leaves asked for ({@code sampled}); memory does not grow with the log. Returns the number of records.
     */
    private static long scan(Path dir, boolean treeUsable, TreeMap<Long, byte[]> logRoots, Map<Long, byte[]> sampled,
                             List<Finding> out) throws IOException {
        Path file = dir.resolve(TransparentEvidenceLog.RECORDS);
        Frontier frontier = new Frontier();
        long reported = 0;
        long unchecked = 0;
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
            long off = h.capacity();
            MappedArray stored = treeUsable ? storedLeaves(dir) : null;
            try {
                long storedCount = storedCount(dir, stored);
                RecordFile.Scanner scan = new RecordFile.Scanner(ch, off, length);
                if (logRoots.containsKey(0L)) {
                    logRoots.put(0L, frontier.root());
                }
                for (long i = 0; ; i++) {
                    RecordFile.Frame f = scan.next(-1);
                    if (f == null) {
                        break;
                    }
                    byte[] leaf = Merkle.leafHash(f.payload());
                    if (reported < MAX_RECORD_FINDINGS) {
                        for (Finding x : recordFindings(f, i, leaf, stored, storedCount)) {
                            out.add(x);
                            reported++;
                        }
                    } else {
                        unchecked++;
                    }
                    if (sampled.containsKey(i)) {
                        sampled.put(i, leaf);
                    }
                    frontier.append(leaf);
                    if (logRoots.containsKey(frontier.size())) {
                        logRoots.put(frontier.size(), frontier.root());
                    }
                }
            } finally {
                if (stored != null) {
                    stored.close();
                }
            }
        }
        if (unchecked > 0) {
            out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR,
                    Location.entry(TransparentEvidenceLog.RECORDS), LOG,
                    LocalizedText.of("記録の所見が " + reported + " 件に達したため、残る " + unchecked
                                    + " 件の記録は個別に検査していません (木の再計算には含めています)",
                            reported + " record findings reached the limit; the remaining " + unchecked
                                    + " records were not checked one by one (they are still part of the rebuilt"
                                    + " tree)")));
        }
        return frontier.size();
    }

    /** What is wrong with one record: not canonical, at another position, or not the leaf stored for it. */
    private static List<Finding> recordFindings(RecordFile.Frame f, long i, byte[] leaf, MappedArray stored,
                                                long storedCount) throws IOException {
        List<Finding> found = new ArrayList<>(0);
        Location at = Location.entry(TransparentEvidenceLog.RECORDS).withIndex(i);
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
        if (stored != null && i < storedCount) {
            byte[] s = new byte[32];
            stored.get(i, s, 0);
            if (!Arrays.equals(s, leaf) && f.index() == i) {
                found.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, Severity.ERROR, at, requirement,
                        LocalizedText.of("記録 " + i + " が追記時のリーフハッシュと一致しません (改ざん)",
                        "record " + i + " differs from the leaf hash stored when it was appended")));
            }
        }
        return found;
    }

    private static MappedArray storedLeaves(Path dir) throws IOException {
        Path p = dir.resolve("tree").resolve("level-00.hashes");
        return ConfinedFiles.kind(dir, p).orElse(null) == ConfinedFiles.Kind.FILE ? new MappedArray(p, 32, 1 << 16)
                : null;
    }

    private static long storedCount(Path dir, MappedArray stored) throws IOException {
        if (stored == null) {
            return 0;
        }
        TreeState st = TreeState.read(dir, dir.resolve("tree").resolve("state"));
        long n = st == null ? 0 : st.size();
        stored.mapUpTo(n);
        return n;
    }

    private record Signed(Path file, Checkpoint checkpoint) {}

    /**
     * Reads and verifies every checkpoint file (bounded, never through a link) and its timestamp; returns
     * those whose signature is valid, smallest first.
     */
    private static List<Signed> readCheckpoints(Path dir, Collection<NoteVerifier> trusted,
                                                Collection<X509CertificateHolder> roots, List<Finding> out)
            throws IOException {
        List<Path> files = new ArrayList<>(LogCheckpoints.list(dir));
        Path latest = dir.resolve(LogCheckpoints.LATEST);
        if (ConfinedFiles.kind(dir, latest).orElse(null) == ConfinedFiles.Kind.FILE) {
            files.add(latest);
        }
        List<Signed> good = new ArrayList<>();
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
            CheckpointVerifier.Result r = CheckpointVerifier.verify(bytes, trusted, where);
            r.findings().forEach(x -> out.add(cite(x, LOG)));
            Path tsr = f.resolveSibling(f.getFileName() + ".tsr");
            if (!roots.isEmpty() && ConfinedFiles.kind(dir, tsr).orElse(null) == ConfinedFiles.Kind.FILE) {
                Location tw = Location.entry(name + ".tsr");
                try {
                    TimestampVerifier.verify(BoundedFiles.read(dir, tsr, MAX_TSR_BYTES), bytes, roots, tw)
                            .findings().forEach(x -> out.add(cite(x, LOG)));
                } catch (IOException e) {
                    String why = reason(e, tsr, name + ".tsr");
                    out.add(Finding.of(VerificationCode.TIMESTAMP_INVALID, Severity.ERROR, tw, LOG,
                            LocalizedText.of("タイムスタンプを読めません: " + why, "timestamp cannot be read: " + why)));
                }
            }
            if (r.valid()) {
                good.add(new Signed(f, r.checkpoint().orElseThrow()));
            }
        }
        good.sort((a, b) -> Long.compare(a.checkpoint().size(), b.checkpoint().size()));
        return good;
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

    private static void checkCheckpoints(Path dir, boolean treeUsable, List<Signed> good, long count,
                                         Map<Long, byte[]> logRoots, Map<Long, byte[]> sampled, List<Finding> out) {
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
            } else if (treeUsable) {
                checkStoredProofs(dir, c, sampled, where, out);
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
    }

    /** Proofs the live log would serve come from tree/; check a few against the signed root. */
    private static void checkStoredProofs(Path dir, Checkpoint c, Map<Long, byte[]> sampled, Location where,
                                          List<Finding> out) {
        if (c.size() == 0 || !Files.isDirectory(dir.resolve("tree"), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        var read = readState(dir);
        if (read.isEmpty() || read.get().size() < c.size()) {
            return;
        }
        var st = read.get();
        try (var tree = new jp.mimamori.integrity.log.internal.TreeStore(dir.resolve("tree"), st.size())) {
            long n = c.size();
            long[] sample = {0, n / 2, n - 1};
            for (long i : sample) {
                List<byte[]> path = tree.inclusionPath(i, n, jp.mimamori.integrity.log.internal.Rfc9162.local());
                try {
                    Merkle.verifyInclusion(sampled.get(i), i, n, path, c.rootHash());
                } catch (ProofException e) {
                    out.add(Finding.of(VerificationCode.PROOF_INVALID, Severity.ERROR, where.withIndex(i), LOG,
                            LocalizedText.of("保存された木から作った記録 " + i + " の包含証明が検証できません: " + e.getMessage(),
                            "inclusion proof of record " + i + " served from the stored tree does not verify: "
                                    + e.getMessage())));
                    return;
                }
            }
        } catch (IOException e) {
            out.add(Finding.of(VerificationCode.PROOF_INVALID, Severity.ERROR, where, LOG, LocalizedText.of("保存された木を読めません: " + e.getMessage(),
                    "stored tree cannot be read: " + e.getMessage())));
        }
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
