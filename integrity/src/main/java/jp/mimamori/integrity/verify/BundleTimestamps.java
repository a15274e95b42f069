package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.PROOF_INVALID;
import static jp.mimamori.core.finding.VerificationCode.TIMESTAMP_INVALID;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.evidence.SegmentSealed;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.bundle.BundleFormatException;
import jp.mimamori.integrity.bundle.BundleManifest;
import jp.mimamori.integrity.bundle.BundleTimestamp;
import jp.mimamori.integrity.bundle.internal.BundleLayout;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.ProofException;
import jp.mimamori.integrity.timestamp.TimestampVerifier;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The timestamps of a bundle (docs/FORMATS.md "Export bundle v1", verification step 10; K3-2-4, K3-4): each
 * timestamped checkpoint is signed by a trusted log key and is the log's at its size, its consistency proof leads
 * to {@code log/checkpoint}, and its RFC 3161 response covers its bytes — checked against the caller's TSA roots,
 * or, without any, only inspected ({@code TIMESTAMP_UNCHECKED}, INFO). A timestamp that holds is stated in the
 * coverage with the bundle's records it covers. Never throws on hostile input. Stateless.
 */
final class BundleTimestamps {
    private BundleTimestamps() {}

    /** The entry names {@code bundle.json}'s {@code timestamps} member names. */
    static List<String> entries(BundleManifest m) {
        List<String> out = new ArrayList<>();
        for (long n : m.timestamps()) {
            out.add(BundleTimestamp.checkpointEntry(n));
            out.add(BundleTimestamp.responseEntry(n));
            out.add(BundleTimestamp.consistencyEntry(n));
        }
        return out;
    }

    /**
     * Checks every timestamp {@code bundle.json} names against {@code checkpoint} (the bundle's, when a trusted
     * log key signed it; with none nothing is connected to the log and nothing is checked), adding findings to
     * {@code out}; returns the coverage lines.
     */
    static List<LocalizedText> check(BundleManifest m, Map<String, byte[]> held, List<NoteVerifier> logKeys,
                                     Checkpoint checkpoint, Collection<X509CertificateHolder> tsaRoots,
                                     List<Finding> out) {
        List<LocalizedText> coverage = new ArrayList<>();
        if (checkpoint == null) {
            return coverage;
        }
        for (long n : m.timestamps()) {
            String cpName = BundleTimestamp.checkpointEntry(n);
            String tsrName = BundleTimestamp.responseEntry(n);
            String conName = BundleTimestamp.consistencyEntry(n);
            byte[] cp = held.get(cpName);
            byte[] tsr = held.get(tsrName);
            byte[] con = held.get(conName);
            if (cp == null || tsr == null || con == null) {
                String gone = cp == null ? cpName : tsr == null ? tsrName : conName;
                out.add(Msg.f(TIMESTAMP_INVALID, Location.entry(gone), "bundle.json が示すタイムスタンプのエントリ "
                        + gone + " がアーカイブにありません", "entry " + gone + " of a timestamp bundle.json names is not"
                        + " in the archive"));
                continue;
            }
            boolean connected = connected(n, cp, con, logKeys, checkpoint, out);
            Location tw = Location.entry(tsrName);
            TimestampVerifier.Result r = tsaRoots.isEmpty() ? TimestampVerifier.inspect(tsr, cp, tw)
                    : TimestampVerifier.verify(tsr, cp, tsaRoots, tw);
            out.addAll(r.findings());
            if (!connected) {
                continue;
            }
            Optional<LocalizedText> covered = covered(m, held, n);
            if (r.valid()) {
                Instant t = r.time().orElseThrow();
                String tsa = r.tsa().orElse("?");
                coverage.add(LocalizedText.of("  RFC 3161: ログは " + t + " までにログ記録 0〜" + (n - 1) + " を保持していました (TSA "
                        + tsa + ")" + covered.map(c -> "。このバンドルの記録: " + c.ja()).orElse(""),
                        "  RFC 3161: the log held records 0–" + (n - 1) + " by " + t + " (TSA " + tsa + ")"
                                + covered.map(c -> "; of this bundle's records: " + c.en()).orElse("")));
            } else if (tsaRoots.isEmpty() && r.findings().stream().allMatch(
                    f -> f.code() == jp.mimamori.core.finding.VerificationCode.TIMESTAMP_UNCHECKED)) {
                coverage.add(LocalizedText.of("  RFC 3161: ログ記録 0〜" + (n - 1) + " のタイムスタンプは TSA のルート証明書が"
                        + " 与えられていないため確認していません", "  RFC 3161: the timestamp of log records 0–" + (n - 1)
                        + " is not checked (no TSA root given)"));
            }
        }
        return coverage;
    }

    /**
     * Whether the timestamped checkpoint is the log's at size {@code n}, signed by a trusted log key, and an
     * earlier state of {@code checkpoint} by its consistency proof; each failure is a finding.
     */
    private static boolean connected(long n, byte[] cp, byte[] con, List<NoteVerifier> logKeys, Checkpoint checkpoint,
                                     List<Finding> out) {
        String cpName = BundleTimestamp.checkpointEntry(n);
        CheckpointVerifier.Result cr = CheckpointVerifier.verify(cp, logKeys, Location.entry(cpName));
        if (!cr.valid()) {
            String why = cr.findings().isEmpty() ? "" : ": " + cr.findings().get(0).message().en();
            String whyJa = cr.findings().isEmpty() ? "" : ": " + cr.findings().get(0).message().ja();
            out.add(Msg.f(TIMESTAMP_INVALID, Location.entry(cpName), "タイムスタンプの対象のチェックポイントが信頼するログ鍵で"
                    + "署名されていません" + whyJa, "the timestamped checkpoint is not signed by a trusted log key" + why));
            return false;
        }
        Checkpoint c = cr.checkpoint().orElseThrow();
        if (c.size() != n || !c.origin().equals(checkpoint.origin()) || n > checkpoint.size()) {
            out.add(Msg.f(TIMESTAMP_INVALID, Location.entry(cpName), "タイムスタンプの対象のチェックポイント ("
                    + c.origin() + ", " + c.size() + " 件) はエントリ名が示すこのログのものではありません",
                    "the timestamped checkpoint (" + c.origin() + ", size " + c.size() + ") is not this log's of the"
                            + " size its entry name gives"));
            return false;
        }
        String conName = BundleTimestamp.consistencyEntry(n);
        try {
            Merkle.verifyConsistency(n, checkpoint.size(), BundleTimestamp.parseConsistency(con), c.rootHash(),
                    checkpoint.rootHash());
            return true;
        } catch (BundleFormatException e) {
            out.add(Finding.of(PROOF_INVALID, Location.entry(conName), e.text()));
        } catch (ProofException e) {
            out.add(Msg.f(PROOF_INVALID, Location.entry(conName), "タイムスタンプの対象のチェックポイント (" + n
                    + " 件) が " + BundleLayout.CHECKPOINT + " (" + checkpoint.size() + " 件) の以前の状態であることを証明できません: "
                    + e.getMessage(), "the timestamped checkpoint (size " + n + ") is not proven to be an earlier"
                    + " state of " + BundleLayout.CHECKPOINT + " (size " + checkpoint.size() + "): " + e.getMessage()));
        }
        return false;
    }

    /** The bundle's records below {@code n}, named: sealing records and receipts by camera and segment, the rest by kind. */
    private static Optional<LocalizedText> covered(BundleManifest m, Map<String, byte[]> held, long n) {
        TreeMap<String, TreeSet<Long>> sealed = new TreeMap<>();
        TreeMap<String, TreeSet<Long>> erased = new TreeMap<>();
        for (long i : m.completeness()) {
            byte[] b = held.get(BundleLayout.record("completeness", i));
            if (i >= n || b == null) {
                continue;
            }
            try {
                EvidenceRecord r = RecordCodec.decode(b);
                if (r.type().equals(EvidenceTypes.SEGMENT_SEALED)) {
                    SegmentSealed s = SegmentSealed.fromRecord(r);
                    sealed.computeIfAbsent(s.camera(), k -> new TreeSet<>()).add(s.sequence());
                } else if (r.type().equals(EvidenceTypes.ERASURE_RECEIPT)) {
                    ErasureReceipt e = ErasureReceipt.fromRecord(r);
                    erased.computeIfAbsent(e.camera(), k -> new TreeSet<>()).add(e.sequence());
                }
            } catch (Exception e) {
                // a record that does not decode is reported by its proof's check
            }
        }
        List<String> en = new ArrayList<>();
        List<String> ja = new ArrayList<>();
        sealed.forEach((cam, seqs) -> {
            en.add("segment.sealed of " + cam + " segments " + runs(seqs));
            ja.add(cam + " セグメント " + runs(seqs) + " の封印記録");
        });
        erased.forEach((cam, seqs) -> {
            en.add("erasure.receipt of " + cam + " segments " + runs(seqs));
            ja.add(cam + " セグメント " + runs(seqs) + " の消去証明");
        });
        if (m.disclosure().decisionLogIndex() < n) {
            en.add("the decision");
            ja.add("判断記録");
        }
        if (m.disclosure().logIndex() < n) {
            en.add("the disclosure record");
            ja.add("開示記録");
        }
        return en.isEmpty() ? Optional.empty()
                : Optional.of(LocalizedText.of(String.join("、", ja), String.join(", ", en)));
    }

    /** Ascending numbers as runs: {@code 0–3, 5}. */
    static String runs(TreeSet<Long> seqs) {
        StringBuilder sb = new StringBuilder();
        Optional<Long> start = Optional.empty();
        long prev = -2;
        for (long s : seqs) {
            if (start.isPresent() && s == prev + 1) {
                prev = s;
                continue;
            }
            if (start.isPresent()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(start.get() == prev ? "" + prev : start.get() + "–" + prev);
            }
            start = Optional.of(s);
            prev = s;
        }
        if (start.isPresent()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(start.get() == prev ? "" + prev : start.get() + "–" + prev);
        }
        return sb.toString();
    }
}
