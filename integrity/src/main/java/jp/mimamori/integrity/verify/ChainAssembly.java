package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.SEGMENT_INSERTED;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_REPLAYED;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.integrity.seal.internal.ChainState;

/**
 * Assembling one camera's chain from its folder: every segment folder loaded and checked on its own, the
 * recorder's state file read as a hint, foreign cameras, replays and duplicate sequence numbers set aside, and
 * one candidate chosen per sequence number.
 *
 * @param all    every segment folder, in folder order
 * @param state  the recorder's chain state when readable and of this camera (a hint, never evidence)
 * @param chain  the chosen segment per sequence number
 * @param hashes the manifest hashes of every candidate
 */
record ChainAssembly(List<SegmentCheck> all, Optional<ChainState> state, TreeMap<Long, SegmentCheck> chain,
                     Set<ByteBuffer> hashes) {

    static ChainAssembly assemble(RecordingSource.Camera source, List<Finding> out) throws IOException {
        String camera = source.camera();
        List<SegmentCheck> all = new ArrayList<>();
        for (RecordingSource.Segment seg : source.segments()) {
            SegmentCheck c = SegmentCheck.load(seg);
            out.addAll(c.findings);
            all.add(c);
        }
        Optional<ChainState> state = Optional.empty();
        Optional<byte[]> stateBytes = source.chainState(4096);
        if (stateBytes.isPresent()) {
            try {
                ChainState s = ChainState.parse(stateBytes.get());
                state = s.camera().equals(camera) ? Optional.of(s) : Optional.empty();
            } catch (IllegalArgumentException e) {
                state = Optional.empty(); // the state file is a hint only
            }
        }

        // Foreign cameras, replays, duplicates of a sequence number.
        Map<ByteBuffer, List<SegmentCheck>> byHash = new HashMap<>();
        List<SegmentCheck> candidates = new ArrayList<>();
        for (SegmentCheck c : all) {
            if (c.manifest == null) {
                continue;
            }
            if (!c.manifest.camera().equals(camera) && c.sig != null && !c.sigValid) {
                out.add(SegmentFindings.badSignature(c, Set.of(), null)); // an edited camera field, most likely
                continue;
            }
            if (!c.manifest.camera().equals(camera)) {
                out.add(Msg.f(SEGMENT_INSERTED, c.where(), "カメラ " + c.manifest.camera()
                        + " のセグメントがこのカメラの記録に挿入されています", "a segment of camera " + c.manifest.camera()
                        + " was inserted into this camera's recording"));
                continue;
            }
            byHash.computeIfAbsent(ByteBuffer.wrap(c.hash), k -> new ArrayList<>()).add(c);
        }
        for (List<SegmentCheck> same : byHash.values()) {
            SegmentCheck orig = same.stream().filter(c -> c.folderSeq != null && c.folderSeq == c.seq())
                    .findFirst().orElse(same.get(0));
            candidates.add(orig);
            for (SegmentCheck c : same) {
                if (c != orig) {
                    out.add(Msg.f(SEGMENT_REPLAYED, c.where(), "セグメント " + c.seq() + " が " + c.entry
                            + " に重複しています (再生)", "segment " + c.seq() + " is repeated at " + c.entry
                            + " (replayed)"));
                }
            }
        }
        Map<Long, List<SegmentCheck>> bySeq = new TreeMap<>();
        Set<ByteBuffer> hashes = new HashSet<>();
        for (SegmentCheck c : candidates) {
            bySeq.computeIfAbsent(c.seq(), k -> new ArrayList<>()).add(c);
            hashes.add(ByteBuffer.wrap(c.hash));
        }
        TreeMap<Long, SegmentCheck> chain = new TreeMap<>();
        for (Map.Entry<Long, List<SegmentCheck>> e : bySeq.entrySet()) {
            List<SegmentCheck> cs = e.getValue();
            SegmentCheck pick = cs.get(0);
            if (cs.size() > 1) {
                List<SegmentCheck> prevs = bySeq.getOrDefault(e.getKey() - 1, List.of());
                List<SegmentCheck> nexts = bySeq.getOrDefault(e.getKey() + 1, List.of());
                SegmentCheck best = null;
                for (SegmentCheck c : cs) {
                    boolean linksBack = prevs.stream().anyMatch(p -> c.manifest.prevManifestHash()
                            .equals(Optional.of(SegmentCheck.HEX.formatHex(p.hash))));
                    boolean linkedForward = nexts.stream().anyMatch(n -> n.manifest.prevManifestHash()
                            .equals(Optional.of(SegmentCheck.HEX.formatHex(c.hash))));
                    if ((linksBack || linkedForward) && c.sigValid && best == null) {
                        best = c;
                    }
                }
                if (best == null) {
                    best = cs.stream().filter(c -> c.folderSeq != null && c.folderSeq == c.seq()).findFirst()
                            .orElse(cs.get(0));
                }
                pick = best;
                for (SegmentCheck c : cs) {
                    if (c != pick) {
                        out.add(Msg.f(SEGMENT_INSERTED, c.where(), "チェーンに属さないセグメント " + c.seq()
                                + " が " + c.entry + " に挿入されています", "a segment " + c.seq()
                                + " that is not part of the chain was inserted at " + c.entry));
                    }
                }
            }
            chain.put(e.getKey(), pick);
        }

        return new ChainAssembly(all, state, chain, hashes);
    }
}
