package jp.mimamori.recorder.anchor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.TransparentEvidenceLog;

/**
 * Signs a checkpoint of the recorder's evidence log on a schedule and at close (K3-4, DESIGN.md invariant 4):
 * a {@code segment.sealed} record or an erasure receipt counts as evidence only once a signed checkpoint covers
 * it, and an insider can cut unanchored records off the log's end unnoticed, so the interval is the window in
 * which the newest sealed segments could be made to vanish. A checkpoint is signed only when the log grew since
 * the last one.
 *
 * <pre>{@code
 * try (TransparentEvidenceLog log = TransparentEvidenceLog.open(Path.of("log"));
 *      CheckpointSchedule anchoring = CheckpointSchedule.start(log, logKey, List.of(), Duration.ofMinutes(1),
 *              Clock.systemUTC())) {
 *     // seal segments with SegmentLog.to(log, clock), erase with retention; close() signs a last checkpoint
 * }
 * }</pre>
 *
 * <p>Thread-safe: the schedule runs on one daemon thread of its own; {@link #checkpointNow()} may be called from
 * any thread, and checkpoints are signed one at a time. A failed scheduled checkpoint is kept
 * ({@link #lastFailure()}) and retried at the next tick; {@link #close()} throws it if the final checkpoint fails
 * too. Close the schedule before the log.
 */
public final class CheckpointSchedule implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CheckpointSchedule.class.getName());

    private final TransparentEvidenceLog log;
    private final NoteSigner signer;
    private final List<NoteSigner> cosigners;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private long lastSize = -1;
    private IOException lastFailure;
    private boolean closed;

    private CheckpointSchedule(TransparentEvidenceLog log, NoteSigner signer, List<NoteSigner> cosigners, Clock clock,
                               ScheduledExecutorService timer) {
        this.log = log;
        this.signer = signer;
        this.cosigners = List.copyOf(cosigners);
        this.clock = clock;
        this.timer = timer;
    }

    /**
     * Starts checkpointing {@code log} every {@code every} with {@code signer} (the log's key; its name is the
     * checkpoint's origin) and {@code cosigners}.
     *
     * @throws IllegalArgumentException if {@code every} is not positive
     */
    public static CheckpointSchedule start(TransparentEvidenceLog log, NoteSigner signer, List<NoteSigner> cosigners,
                                           Duration every, Clock clock) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(cosigners, "cosigners");
        Objects.requireNonNull(clock, "clock");
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("every: must be a positive duration");
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mimamori-checkpoints");
            t.setDaemon(true);
            return t;
        });
        CheckpointSchedule s = new CheckpointSchedule(log, signer, cosigners, clock, timer);
        long ms = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(s::tick, ms, ms, TimeUnit.MILLISECONDS);
        return s;
    }

    private void tick() {
        try {
            checkpointNow();
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                lastFailure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            LOG.log(System.Logger.Level.WARNING, "scheduled checkpoint failed (retried at the next tick): {0}",
                    e.getMessage());
        }
    }

    /**
     * Signs a checkpoint now if the log grew since the last one.
     *
     * @return the checkpoint file written, or empty if nothing new was appended
     * @throws IOException if it could not be written
     */
    public synchronized Optional<Path> checkpointNow() throws IOException {
        long size = log.size();
        if (size == lastSize) {
            return Optional.empty();
        }
        Path p = LogCheckpoints.write(log, signer, cosigners, clock.instant());
        lastSize = size;
        lastFailure = null;
        return Optional.of(p);
    }

    /** The failure of the newest scheduled checkpoint, if it failed (cleared by a later success). */
    public synchronized Optional<IOException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * Stops the schedule and signs a last checkpoint over everything appended.
     *
     * @throws IOException if the last checkpoint cannot be written
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpointNow();
    }
}
