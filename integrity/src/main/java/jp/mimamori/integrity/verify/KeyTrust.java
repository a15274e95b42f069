package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.KEY_UNTRUSTED;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.TrustDecision;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.manifest.ManifestSignature;

/**
 * The verifier's one trust decision about a segment's signing key (issue 12): may this key sign, as a
 * {@link KeyRole#RECORDER}, for this segment's camera, for what was recorded at this segment's recording time?
 * The answer is the caller's trust store's ({@link jp.mimamori.integrity.keys.TrustStore#decide}), given the
 * certificate chain the signature file carries, if any (docs/SECURITY.md G13: the leaf must certify the key, the
 * chain end at one of the store's CA certificates, at most {@link ManifestSignature#MAX_CHAIN} certificates,
 * each valid at the recording time); a key announced in a manifest's key-rotation event adds nothing to it.
 *
 * <p>The recording time is the manifest's end time, raised to the latest end time seen earlier in the same
 * chain, so a segment cannot be dated before the segments it follows, and, verified against an evidence log,
 * raised to the time the log establishes for the segment ({@link CameraEvidence#loggedTime}): the holder of a
 * revoked key cannot back-date a segment sealed after the revocation, because the log holds it after records of
 * a later time, or does not anchor it at all (docs/SECURITY.md G12). Without a log the manifest's claim is all
 * there is.
 */
final class KeyTrust {
    private KeyTrust() {}

    /** The decision for a segment whose signature verified. */
    static TrustDecision decide(VerifyContext ctx, SegmentCheck c, Instant recordedAt) {
        VerifyingKey key;
        try {
            key = VerifyingKey.fromSpkiDer(c.sig.publicKey());
        } catch (CryptoException e) {
            throw new IllegalStateException("a verified signature's key cannot be unparseable", e);
        }
        Optional<String> camera = Optional.of(c.manifest.camera());
        TrustDecision d = ctx.decide(KeyRole.RECORDER, key, camera, recordedAt);
        List<byte[]> chain = c.sig.certChain();
        if (d.trusted() || chain.isEmpty()) {
            return d;
        }
        // The signature file's own chain (G13): offered to the trust store like a bundle's certs/, never trusted
        // by itself. Its reason replaces "not in the trust store", not a scope the store already judged.
        TrustDecision viaChain;
        String id = SegmentFindings.shortId(key.keyId());
        if (chain.size() > ManifestSignature.MAX_CHAIN) {
            viaChain = new TrustDecision(false, Optional.empty(), LocalizedText.of("鍵 " + id
                    + " の署名ファイルの証明書チェーンは " + chain.size() + " 枚で、上限 " + ManifestSignature.MAX_CHAIN
                    + " 枚を超えています", "key " + id + ": the signature file's certificate chain has " + chain.size()
                    + " certificates, more than " + ManifestSignature.MAX_CHAIN));
        } else {
            viaChain = ctx.trust().decide(KeyRole.RECORDER, key, chain, camera, recordedAt);
        }
        return viaChain.trusted() || d.reason().en().contains("is not in the trust store") ? viaChain : d;
    }

    /** The recording time of {@code c}: its manifest's end, not before {@code floor}. */
    static Instant recordingTime(SegmentCheck c, Instant floor) {
        Instant end = c.manifest.end();
        return floor != null && floor.isAfter(end) ? floor : end;
    }

    /** {@code claimed}, raised to the time the log establishes for {@code c}, if it is later. */
    static Instant recordingTime(SegmentCheck c, Instant claimed, CameraEvidence log) {
        Optional<Instant> logged = log.loggedTime(c);
        return logged.isPresent() && logged.get().isAfter(claimed) ? logged.get() : claimed;
    }

    /** The {@code KEY_UNTRUSTED} finding for a valid signature by a key the decision refused. */
    static Finding untrusted(SegmentCheck c, TrustDecision d) {
        if (d.scope().isEmpty() && d.reason().en().contains("is not in the trust store")) {
            return SegmentFindings.untrusted(c);
        }
        return Msg.f(KEY_UNTRUSTED, c.where(), "署名は有効ですが、" + d.reason().ja(),
                "signature is valid but " + d.reason().en());
    }
}
