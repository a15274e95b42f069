package jp.mimamori.recorder.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.evidence.SegmentSealed;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.seal.SegmentLog;

/**
 * The recorder's {@link SegmentLog} over its own evidence log, which it can read back: after a crash between a
 * segment's durable files and its {@code segment.sealed} append, {@link #sealedUnlessLogged} looks for the record
 * from the log's end backwards and appends it only if it is not there, so every sealed segment is in the log
 * exactly once. The search stops at the camera's first record with a lower sequence number (one writer per
 * camera appends a camera's records in sequence order), so it reads only the records appended since the camera's
 * previous segment. Thread-safe, as the log is.
 */
public final class LoggedSegments implements SegmentLog {
    private final TransparentEvidenceLog log;
    private final Clock clock;

    /** Records segments in {@code log}, timed by {@code clock}. */
    public LoggedSegments(TransparentEvidenceLog log, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void sealed(SignedManifest manifest) throws IOException {
        log.append(SegmentLog.record(manifest).toRecord(clock.instant()));
    }

    @Override
    public void sealedUnlessLogged(SignedManifest manifest) throws IOException {
        if (!logged(manifest)) {
            sealed(manifest);
        }
    }

    /** Whether the log holds {@code manifest}'s {@code segment.sealed} record. */
    public boolean logged(SignedManifest manifest) throws IOException {
        String camera = manifest.manifest().camera();
        long sequence = manifest.manifest().sequence();
        String hash = manifest.hashHex();
        for (long i = log.size() - 1; i >= 0; i--) {
            EvidenceRecord r = log.record(i);
            if (!EvidenceTypes.SEGMENT_SEALED.equals(r.type()) || !camera.equals(r.body().get("camera"))) {
                continue;
            }
            SegmentSealed s;
            try {
                s = SegmentSealed.fromRecord(r);
            } catch (InvalidDocumentException malformed) {
                continue; // not a record this recorder wrote; the log verifier reports it
            }
            if (s.sequence() == sequence && s.manifestHash().equals(hash)) {
                return true;
            }
            if (s.sequence() < sequence) {
                return false;
            }
        }
        return false;
    }
}
