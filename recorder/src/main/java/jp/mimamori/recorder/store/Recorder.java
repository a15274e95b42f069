package jp.mimamori.recorder.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.recorder.anchor.CheckpointSchedule;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.recorder.store.internal.StoreWriter;

/**
 * A site's recorder over a store v2 folder (docs/FORMATS.md "Store v2"): the one entry point an NVR embeds.
 * It hands out one {@link CameraRecorder} per camera, which seals segments as they are recorded (live) or from
 * files already written, encrypted at rest unless the store is plain.
 *
 * <pre>{@code
 * try (Recorder recorder = Recorder.open(Path.of("store"), RecorderOptions.encrypted(signingKey, kek));
 *      CameraRecorder cam = recorder.camera("cam-01")) {
 *     try (LiveSegment s = cam.begin(Instant.now(), UnitFormat.CHUNKS)) {
 *         s.write(ByteBuffer.wrap(bytes));    // as the NVR writes them, in any chunking
 *     }                                       // close seals the segment
 * }
 * }</pre>
 *
 * <p><b>Processes.</b> One writer process per store: {@link #open} takes an exclusive lock on
 * {@code store.lock} and holds it until {@link #close()}; a second process (or a second open in this one) fails
 * at once with an {@link IOException} saying so. Readers ({@link StoreVerifier}, export, retention planning)
 * never take this lock and may run while the recorder writes. A process that dies releases its lock.
 *
 * <p><b>Anchoring.</b> Given {@link RecorderOptions#withAnchoring}, the recorder records every sealed segment in
 * the evidence log and signs a checkpoint of the log on the schedule given, and a last one at {@link #close()};
 * the caller closes the log after the recorder.
 *
 * <p><b>Threads.</b> Thread-safe: {@link #camera} may be called from any thread, and each camera's handle may
 * be used from its own thread (many cameras on many threads). A camera has one handle at a time.
 */
public final class Recorder implements AutoCloseable {
    private final Path root;
    private final RecorderOptions options;
    private final StoreV2 marker;
    private final StoreWriter lock;
    private final CheckpointSchedule checkpoints;
    private final Map<String, CameraRecorder> open = new HashMap<>();
    private boolean closed;

    private Recorder(Path root, RecorderOptions options, StoreV2 marker, StoreWriter lock,
                     CheckpointSchedule checkpoints) {
        this.root = root;
        this.options = options;
        this.marker = marker;
        this.lock = lock;
        this.checkpoints = checkpoints;
    }

    /**
     * Opens (or creates) the store at {@code folder} for writing.
     *
     * @throws IOException              if another process (or this one) has the store open for writing, or the
     *                                  folder cannot be read or written
     * @throws IllegalArgumentException if the store is encrypted and no KEK is given, or plain and one is, or
     *                                  its marker is not store v2
     */
    public static Recorder open(Path folder, RecorderOptions options) throws IOException {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(options, "options");
        Files.createDirectories(folder);
        StoreWriter lock = StoreWriter.acquire(folder, true, options.kek());
        try {
            StoreV2 marker;
            if (StoreV2.isStore(folder)) {
                try {
                    marker = StoreV2.read(folder);
                } catch (InvalidDocumentException e) {
                    throw new IllegalArgumentException("store.json: " + e.getMessage(), e);
                }
                if (marker.encrypted() && options.kek().isEmpty()) {
                    throw new IllegalArgumentException("options.kek: the store " + folder.getFileName()
                            + " is encrypted; its key-encryption key is required (K3-2-3)");
                }
                if (!marker.encrypted() && options.kek().isPresent()) {
                    throw new IllegalArgumentException("options.kek: the store " + folder.getFileName()
                            + " is plain; open it without a key-encryption key or use a new store (K3-2-3)");
                }
            } else {
                marker = options.kek().isPresent() ? new StoreV2(true, StoreV2.DEFAULT_SEGMENT_SIZE)
                        : new StoreV2(false, 0);
                marker.write(folder);
            }
            CheckpointSchedule checkpoints = options.anchoring().map(a -> CheckpointSchedule.start(a.log(),
                    a.signer(), a.cosigners(), a.every(), a.clock())).orElse(null);
            return new Recorder(folder, options, marker, lock, checkpoints);
        } catch (IOException | RuntimeException e) {
            lock.release(true);
            throw e;
        }
    }

    /** The store folder. */
    public Path folder() {
        return root;
    }

    /** The options this recorder was opened with. */
    public RecorderOptions options() {
        return options;
    }

    /** Whether segments are encrypted at rest. */
    public boolean encrypted() {
        return marker.encrypted();
    }

    /**
     * Opens a camera's recording handle, continuing its chain; a segment a crash left open is handled by the
     * options' {@link TailPolicy} and recorded in the next manifest.
     *
     * @throws IllegalStateException    if the camera already has an open handle, or the recorder is closed
     * @throws IllegalArgumentException if {@code camera} is not a camera id
     */
    public synchronized CameraRecorder camera(String camera) throws IOException {
        if (closed) {
            throw new IllegalStateException("recorder: closed");
        }
        IdSyntax.require(camera, "camera");
        if (open.containsKey(camera)) {
            throw new IllegalStateException("camera " + camera + ": already open in this recorder; close it first");
        }
        CameraRecorder c = CameraRecorder.open(this, root, marker, camera);
        open.put(camera, c);
        return c;
    }

    /** The store's writer in this process (its lock and the cameras' key vaults). */
    StoreWriter writer() {
        return lock;
    }

    synchronized void closed(String camera) {
        open.remove(camera);
    }

    /**
     * Closes every camera handle (open segments stay unsealed, as after a crash), signs a last checkpoint when
     * anchoring, and releases the store.
     *
     * @throws IOException if a camera could not be closed or the last checkpoint not written (the store is
     *                     released anyway)
     */
    @Override
    public void close() throws IOException {
        java.util.List<CameraRecorder> cams;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            cams = new java.util.ArrayList<>(open.values());
        }
        try {
            try {
                for (CameraRecorder c : cams) {
                    c.close();
                }
            } finally {
                if (checkpoints != null) {
                    checkpoints.close();
                }
            }
        } finally {
            lock.release(true);
        }
    }
}
