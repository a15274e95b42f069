package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.CHAIN_RESTARTED;
import static jp.mimamori.core.finding.VerificationCode.KEY_UNTRUSTED;
import static jp.mimamori.core.finding.VerificationCode.MANIFEST_MODIFIED;
import static jp.mimamori.core.finding.VerificationCode.SIGNATURE_INVALID;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.integrity.manifest.ChainEvent;

/** The findings several verification steps share: bad signatures, untrusted keys, recorded events. */
final class SegmentFindings {
    private SegmentFindings() {}

    /** Tells an edited manifest from a damaged or swapped signature. */
    static Finding badSignature(SegmentCheck c, Set<ByteBuffer> hashes, SegmentCheck next) {
        if (c.sigHashMatches) {
            return Msg.f(SIGNATURE_INVALID, c.where(), "署名が検証できません (署名の破損)",
                    "signature does not verify (damaged signature)");
        }
        if (hashes.contains(ByteBuffer.wrap(c.sig.signedSha256()))) {
            return Msg.f(SIGNATURE_INVALID, c.where(), "署名は別のセグメントのマニフェストのものです (差し替え)",
                    "signature belongs to another segment's manifest (swapped)");
        }
        if (next != null && next.manifest.prevManifestHash().equals(Optional.of(SegmentCheck.HEX.formatHex(c.hash)))) {
            return Msg.f(SIGNATURE_INVALID, c.where(), "署名が検証できません (マニフェストは次のセグメントが参照する内容のまま)",
                    "signature does not verify (the manifest is the one the next segment names)");
        }
        return Msg.f(MANIFEST_MODIFIED, c.where(), "マニフェストの内容が署名と一致しません (改変)",
                "manifest content does not match its signature (modified)");
    }

    static Finding untrusted(SegmentCheck c) {
        return Msg.f(KEY_UNTRUSTED, c.where(), "署名は有効ですが、鍵 " + shortId(c.manifest.keyId())
                + " は信頼ストアにありません", "signature is valid but key " + shortId(c.manifest.keyId())
                + " is not in the trust store");
    }

    /** The finding a recorded chain event gives, or {@code null} for events that give none. */
    static Finding event(SegmentCheck c, ChainEvent ev) {
        if (ev instanceof ChainEvent.Restart r) {
            String en;
            String ja;
            switch (r.reason()) {
                case CRASH -> {
                    if (r.unsealedSequence() == c.seq()) {
                        en = "the recorder stopped while segment " + c.seq() + " was open; this segment was sealed"
                                + " when it restarted from the units found on disk (recovered)";
                        ja = "セグメント " + c.seq() + " の記録中にレコーダーが停止しました。このセグメントは再起動時に、"
                                + "ディスク上に残っていたユニットから封印されたものです (復旧)";
                        break;
                    }
                    en = "the recorder stopped while segment " + r.unsealedSequence()
                            + " was open; that segment was never sealed and its units (if kept) are unverifiable";
                    ja = "セグメント " + r.unsealedSequence() + " の記録中にレコーダーが停止しました。このセグメントは封印されておらず、"
                            + "残っているユニットは検証できません";
                }
                case CAMERA_RESET -> {
                    en = "the camera was reset or replaced before segment " + c.seq();
                    ja = "セグメント " + c.seq() + " の前にカメラがリセットまたは交換されました";
                }
                case STATE_RECOVERED -> {
                    en = "the recorder lost its chain state and continued from its newest stored manifest";
                    ja = "レコーダーがチェーン状態を失い、保存済みの最新マニフェストから継続しました";
                }
                default -> {
                    en = "the recorder restarted before segment " + c.seq() + " and continued the chain";
                    ja = "セグメント " + c.seq() + " の前にレコーダーが再起動し、チェーンを継続しました";
                }
            }
            return Msg.f(CHAIN_RESTARTED, c.where(), ja, en);
        }
        return null;
    }

    static String shortId(String keyId) {
        return keyId.substring(0, 16);
    }
}
