package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.SEGMENT_INSERTED;

import java.util.List;
import java.util.Set;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.integrity.seal.internal.ChainState;

/**
 * What lies past the walked chain: segments the recorder's state file says were sealed after the newest one
 * present (erased with a receipt or missing), and folders without a manifest that no open segment or recorded
 * crash explains.
 */
final class TailCheck {
    private TailCheck() {}

    static void check(String camera, ChainAssembly a, ChainWalk w, VerifyContext ctx, List<Finding> out) {
        ChainState state = a.state().orElse(null);
        SegmentCheck prev = w.last().orElse(null);
        Set<Long> unsealedByCrash = w.unsealedByCrash();
        List<SegmentCheck> all = a.all();
        // The tail, as far as the recorder's state file tells.
        if (state != null && prev != null && state.nextSequence() > prev.seq() + 1) {
            long end = state.openSequence() >= 0 ? Math.min(state.nextSequence(), state.openSequence())
                    : state.nextSequence();
            SegmentFindings.gaps(camera, prev.seq() + 1, end, null, ctx, out);
        } else if (state != null && prev == null && state.nextSequence() > 0) {
            SegmentFindings.gaps(camera, 0, state.nextSequence(), null, ctx, out);
        }
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
