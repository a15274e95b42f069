package jp.mimamori.integrity.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.internal.MappedArray;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.log.internal.RecordFile;
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
 * <p>Holds one 32-byte leaf hash per record in memory (320 MB for ten million records).
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
            out.add(VerificationReport.verifierFailure(Location.entry(TransparentEvidenceLog.RECORDS), e));
        }
        return new VerificationReport(out);
    }

    private static void run(Path dir, Collection<NoteVerifier> trusted, Collection<X509CertificateHolder> roots,
                            List<Finding> out) throws IOException {
        Path file = dir.resolve(TransparentEvidenceLog.RECORDS);
        List<byte[]> leaves = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
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
            MappedArray stored = storedLeaves(dir);
            long storedCount = storedCount(dir, stored);
            RecordFile.Scanner scan = new RecordFile.Scanner(ch, off, length);
            for (long i = 0; ; i++) {
                RecordFile.Frame f = scan.next(-1);
                if (f == null) {
                    break;
                }
                Location at = Location.entry(TransparentEvidenceLog.RECORDS).withIndex(i);
                if (f.index() != i) {
                    out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, at,
                            LocalizedText.of("位置 " + i + " の記録は記録 " + f.index() + " です (順序の入れ替え)",
                            "record at position " + i + " is record " + f.index() + " (reordered)")));
                }
                try {
                    RecordCodec.decode(f.payload());
                } catch (IllegalArgumentException e) {
                    out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, at, LocalizedText.of("記録 " + i + " が正規の記録ではありません: "
                            + e.getMessage(), "record " + i + " is not a canonical record: " + e.getMessage())));
                }
                byte[] leaf = Merkle.leafHash(f.payload());
                if (stored != null && i < storedCount) {
                    byte[] s = new byte[32];
                    stored.get(i, s, 0);
                    if (!Arrays.equals(s, leaf) && f.index() == i) {
                        out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, at,
                                LocalizedText.of("記録 " + i + " が追記時のリーフハッシュと一致しません (改ざん)",
                                "record " + i + " differs from the leaf hash stored when it was appended")));
                    }
                }
                leaves.add(leaf);
            }
            if (stored != null) {
                stored.close();
            }
        }
        checkCheckpoints(dir, leaves, trusted, roots, out);
    }

    private static MappedArray storedLeaves(Path dir) throws IOException {
        Path p = dir.resolve("tree").resolve("level-00.hashes");
        return Files.isRegularFile(p) ? new MappedArray(p, 32, 1 << 16) : null;
    }

    private static long storedCount(Path dir, MappedArray stored) throws IOException {
        if (stored == null) {
            return 0;
        }
        var st = jp.mimamori.integrity.log.internal.TreeState.read(dir.resolve("tree").resolve("state"));
        long n = st == null ? 0 : st.size();
        stored.mapUpTo(n);
        return n;
    }

    private record Signed(Path file, Checkpoint checkpoint) {}

    private static void checkCheckpoints(Path dir, List<byte[]> leaves, Collection<NoteVerifier> trusted,
                                         Collection<X509CertificateHolder> roots, List<Finding> out)
            throws IOException {
        List<Path> files = new ArrayList<>(LogCheckpoints.list(dir));
        Path latest = dir.resolve(LogCheckpoints.LATEST);
        if (Files.isRegularFile(latest)) {
            files.add(latest);
        }
        List<Signed> good = new ArrayList<>();
        for (Path f : files) {
            String name = dir.relativize(f).toString().replace('\\', '/');
            Location where = Location.entry(name);
            byte[] bytes = Files.readAllBytes(f);
            CheckpointVerifier.Result r = CheckpointVerifier.verify(bytes, trusted, where);
            out.addAll(r.findings());
            Path tsr = f.resolveSibling(f.getFileName() + ".tsr");
            if (Files.isRegularFile(tsr) && !roots.isEmpty()) {
                out.addAll(TimestampVerifier.verify(Files.readAllBytes(tsr), bytes, roots,
                        Location.entry(name + ".tsr")).findings());
            }
            if (!r.valid()) {
                continue;
            }
            Checkpoint c = r.checkpoint().orElseThrow();
            if (c.size() > leaves.size()) {
                out.add(Finding.of(VerificationCode.LOG_TRUNCATED, where,
                        LocalizedText.of("チェックポイントは " + c.size() + " 件を示しますが、ログには " + leaves.size() + " 件しかありません",
                        "checkpoint covers " + c.size() + " records but the log has only " + leaves.size())));
            } else if (!Arrays.equals(Merkle.root(leaves.subList(0, (int) c.size())), c.rootHash())) {
                out.add(Finding.of(VerificationCode.LOG_RECORD_MODIFIED, where,
                        LocalizedText.of("最初の " + c.size() + " 件の記録が署名済みルートハッシュと一致しません (記録の変更・削除・入れ替え)",
                        "the first " + c.size() + " records do not give the signed root hash (a record was changed,"
                                + " removed or moved)")));
            } else {
                checkStoredProofs(dir, c, leaves, where, out);
            }
            good.add(new Signed(f, c));
        }
        good.sort((a, b) -> Long.compare(a.checkpoint().size(), b.checkpoint().size()));
        for (int i = 1; i < good.size(); i++) {
            Checkpoint a = good.get(i - 1).checkpoint();
            Checkpoint b = good.get(i).checkpoint();
            if (b.size() > leaves.size() || a.size() == 0) {
                continue; // the empty tree is a prefix of every tree
            }
            try {
                if (a.size() == b.size()) {
                    if (!Arrays.equals(a.rootHash(), b.rootHash())) {
                        throw new ProofException("two roots for one tree size");
                    }
                    continue;
                }
                List<byte[]> proof = Merkle.consistencyProof(leaves.subList(0, (int) b.size()), a.size());
                Merkle.verifyConsistency(a.size(), b.size(), proof, a.rootHash(), b.rootHash());
            } catch (ProofException | IllegalArgumentException e) {
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
    private static void checkStoredProofs(Path dir, Checkpoint c, List<byte[]> leaves, Location where,
                                          List<Finding> out) {
        if (c.size() == 0 || !Files.isDirectory(dir.resolve("tree"))) {
            return;
        }
        var st = readState(dir);
        if (st == null || st.size() < c.size()) {
            return;
        }
        try (var tree = new jp.mimamori.integrity.log.internal.TreeStore(dir.resolve("tree"), st.size())) {
            long n = c.size();
            long[] sample = {0, n / 2, n - 1};
            for (long i : sample) {
                List<byte[]> path = tree.inclusionPath(i, n, jp.mimamori.integrity.log.internal.Rfc9162.local());
                try {
                    Merkle.verifyInclusion(leaves.get((int) i), i, n, path, c.rootHash());
                } catch (ProofException e) {
                    out.add(Finding.of(VerificationCode.PROOF_INVALID, where.withIndex(i),
                            LocalizedText.of("保存された木から作った記録 " + i + " の包含証明が検証できません: " + e.getMessage(),
                            "inclusion proof of record " + i + " served from the stored tree does not verify: "
                                    + e.getMessage())));
                    return;
                }
            }
        } catch (IOException e) {
            out.add(Finding.of(VerificationCode.PROOF_INVALID, where, LocalizedText.of("保存された木を読めません: " + e.getMessage(),
                    "stored tree cannot be read: " + e.getMessage())));
        }
    }

    private static jp.mimamori.integrity.log.internal.TreeState readState(Path dir) {
        try {
            return jp.mimamori.integrity.log.internal.TreeState.read(dir.resolve("tree").resolve("state"));
        } catch (IOException e) {
            return null;
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
