package jp.mimamori.integrity.seal;

import java.io.IOException;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.manifest.UnitIndex;

/**
 * Where a chain durably writes each sealed manifest and its unit index, before it commits the chain state;
 * so after a crash the state never points past a manifest that was not written.
 *
 * <pre>{@code
 * ManifestSink sink = ManifestSink.none().thenLog(SegmentLog.to(evidenceLog, clock));
 * }</pre>
 *
 * <p>A chain calls its sink under its own lock, one segment at a time; a sink shared by several chains must be safe
 * for use from many threads ({@link #none()} and {@link #thenLog} are, when the log is).
 */
@FunctionalInterface
public interface ManifestSink {
    /** Writes durably (fsync) or throws. */
    void write(SignedManifest manifest, UnitIndex units) throws IOException;

    /**
     * This sink, then {@code log}: once the manifest and unit index are durable, the segment is recorded in the
     * evidence log ({@code segment.sealed}), and only then does the chain commit its state. A failure of either
     * fails the seal.
     */
    default ManifestSink thenLog(SegmentLog log) {
        java.util.Objects.requireNonNull(log, "log");
        ManifestSink first = this;
        return new ManifestSink() {
            @Override
            public void write(SignedManifest m, UnitIndex u) throws IOException {
                first.write(m, u);
                log.sealed(m);
            }

            @Override
            public void reopened(SignedManifest newest) throws IOException {
                first.reopened(newest);
                log.sealedUnlessLogged(newest);
            }
        };
    }

    /**
     * Called when a chain reopens and its newest stored manifest is not confirmed by the chain state: a crash fell
     * after the manifest was written and before the state moved on (or the state file was lost), so what this sink
     * does after writing may not have happened. The manifest's files are in the store (the chain found it there).
     * The default does nothing; {@link #thenLog} records the segment in the log unless it is there already.
     *
     * @throws IOException if that could not be done; the chain does not open
     */
    default void reopened(SignedManifest newest) throws IOException {
        // nothing to complete for a sink that only writes
    }

    /** A sink that keeps nothing, for recorders that store manifests themselves from {@code close()}. */
    static ManifestSink none() {
        return (m, u) -> { };
    }
}
