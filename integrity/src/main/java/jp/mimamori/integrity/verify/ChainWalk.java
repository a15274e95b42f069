package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.CHAIN_BROKEN;
import static jp.mimamori.core.finding.VerificationCode.KEY_CHANGED;
import static jp.mimamori.core.finding.VerificationCode.SEGMENT_REORDERED;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.integrity.keys.TrustDecision;
import jp.mimamori.integrity.manifest.ChainEvent;

/**
 * Walking an assembled chain in sequence order: each segment's position, signature, link to its predecessor,
 * the gaps before it (erased with an anchored, signed receipt or missing), whether it is the segment the log
 * recorded as sealed, its key (trusted by the trust store for the camera at the recording time,
 * {@link KeyTrust}; an announcement by a predecessor only names the change) and its recorded events.
 *
 * @param last            the newest segment of the chain, if any
 * @param unsealedByCrash sequence numbers a recorded crash left unsealed
 */
record ChainWalk(Optional<SegmentCheck> last, Set<Long> unsealedByCrash) {

    static ChainWalk walk(ChainAssembly a, CameraEvidence log, VerifyContext ctx, List<Finding> out) {
        Set<Long> unsealedByCrash = new HashSet<>();
        Set<String> announced = new HashSet<>();
        SegmentCheck prev = null;
        Instant recordedBefore = null;
        for (SegmentCheck c : a.chain().values()) {
            if (c.folderSeq != null && c.folderSeq != c.seq()) {
                out.add(Msg.f(SEGMENT_REORDERED, c.where(), "セグメント " + c.seq() + " が " + c.entry
                        + " の位置に移動されています", "segment " + c.seq() + " was moved to " + c.entry));
            }
            SegmentCheck next = a.chain().get(c.seq() + 1);
            if (c.sig != null && !c.sigValid) {
                out.add(SegmentFindings.badSignature(c, a.hashes(), next));
            }
            // Segments a recorded crash left unsealed (two crashes in a row name two) are not gaps.
            Set<Long> crashed = new HashSet<>();
            for (ChainEvent ev : c.manifest.events()) {
                if (ev instanceof ChainEvent.Restart r && r.reason() == ChainEvent.RestartReason.CRASH
                        && r.unsealedSequence() >= 0 && r.unsealedSequence() < c.seq()) {
                    crashed.add(r.unsealedSequence());
                    unsealedByCrash.add(r.unsealedSequence());
                }
            }
            long expectedPrev = c.seq() - 1;
            while (crashed.contains(expectedPrev)) {
                expectedPrev--;
            }
            long from = prev == null ? 0 : prev.seq() + 1;
            long runStart = from;
            for (long g : new java.util.TreeSet<>(crashed)) {
                if (g >= from) {
                    if (g > runStart) {
                        log.gaps(runStart, g, null, out);
                    }
                    runStart = Math.max(runStart, g + 1);
                }
            }
            if (c.seq() > runStart) {
                log.gaps(runStart, c.seq(), c, out);
            }
            log.replaced(c).ifPresent(out::add);
            Optional<String> ph = c.manifest.prevManifestHash();
            if (ph.isEmpty() && c.seq() != 0 && expectedPrev >= 0) {
                out.add(Msg.f(CHAIN_BROKEN, c.where(), "セグメント " + c.seq() + " が前のマニフェストを指さずに新しいチェーンを始めています",
                        "segment " + c.seq() + " starts a new chain without naming the previous manifest"));
            } else if (ph.isPresent() && c.seq() == 0) {
                out.add(Msg.f(CHAIN_BROKEN, c.where(), "セグメント 0 が存在しない前のマニフェストを指しています",
                        "segment 0 names a previous manifest, which cannot exist"));
            } else if (ph.isPresent() && prev != null && prev.seq() == expectedPrev
                    && !ph.get().equals(SegmentCheck.HEX.formatHex(prev.hash))) {
                out.add(Msg.f(CHAIN_BROKEN, c.where(), "セグメント " + c.seq() + " の前マニフェストハッシュがセグメント "
                        + prev.seq() + " のマニフェストと一致しません", "segment " + c.seq()
                        + "'s previous-manifest hash does not match segment " + prev.seq() + "'s manifest"));
            }
            // Keys: trusted by the trust store for this camera at the recording time; an announcement in a
            // manifest counts only for a key the trust store (or a CA in it) vouches for (issue 12).
            String keyId = c.manifest.keyId();
            recordedBefore = KeyTrust.recordingTime(c, recordedBefore);
            boolean trusted = false;
            if (c.sigValid) {
                TrustDecision d = KeyTrust.decide(ctx, c, KeyTrust.recordingTime(c, recordedBefore, log));
                trusted = d.trusted();
                if (!trusted) {
                    out.add(KeyTrust.untrusted(c, d));
                }
            }
            if (prev != null && c.sigValid && trusted && !prev.manifest.keyId().equals(keyId)) {
                boolean wasAnnounced = announced.contains(keyId);
                out.add(Msg.f(KEY_CHANGED, c.where(), "署名鍵が " + SegmentFindings.shortId(prev.manifest.keyId()) + " から "
                        + SegmentFindings.shortId(keyId) + " に変わりました (" + (wasAnnounced ? "前のマニフェストで予告済み"
                        : "信頼ストアに登録済み") + ")", "signing key changed from " + SegmentFindings.shortId(prev.manifest.keyId())
                        + " to " + SegmentFindings.shortId(keyId) + " (" + (wasAnnounced ? "announced in the previous manifest"
                        : "registered in the trust store") + ")"));
            }
            for (ChainEvent ev : c.manifest.events()) {
                if (ev instanceof ChainEvent.KeyRotation k && c.sigValid && trusted
                        && k.nextKeyId().equals(SegmentCheck.keyIdOf(k.nextPublicKey()))) {
                    announced.add(k.nextKeyId());
                }
                Finding f = SegmentFindings.event(c, ev);
                if (f != null) {
                    out.add(f);
                }
            }
            prev = c;
        }
        return new ChainWalk(Optional.ofNullable(prev), unsealedByCrash);
    }
}
