package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.UNIT_INSERTED;
import static jp.mimamori.core.finding.VerificationCode.UNIT_MISSING;
import static jp.mimamori.core.finding.VerificationCode.UNIT_MODIFIED;
import static jp.mimamori.core.finding.VerificationCode.UNIT_REORDERED;
import static jp.mimamori.core.finding.VerificationCode.UNIT_REPLAYED;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.finding.Finding;

/**
 * Classifies how the unit files present differ from the units the (authenticated) index expects: units in
 * their place are the longest increasing run of matches; a match out of that run is REORDERED, a second copy
 * is REPLAYED, and between anchors an unexpected file paired with a missing unit is MODIFIED, otherwise
 * INSERTED or MISSING.
 */
final class UnitAlignment {
    private UnitAlignment() {}

    static void report(byte[][] exp, byte[][] act, long base, SegmentCheck where, List<Finding> out) {
        int n = exp.length;
        int m = act.length;
        Map<ByteBuffer, ArrayDeque<Integer>> byHash = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byHash.computeIfAbsent(ByteBuffer.wrap(exp[i]), k -> new ArrayDeque<>()).add(i);
        }
        Map<ByteBuffer, Integer> firstOf = new HashMap<>();
        for (int i = n - 1; i >= 0; i--) {
            firstOf.put(ByteBuffer.wrap(exp[i]), i);
        }
        int[] e = new int[m];
        boolean[] dup = new boolean[m];
        boolean[] matched = new boolean[n];
        for (int j = 0; j < m; j++) {
            ByteBuffer k = ByteBuffer.wrap(act[j]);
            ArrayDeque<Integer> q = byHash.get(k);
            if (q == null) {
                e[j] = -1;
            } else if (q.isEmpty()) {
                e[j] = firstOf.get(k);
                dup[j] = true;
            } else {
                e[j] = q.poll();
                matched[e[j]] = true;
            }
        }
        boolean[] inRun = longestIncreasing(e, dup);
        for (int j = 0; j < m; j++) {
            if (dup[j]) {
                out.add(Msg.f(UNIT_REPLAYED, where.where(base + e[j]), "ユニット " + (base + e[j])
                        + " が位置 " + j + " で繰り返されています (再生)", "unit " + (base + e[j])
                        + " is repeated at position " + j + " (replayed)"));
            } else if (e[j] >= 0 && !inRun[j]) {
                out.add(Msg.f(UNIT_REORDERED, where.where(base + e[j]), "ユニット " + (base + e[j])
                        + " が位置 " + j + " に移動されています", "unit " + (base + e[j]) + " was moved to position "
                        + j));
            }
        }
        // Walk the anchors (units in place) and classify what lies between them.
        int ja = -1;
        int ia = -1;
        for (int j = 0; j <= m; j++) {
            if (j < m && !inRun[j]) {
                continue;
            }
            int ib = j < m ? e[j] : n;
            List<Integer> missing = new ArrayList<>();
            for (int i = ia + 1; i < ib; i++) {
                if (!matched[i]) {
                    missing.add(i);
                }
            }
            List<Integer> extra = new ArrayList<>();
            for (int k = ja + 1; k < j; k++) {
                if (e[k] < 0) {
                    extra.add(k);
                }
            }
            int pairs = Math.min(missing.size(), extra.size());
            for (int p = 0; p < pairs; p++) {
                long idx = base + missing.get(p);
                out.add(Msg.f(UNIT_MODIFIED, where.where(idx), "ユニット " + idx
                        + " の内容が記録時のハッシュと一致しません (改変)", "unit " + idx
                        + " does not match its recorded hash (modified)"));
            }
            for (int p = pairs; p < missing.size(); p++) {
                long idx = base + missing.get(p);
                out.add(Msg.f(UNIT_MISSING, where.where(idx), "ユニット " + idx + " がありません (削除)",
                        "unit " + idx + " is missing (dropped)"));
            }
            for (int p = pairs; p < extra.size(); p++) {
                int pos = extra.get(p);
                out.add(Msg.f(UNIT_INSERTED, where.where(), "位置 " + pos
                        + " に記録されていないユニットが挿入されています", "an unrecorded unit was inserted at position "
                        + pos));
            }
            ja = j;
            ia = ib;
        }
    }

    /** Marks the longest strictly increasing subsequence of {@code e} over eligible positions. */
    private static boolean[] longestIncreasing(int[] e, boolean[] dup) {
        int m = e.length;
        int[] tailIdx = new int[m + 1];
        int[] prev = new int[m];
        Arrays.fill(prev, -1);
        int len = 0;
        for (int j = 0; j < m; j++) {
            if (e[j] < 0 || dup[j]) {
                continue;
            }
            int lo = 0;
            int hi = len;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (e[tailIdx[mid]] < e[j]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            prev[j] = lo > 0 ? tailIdx[lo - 1] : -1;
            tailIdx[lo] = j;
            if (lo == len) {
                len++;
            }
        }
        boolean[] in = new boolean[m];
        if (len > 0) {
            for (int j = tailIdx[len - 1]; j >= 0; j = prev[j]) {
                in[j] = true;
            }
        }
        return in;
    }
}
