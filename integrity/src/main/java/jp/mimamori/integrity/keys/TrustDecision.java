package jp.mimamori.integrity.keys;

import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.text.LocalizedText;

/**
 * Whether a trust store trusts a key for one role, camera and recording time, and why
 * ({@link TrustStore#decide(KeyRole, VerifyingKey, java.util.List, Optional, java.time.Instant)}). An untrusted
 * decision's reason names what failed (not in the store, wrong role, another camera, outside its interval,
 * a certificate chain rule) and goes into the {@code KEY_UNTRUSTED} finding.
 *
 * <pre>{@code
 * TrustDecision d = trust.decide(KeyRole.RECORDER, key, List.of(), Optional.of("K-1"), manifest.end());
 * if (!d.trusted()) System.out.println(d.reason().en());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param trusted whether the key is trusted for the request
 * @param scope   the scope that was applied (the key's, or that of the CA certificate that vouched for it)
 * @param reason  why, in Japanese and English
 */
public record TrustDecision(boolean trusted, Optional<KeyScope> scope, LocalizedText reason) {

    /** Validates. */
    public TrustDecision {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(reason, "reason");
    }

    static TrustDecision yes(KeyScope scope, String ja, String en) {
        return new TrustDecision(true, Optional.of(scope), LocalizedText.of(ja, en));
    }

    static TrustDecision no(Optional<KeyScope> scope, String ja, String en) {
        return new TrustDecision(false, scope, LocalizedText.of(ja, en));
    }
}
