package jp.mimamori.recorder.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.UnitSplitter;

/**
 * One segment being recorded by a {@link CameraRecorder}: the NVR hands it the bytes as it writes them, in any
 * chunking, and closes it when the segment ends. Each byte goes once to the segment's media file (encrypted
 * unless the store is plain) and once through the hash; memory stays bounded (about 64 KiB plus the unit index)
 * whatever the segment's size. Nothing is stored before the first byte.
 *
 * <pre>{@code
 * try (LiveSegment s = cam.begin(Instant.now(), UnitFormat.CHUNKS)) {
 *     s.write(buffer);      // any number of times
 * }                         // sealed: media file, unit index, manifest and signature forced to disk
 * }</pre>
 *
 * <p>If {@code write} or sealing fails, the segment is left unsealed, exactly as after a crash: close the
 * camera handle and open it again, which records the crash and applies the {@link TailPolicy}.
 *
 * <p>Thread-safe (calls are serialised), though bytes must arrive in order, so one thread writes.
 */
public final class LiveSegment implements AutoCloseable {
    private final CameraRecorder camera;
    private final String kind;
    private final UnitSplitter splitter;
    private final long startUs;
    private final boolean recovered;
    private final boolean pipelined;
    private CameraRecorder.Started started;
    private SignedManifest sealed;
    private boolean failed;
    private boolean abandoned;

    LiveSegment(CameraRecorder camera, String kind, UnitSplitter splitter, long startUs, boolean recovered,
                boolean pipelined) {
        this.pipelined = pipelined;
        this.camera = camera;
        this.kind = kind;
        this.splitter = splitter;
        this.startUs = startUs;
        this.recovered = recovered;
    }

    /** The segment's sequence number, once its first byte was written. */
    public synchronized java.util.OptionalLong sequence() {
        return started == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(started.sealer().sequence());
    }

    /** Bytes written so far. */
    public synchronized long length() {
        return started == null ? 0 : started.pipeline().length();
    }

    /**
     * Stores and hashes the buffer's remaining bytes (consumed): the next bytes of the segment.
     *
     * @throws IOException           if storing fails, or the bytes are not of the segment's format (the segment is
     *                               then left unsealed)
     * @throws IllegalStateException if the segment is sealed, failed or abandoned
     */
    public synchronized void write(ByteBuffer bytes) throws IOException {
        checkWritable();
        if (!bytes.hasRemaining()) {
            return;
        }
        feed(bytes, false);
    }

    /**
     * For a recorded file: a buffer of at most {@code size} bytes to read the segment's next bytes into and pass
     * to {@link #writeLent} (the writer's own buffer, so the bytes are not copied again); starts the segment.
     */
    synchronized ByteBuffer lend(int size) throws IOException {
        checkWritable();
        try {
            return pipeline().lend(size);
        } catch (IOException | RuntimeException e) {
            fail();
            throw e;
        }
    }

    /** {@link #write} for a buffer {@link #lend} gave (its remaining bytes, none included). */
    synchronized void writeLent(ByteBuffer bytes) throws IOException {
        checkWritable();
        feed(bytes, true);
    }

    /** The segment's pipeline, the segment started (in the chain, its media file opened) at its first byte. */
    private jp.mimamori.recorder.store.internal.SegmentPipeline pipeline() throws IOException {
        if (started == null) {
            started = camera.start(kind, splitter, startUs, recovered, pipelined);
        }
        return started.pipeline();
    }

    private void feed(ByteBuffer bytes, boolean lent) throws IOException {
        try {
            if (lent) {
                pipeline().writeLent(bytes);
            } else {
                pipeline().write(bytes);
            }
        } catch (MediaFormatException e) {
            fail();
            throw new IOException("segment " + started.sealer().sequence() + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            fail();
            throw e;
        }
    }

    boolean hasBytes() {
        return started != null && started.pipeline().length() > 0;
    }

    boolean isOpen() {
        return sealed == null && !failed && !abandoned;
    }

    /**
     * Seals the segment: the last units are hashed, the media file forced, and the unit index, signature and
     * manifest written durably (one {@code fsync} per file); the chain then moves on.
     *
     * @return the signed manifest
     * @throws IllegalStateException if nothing was written, or the segment failed
     */
    public synchronized SignedManifest seal() throws IOException, CryptoException {
        if (sealed != null) {
            return sealed;
        }
        checkWritable();
        if (started == null) {
            throw new IllegalStateException("segment: nothing was written; a segment needs at least one byte");
        }
        try {
            started.pipeline().finish();
            sealed = camera.seal(started);
        } catch (MediaFormatException e) {
            fail();
            throw new IOException("segment " + started.sealer().sequence() + ": " + e.getMessage(), e);
        } catch (IOException | CryptoException | RuntimeException e) {
            fail();
            throw e;
        }
        camera.ended(this);
        return sealed;
    }

    /**
     * Seals the segment if anything was written (see {@link #seal()}); a segment without bytes is dropped
     * without a trace. A failed segment stays unsealed.
     */
    @Override
    public synchronized void close() throws IOException {
        if (sealed != null || failed || abandoned) {
            return;
        }
        if (started == null) {
            abandoned = true;
            camera.ended(this);
            return;
        }
        try {
            seal();
        } catch (CryptoException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void fail() {
        failed = true;
        if (started != null) {
            started.pipeline().abandon();
        }
    }

    synchronized void abandonQuietly() {
        if (sealed == null && started != null) {
            started.pipeline().abandon();
        }
        abandoned = true;
    }

    private void checkWritable() {
        if (sealed != null) {
            throw new IllegalStateException("segment: already sealed");
        }
        if (failed || abandoned) {
            throw new IllegalStateException("segment: failed or abandoned; close the camera and open it again");
        }
    }
}
