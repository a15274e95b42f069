package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.SEGMENT_INSERTED;

import java.util.List;
import java.util.Set;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.integrity.seal.internal.ChainState;

/**
 * What lies past the walked chain: segments sealed after the newest one present — as far as the evidence log's
 * anchored {@code segment.sealed} records tell (evidence) or the recorder's state file (a hint, which can only add
 * to them) — erased with an anchored, signed receipt or missing; and folders without a manifest that no open
 * segment or recorded crash explains.
 */
final class TailCheck {
    private TailCheck() {}

    static void check(ChainAssembly a, ChainWalk w, CameraEvidence ev, List<Finding> out) {
        ChainState state = a.state().orElse(null);
        SegmentCheck prev = w.last().orElse(null);
        Set<Long> unsealedByCrash = w.unsealedByCrash();
        List<SegmentCheck> all = a.all();
        // The tail: as far as the log knows segments were sealed, or further if the recorder's state file says so.
        long end = ev.knownEnd();
        if (state != null && prev != null) {
            end = Math.max(end, state.openSequence() >= 0 ? Math.min(state.nextSequence(), state.openSequence())
                    : state.nextSequence());
        } else if (state != null) {
            end = Math.max(end, state.nextSequence());
        }
        // Crashes at the very end that the state lists and no manifest records yet (the recorder reopened after them
        // and sealed nothing since): reported as such, not as missing. Never below what the log knows was sealed:
        // the state is a hint, and without a log it could as well have hidden these by a smaller next_sequence.
        long floor = Math.max(prev == null ? 0 : prev.seq() + 1, ev.knownEnd());
        List<Finding> crashes = new java.util.ArrayList<>();
        while (state != null && end > floor && state.unsealed().contains(end - 1)) {
            end--;
            crashes.add(0, ev.unrecordedCrash(end));
        }
        ev.gaps(prev == null ? 0 : prev.seq() + 1, end, null, out);
        out.addAll(crashes);
        // Folders without a manifest.
        for (SegmentCheck c : all) {
            if (c.hasManifest) {
                continue;
            }
            boolean open = state != null && c.folderSeq != null && c.folderSeq == state.openSequence();
            boolean crashed = c.folderSeq != null && unsealedByCrash.contains(c.folderSeq);
            if (!open && !crashed) {
                out.add(Msg.f(SEGMENT_INSERTED, c.where(), c.entry + " にマニフェストのないフォルダがあります",
                        c.entry + " is a folder without a manifest"));
            }
        }
    }
}
