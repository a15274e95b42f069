package jp.mimamori.integrity.verify;

import static jp.mimamori.core.finding.VerificationCode.KEY_UNTRUSTED;

import java.time.Instant;
import java.util.Optional;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.TrustDecision;
import jp.mimamori.integrity.keys.VerifyingKey;

/**
 * The verifier's one trust decision about a segment's signing key (issue 12): may this key sign, as a
 * {@link KeyRole#RECORDER}, for this segment's camera, for what was recorded at this segment's recording time?
 * The answer is the caller's trust store's ({@link jp.mimamori.integrity.keys.TrustStore#decide}); a key
 * announced in a manifest's key-rotation event adds nothing to it.
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
        return ctx.decide(KeyRole.RECORDER, key, Optional.of(c.manifest.camera()), recordedAt);
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
