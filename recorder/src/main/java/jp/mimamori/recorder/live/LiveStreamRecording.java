package jp.mimamori.recorder.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.LiveSegment;
import jp.mimamori.recorder.store.UnitFormat;

/**
 * Records a camera's continuous MPEG-TS stream into its {@link CameraRecorder}: the stream is cut into segments at
 * keyframes about every given duration ({@link TsStreamSegmenter}), and each segment is sealed as it closes.
 * What {@code mimamori record} does with standard input.
 *
 * <pre>{@code
 * try (CameraRecorder cam = recorder.camera("cam-01")) {
 *     LiveStreamRecording rec = new LiveStreamRecording(cam, Duration.ofSeconds(60), Clock.systemUTC(),
 *             m -> System.out.println("sealed segment " + m.manifest().sequence()));
 *     rec.record(inputStream); // returns at the end of the stream, the last segment sealed
 * }
 * }</pre>
 *
 * <p>Thread-safe in one way only: {@link #stop()} may be called from another thread (a signal handler) while
 * {@link #record} runs; it seals the open segment and makes {@code record} return. Otherwise one thread records.
 */
public final class LiveStreamRecording {
    private final CameraRecorder camera;
    private final Sealed sealed;
    private final TsStreamSegmenter segmenter;
    private LiveSegment current;
    private boolean stopped;

    /** Told of each segment once it is sealed (durable; its manifest signed). */
    @FunctionalInterface
    public interface Sealed {
        /**
         * A segment was sealed.
         *
         * @throws IOException if what the caller does with it fails (recording stops)
         */
        void sealed(SignedManifest manifest) throws IOException;
    }

    /** A recording cutting segments of about {@code segment} (at least one second) into {@code camera}. */
    public LiveStreamRecording(CameraRecorder camera, Duration segment, Clock clock, Sealed sealed) {
        this.camera = Objects.requireNonNull(camera, "camera");
        this.sealed = Objects.requireNonNull(sealed, "sealed");
        this.segmenter = new TsStreamSegmenter(segment, clock, new Segments());
    }

    /**
     * Reads the stream to its end (or until {@link #stop()}), sealing each segment as it closes and the last one
     * at the end.
     *
     * @throws StreamFormatException if the stream is not MPEG-TS; segments sealed before stay sealed, the open
     *                               one is left unsealed (the next open of the camera reports it)
     * @throws IOException           if reading, storing or sealing fails
     */
    public void record(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) >= 0; ) {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                segmenter.feed(ByteBuffer.wrap(buf, 0, n));
            }
        }
        stop();
    }

    /**
     * Seals the open segment and ends the recording (idempotent). A partial packet at the end is dropped.
     *
     * @throws IOException if sealing fails
     */
    public synchronized void stop() throws IOException {
        if (stopped) {
            return;
        }
        stopped = true;
        segmenter.finish();
    }

    /** Bytes of a partial last packet dropped by {@link #stop()}. */
    public synchronized int droppedBytes() {
        return segmenter.droppedBytes();
    }

    private final class Segments implements TsStreamSegmenter.Segments {
        @Override
        public void begin(Instant start) {
            current = camera.begin(start, UnitFormat.MPEG_TS);
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            current.write(bytes);
        }

        @Override
        public void end() throws IOException {
            SignedManifest m;
            try {
                m = current.seal();
            } catch (CryptoException e) {
                throw new IOException("sealing: " + e.getMessage(), e);
            }
            current = null;
            sealed.sealed(m);
        }
    }
}
