package jp.mimamori.integrity.seal;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.SegmentSealed;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;

/**
 * Where sealing records each sealed segment in the evidence log, as it is sealed (DESIGN.md: "every sealed
 * segment is recorded in the evidence log"): one {@code segment.sealed} record ({@link SegmentSealed}) per segment,
 * so a verifier given the log finds a segment deleted from the store — the newest ones included, whatever the
 * store's unsigned state files say. A recorder's writer calls {@link #sealed} once the segment's files are
 * durable and before it commits its chain state; {@link ManifestSink#thenLog(SegmentLog)} does exactly that for a
 * {@link CameraChain}.
 *
 * <pre>{@code
 * SegmentLog segments = SegmentLog.to(evidenceLog, Clock.systemUTC());
 * CameraChain chain = CameraChain.open("cam-01", key, stateFile, storeSink.thenLog(segments), Optional.empty());
 * }</pre>
 *
 * <p>Implementations must be safe for use from many threads (one call per sealed segment, from any camera's
 * thread); the one {@link #to} returns is, since evidence logs are. A crash after the segment's files are durable
 * and before its record is appended leaves a stored segment the log does not know; the chain mends that when it
 * reopens ({@link #sealedUnlessLogged}).
 */
@FunctionalInterface
public interface SegmentLog {
    /**
     * Records that {@code manifest}'s segment was sealed; returns once the record is durable.
     *
     * @throws IOException if it could not be recorded; the segment then counts as not sealed
     */
    void sealed(SignedManifest manifest) throws IOException;

    /**
     * Records {@code manifest}'s segment unless the log already holds its record. A {@link CameraChain} calls this
     * when it reopens and finds its newest stored segment not confirmed by its state (a crash fell between the
     * segment's files becoming durable and the chain moving on, where the record may or may not have been
     * appended), so the record ends up in the log exactly once. The default, for a log that cannot be read back,
     * appends it again (at least once); a log that can be read overrides it.
     *
     * @throws IOException if the log could not be read or the record not appended; the chain does not open
     */
    default void sealedUnlessLogged(SignedManifest manifest) throws IOException {
        sealed(manifest);
    }

    /**
     * Appends one {@code segment.sealed} record per sealed segment to {@code log}, timed by {@code clock}. Such a
     * log cannot be read back here, so after a crash in the window described at {@link #sealedUnlessLogged} the
     * record is appended again; the recorder's own evidence log reads first (exactly once).
     */
    static SegmentLog to(EvidenceLog log, Clock clock) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(clock, "clock");
        return m -> log.append(record(m).toRecord(clock.instant()));
    }

    /** A log that records nothing (a store sealed without an evidence log). */
    static SegmentLog none() {
        return m -> { };
    }

    /** The {@code segment.sealed} record of a sealed manifest. */
    static SegmentSealed record(SignedManifest m) {
        SegmentManifest s = m.manifest();
        return new SegmentSealed(s.camera(), s.sequence(), m.hashHex(), s.startUs(), s.endUs(), s.unitCount());
    }
}
