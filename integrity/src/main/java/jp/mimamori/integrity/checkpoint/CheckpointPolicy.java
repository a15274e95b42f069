package jp.mimamori.integrity.checkpoint;

import java.util.Objects;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.TrustStore;

/**
 * Which signed checkpoints a verifier accepts (docs/SECURITY.md G26, K3-4): one signed (signed-note type 0x01) by
 * a key the caller's {@link TrustStore} allows the {@link KeyRole#LOG} role, and cosigned (C2SP tlog-cosignature
 * v1, type 0x04) by at least {@code witnessThreshold} distinct keys the trust store allows the
 * {@link KeyRole#WITNESS} role, each judged by {@link TrustStore#decide} at the time its cosignature states. A
 * cosignature by a key the store does not hold, holds for another role, holds outside its interval at that
 * time, or also allows the log role (the log cannot witness itself: a plain PEM key is trusted for every role,
 * so a witness key must be given as a {@code .vkey} of type 0x04 or in a trust file with the role
 * {@code WITNESS}) does not count.
 *
 * <p>The default, {@link #of(TrustStore)}, is {@code witnessThreshold = 0}: no cosignature is required, as before
 * witnesses were judged — a split view (two forks, each signed by the log key) then goes unnoticed unless both
 * checkpoints are in one folder or the verifier kept an earlier one ({@code --since}). Require at least one
 * witness to make a verifier see only checkpoints a witness checked to extend the last one it cosigned.
 *
 * <p>Which keys count: keys the trust store holds directly (a {@code .vkey}, an SPKI PEM key, a trust-file
 * entry). A key with a signed-note name ({@code .vkey}, or {@code name} in a trust file) matches only signature
 * lines of that name; a key without one matches a line whose key id is the one its name and this key give, as
 * signed-note key ids are computed. A log key's interval is not applied (a checkpoint carries no signed time of
 * its own); restrict a log key by its role.
 *
 * <pre>{@code
 * TrustStore trust = TrustStore.fromFiles(List.of(Path.of("city-trust.json")));
 * CheckpointPolicy twoWitnesses = CheckpointPolicy.of(trust).withWitnessThreshold(2);
 * CheckpointVerifier.Result r = CheckpointVerifier.verify(bytes, twoWitnesses, Location.entry("checkpoint"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param trust            the caller's trust store: log and witness keys with their roles and intervals
 * @param witnessThreshold how many distinct trusted witnesses must have cosigned a checkpoint; 0 (the default)
 *                         requires none
 */
public record CheckpointPolicy(TrustStore trust, int witnessThreshold) {
    /** Most witnesses a policy can require (a signed note holds at most {@value SignedNote#MAX_SIGNATURES} lines). */
    public static final int MAX_WITNESS_THRESHOLD = SignedNote.MAX_SIGNATURES - 1;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code witnessThreshold} is negative or above
     *                                  {@link #MAX_WITNESS_THRESHOLD}
     */
    public CheckpointPolicy {
        Objects.requireNonNull(trust, "trust");
        if (witnessThreshold < 0 || witnessThreshold > MAX_WITNESS_THRESHOLD) {
            throw new IllegalArgumentException("witnessThreshold: must be 0 to " + MAX_WITNESS_THRESHOLD + ", was "
                    + witnessThreshold);
        }
    }

    /** The default policy over {@code trust}: a trusted log signature, no cosignature required. */
    public static CheckpointPolicy of(TrustStore trust) {
        return new CheckpointPolicy(trust, 0);
    }

    /** This policy requiring {@code k} distinct trusted witnesses. */
    public CheckpointPolicy withWitnessThreshold(int k) {
        return new CheckpointPolicy(trust, k);
    }
}
