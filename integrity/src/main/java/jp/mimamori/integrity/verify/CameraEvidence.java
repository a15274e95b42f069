package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.SEGMENT_ERASED;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_INSERTED;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_MISSING;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.evidence.SegmentSealed;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.AnchoredLog.Entry;

/**
 * What the evidence log says about one camera, and the judgement of every gap in its chain against it: a missing
 * segment is {@code SEGMENT_ERASED} only with an erasure receipt that has outcome {@code erased}, a valid
 * signature by a trusted retention key, a signed checkpoint over it, and a manifest hash equal to the one the
 * chain expects there (the next manifest's {@code prev_manifest_hash}, or the anchored {@code segment.sealed}
 * record of that sequence number). Anything short of that is {@code SEGMENT_MISSING}, with the reason.
 */
final class CameraEvidence {
    /** Gaps longer than this are reported as runs rather than one finding per segment. */
    static final long MAX_GAP_FINDINGS = 10_000;

    private final String camera;
    private final VerifyContext ctx;
    private final TreeMap<Long, List<Entry<SegmentSealed>>> sealed = new TreeMap<>();
    private final TreeMap<Long, List<Entry<ErasureReceipt>>> receipts = new TreeMap<>();
    private long knownEnd;

    private CameraEvidence(String camera, VerifyContext ctx) {
        this.camera = camera;
        this.ctx = ctx;
    }

    static CameraEvidence of(String camera, VerifyContext ctx) {
        CameraEvidence ev = new CameraEvidence(camera, ctx);
        if (ctx.log().isPresent()) {
            AnchoredLog log = ctx.log().get();
            for (Entry<SegmentSealed> e : log.sealed(camera)) {
                ev.sealed.computeIfAbsent(e.value().sequence(), k -> new ArrayList<>()).add(e);
                if (e.anchored()) {
                    ev.knownEnd = Math.max(ev.knownEnd, e.value().sequence() + 1);
                }
            }
            for (Entry<ErasureReceipt> e : log.receipts(camera)) {
                ev.receipts.computeIfAbsent(e.value().sequence(), k -> new ArrayList<>()).add(e);
            }
        }
        return ev;
    }

    /** The anchored {@code segment.sealed} records, by sequence number (the first of each). */
    java.util.NavigableMap<Long, Entry<SegmentSealed>> anchoredSealed() {
        TreeMap<Long, Entry<SegmentSealed>> out = new TreeMap<>();
        sealed.forEach((seq, es) -> es.stream().filter(Entry::anchored).findFirst().ifPresent(e -> out.put(seq, e)));
        return out;
    }

    /**
     * The earliest time the log allows for the recording of {@code c} (docs/SECURITY.md G12): the time it
     * establishes for the anchored {@code segment.sealed} record naming this manifest, else — sealed after what
     * the log anchors, or never recorded in it — the latest time the log anchors. Empty without a log.
     */
    Optional<Instant> loggedTime(SegmentCheck c) {
        if (ctx.log().isEmpty()) {
            return Optional.empty();
        }
        AnchoredLog log = ctx.log().get();
        String hash = SegmentCheck.HEX.formatHex(c.hash);
        Optional<Instant> own = sealed.getOrDefault(c.seq(), List.of()).stream()
                .filter(e -> e.anchored() && e.value().manifestHash().equals(hash))
                .map(e -> log.establishedTime(e.index())).flatMap(Optional::stream).findFirst();
        return own.isPresent() ? own : log.anchoredUntil();
    }

    /** One past the highest sequence number an anchored {@code segment.sealed} record names (0 if none). */
    long knownEnd() {
        return knownEnd;
    }

    /**
     * A present segment that is not the one the log recorded as sealed under its sequence number (anchored):
     * another manifest was put in its place.
     */
    Optional<Finding> replaced(SegmentCheck c) {
        List<Entry<SegmentSealed>> known = sealed.getOrDefault(c.seq(), List.of()).stream()
                .filter(Entry::anchored).toList();
        if (known.isEmpty()) {
            return Optional.empty();
        }
        String hash = SegmentCheck.HEX.formatHex(c.hash);
        if (known.stream().anyMatch(e -> e.value().manifestHash().equals(hash))) {
            return Optional.empty();
        }
        Entry<SegmentSealed> e = known.get(0);
        return Optional.of(Msg.f(SEGMENT_INSERTED, c.where(), "セグメント " + c.seq()
                + " はログが封印を記録したセグメントではありません (ログ記録 " + e.index() + " はマニフェスト "
                + e.value().manifestHash().substring(0, 16) + "… を記録しています)", "segment " + c.seq()
                + " is not the segment the log recorded as sealed (log record " + e.index() + " names manifest "
                + e.value().manifestHash().substring(0, 16) + "…)"));
    }

    /** The verdict on one missing sequence number. */
    private record Verdict(boolean erased, String ja, String en, boolean neverSealed) {
        Verdict(boolean erased, String ja, String en) {
            this(erased, ja, en, false);
        }
    }

    /**
     * Reports the sequence numbers {@code from} (inclusive) to {@code to} (exclusive) of this camera as missing
     * or erased. {@code successor} is the present segment right after the gap, if any; its
     * {@code prev_manifest_hash} names the manifest of {@code to - 1}.
     */
    void gaps(long from, long to, SegmentCheck successor, List<Finding> out) {
        if (to <= from) {
            return;
        }
        if (to - from <= MAX_GAP_FINDINGS) {
            for (long g = from; g < to; g++) {
                out.add(finding(judge(g, successor), g, g + 1));
            }
            return;
        }
        // A wide gap: only the sequence numbers with receipts can differ; report runs of one verdict.
        List<Run> runs = new ArrayList<>();
        long g = from;
        for (long s : receipts.subMap(from, to).keySet()) {
            if (s > g) {
                appendWithoutReceipts(runs, g, s);
            }
            append(runs, s, s + 1, judge(s, successor));
            g = s + 1;
        }
        if (g < to) {
            appendWithoutReceipts(runs, g, to);
        }
        for (Run r : runs) {
            out.add(finding(r.verdict, r.start, r.end));
        }
    }

    /** Sequence numbers {@code start} (inclusive) to {@code end} (exclusive) with one verdict. */
    private record Run(long start, long end, Verdict verdict) {}

    private static void append(List<Run> runs, long start, long end, Verdict v) {
        if (!runs.isEmpty()) {
            Run last = runs.get(runs.size() - 1);
            if (last.end == start && sameKind(last.verdict, v)) {
                runs.set(runs.size() - 1, new Run(last.start, end, last.verdict));
                return;
            }
        }
        runs.add(new Run(start, end, v));
    }

    /** Sequence numbers without receipts: missing, or never sealed where the log shows it (in stretches). */
    private void appendWithoutReceipts(List<Run> runs, long from, long to) {
        long g = from;
        for (long k : sealed.subMap(from, to).keySet()) {
            if (k > g) {
                append(runs, g, k, neverSealed(g) ? new Verdict(false, "", "", true) : noReceipt());
            }
            append(runs, k, k + 1, noReceipt());
            g = k + 1;
        }
        if (g < to) {
            append(runs, g, to, neverSealed(g) ? new Verdict(false, "", "", true) : noReceipt());
        }
    }

    private static boolean sameKind(Verdict a, Verdict b) {
        return a.erased == b.erased && a.neverSealed == b.neverSealed && a.en.equals(b.en);
    }

    /**
     * A crash the recorder's state file lists and no sealed manifest records yet: segment {@code seq} was open when
     * the recorder stopped, and the recorder reopened without sealing another segment (the next one will record it).
     */
    Finding unrecordedCrash(long seq) {
        return Msg.f(VerificationCode.CHAIN_RESTARTED, Location.entry(camera).withSegment(seq), "セグメント " + seq
                + " の記録中にレコーダーが停止しました。このセグメントは封印されておらず、残っているユニットは検証できません"
                + " (レコーダーの状態ファイルによる。次に封印されるマニフェストが記録します)", "the recorder stopped while segment "
                + seq + " was open; that segment was never sealed and its units (if kept) are unverifiable (from the"
                + " recorder's state file; the next sealed manifest records it)");
    }

    private Finding finding(Verdict v, long start, long end) {
        Location where = Location.entry(camera).withSegment(start);
        String enWhat = end - start == 1 ? "segment " + start : "segments " + start + " to " + (end - 1);
        String jaWhat = end - start == 1 ? "セグメント " + start : "セグメント " + start + "〜" + (end - 1);
        if (v.neverSealed) {
            return Msg.f(VerificationCode.CHAIN_RESTARTED, where, jaWhat + " は封印されていません: ログに封印記録がなく、前後の"
                    + "セグメントの封印記録は固定されています (記録中の停止。それを記録したマニフェストは保存期間に基づき消去済み)",
                    enWhat + (end - start == 1 ? " was" : " were") + " never sealed: the log records no segment.sealed"
                    + " for it while it anchors those before and after (the recorder stopped while it was open; the"
                    + " manifest that reported that is gone, erased under retention)");
        }
        if (v.erased) {
            return Msg.f(SEGMENT_ERASED, where, jaWhat + " は保存期間に基づき消去されました" + v.ja,
                    enWhat + (end - start == 1 ? " was" : " were") + " erased under retention" + v.en);
        }
        return Msg.f(SEGMENT_MISSING, where, jaWhat + " がありません" + v.ja,
                enWhat + (end - start == 1 ? " is" : " are") + " missing" + v.en);
    }

    private static Verdict noReceipt() {
        return new Verdict(false, " (消去証明なし)", " (no erasure receipt)");
    }

    /** The best the log's receipts for {@code g} can do. */
    private Verdict judge(long g, SegmentCheck successor) {
        List<Entry<ErasureReceipt>> rs = receipts.getOrDefault(g, List.of());
        Optional<String> expected = expectedHash(g, successor);
        Verdict best = null;
        int bestRank = -1;
        for (Entry<ErasureReceipt> e : rs) {
            ErasureReceipt r = e.value();
            if (!r.erased()) {
                continue;
            }
            long i = e.index();
            Verdict v;
            int rank;
            if (!signedByRetentionKey(r)) {
                rank = 1;
                v = new Verdict(false, "。消去証明 (ログ記録 " + i + ") は信頼する保存期間管理の鍵で署名されていません",
                        "; its erasure receipt (log record " + i + ") is not signed by a trusted retention key");
            } else if (!e.anchored()) {
                rank = 2;
                v = new Verdict(false, "。消去証明 (ログ記録 " + i + ") は署名済みチェックポイントで固定されていません",
                        "; its erasure receipt (log record " + i + ") is not covered by a signed checkpoint");
            } else if (expected.isEmpty()) {
                rank = 3;
                v = new Verdict(false, "。消去証明 (ログ記録 " + i + ") を照合できません: 次のマニフェストも固定された封印記録も"
                        + "消去されたマニフェストを示していません", "; its erasure receipt (log record " + i + ") cannot be"
                        + " checked: neither the next manifest nor an anchored segment.sealed record names the manifest"
                        + " it erased");
            } else if (!expected.get().equals(r.manifestHash())) {
                rank = 4;
                v = new Verdict(false, "。消去証明は別のマニフェストを指しています",
                        "; its erasure receipt names another manifest");
            } else {
                return new Verdict(true, r.simulated()
                        ? " (模擬実行の消去証明 " + r.erasureId() + "、ログ記録 " + i + ")"
                        : " (署名・固定済みの消去証明 " + r.erasureId() + "、ログ記録 " + i + ")",
                        r.simulated() ? " (simulated erasure receipt " + r.erasureId() + ", log record " + i + ")"
                                : " (signed, anchored erasure receipt " + r.erasureId() + ", log record " + i + ")");
            }
            if (rank > bestRank) {
                best = v;
                bestRank = rank;
            }
        }
        if (best == null && neverSealed(g)) {
            return new Verdict(false, "", "", true);
        }
        return best != null ? best : noReceipt();
    }

    /**
     * Whether the log shows that segment {@code g} was never sealed: no {@code segment.sealed} record names it, while
     * anchored ones name segments before and after it. The recorder records each segment as it seals it, in sequence
     * order, so a checkpoint covering the later record would cover its record too: {@code g} is a segment a crash
     * left unsealed, whose report went with the manifest after it when retention erased that one (G31).
     */
    private boolean neverSealed(long g) {
        if (ctx.log().isEmpty() || sealed.containsKey(g)) {
            return false;
        }
        java.util.Map.Entry<Long, List<Entry<SegmentSealed>>> before = sealed.lowerEntry(g);
        java.util.Map.Entry<Long, List<Entry<SegmentSealed>>> after = sealed.higherEntry(g);
        return before != null && after != null && before.getValue().stream().anyMatch(Entry::anchored)
                && after.getValue().stream().anyMatch(Entry::anchored);
    }

    /** The manifest hash the chain expects at {@code g}: named by the successor, or by an anchored sealing record. */
    private Optional<String> expectedHash(long g, SegmentCheck successor) {
        if (successor != null && g == successor.seq() - 1 && successor.manifest.prevManifestHash().isPresent()) {
            return successor.manifest.prevManifestHash();
        }
        return sealed.getOrDefault(g, List.of()).stream().filter(Entry::anchored)
                .map(e -> e.value().manifestHash()).findFirst();
    }

    private boolean signedByRetentionKey(ErasureReceipt r) {
        if (r.signature().isEmpty()) {
            return false;
        }
        Optional<VerifyingKey> k = ctx.retentionKey(r.signature().get().keyId(), r.erasedAt());
        if (k.isEmpty()) {
            return false;
        }
        try {
            r.verifySignature(k.get());
            return true;
        } catch (SignatureInvalidException e) {
            return false;
        }
    }
}
