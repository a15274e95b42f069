package jp.mimamori.integrity.seal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.internal.io.FolderLock;
import jp.mimamori.integrity.keys.Certificates;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.manifest.ChainEvent.RestartReason;
import jp.mimamori.integrity.manifest.ChainEvent;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.seal.internal.ChainState;

/**
 * One camera's manifest chain on the recorder: hands out a {@link SegmentSealer} per segment and links each
 * sealed manifest to the previous one (K3-2-4). Thread-safe; at most one segment is open at a time.
 *
 * <p>One writer per camera chain: {@link #open} takes an exclusive file lock on {@code <state file>.lock} (for
 * the store's layout, {@code chain.json.lock} in the camera's folder) and holds it until {@link #close()}, so a
 * second open of the same chain, from another process or from this one, fails at once with an
 * {@link IOException}. Two writers would fork the chain (the verifier would report {@code SEGMENT_INSERTED} or
 * {@code CHAIN_BROKEN}). The lock file stays after close; a process that dies releases its lock.
 *
 * <pre>{@code
 * try (CameraChain chain = CameraChain.open("cam-01", key, store.resolve("cam-01/chain.json"), sink,
 *         Optional.empty())) {
 *     SegmentSealer s = chain.begin(SegmentManifest.KIND_TS);
 *     for (byte[] frame : frames) s.unit(frame, Instant.now());   // each frame as the recorder writes it
 *     SignedManifest m = s.close();       // written to the sink, then the state file is committed
 * }
 * }</pre>
 *
 * <p>What reopening records in the next manifest (the verifier reports it as INFO {@code CHAIN_RESTARTED}):
 * a saved state without an open segment is a {@code recorder-restart}; one with an open segment is a
 * {@code crash} naming the segment that was never sealed; no state but a stored manifest is
 * {@code state-recovered}. No state and no manifest starts a new chain (sequence 0, no previous hash).
 */
public final class CameraChain implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CameraChain.class.getName());

    private final String camera;
    private final Path stateFile;
    private final ManifestSink sink;
    private SigningKey key;
    private SigningKey nextKey;
    /** The certificate chains (DER, leaf first; empty for none) of {@code key} and {@code nextKey} (G13). */
    private List<byte[]> certChain = List.of();
    private List<byte[]> nextCertChain = List.of();
    private ChainState state;
    private final List<ChainEvent> pending = new ArrayList<>();
    private SegmentSealer open;
    private FolderLock lock;

    private CameraChain(String camera, SigningKey key, Path stateFile, ManifestSink sink, ChainState state) {
        this.camera = camera;
        this.key = key;
        this.stateFile = stateFile;
        this.sink = sink;
        this.state = state;
    }

    /**
     * Opens a camera's chain, continuing from its state file.
     *
     * @param camera       camera id
     * @param key          the recorder's signing key
     * @param stateFile    where the chain state lives (created on first use)
     * @param sink         where sealed manifests are written before the state is committed
     * @param newest       the newest manifest the recorder's store holds for this camera, if any; used
     *                     to recover when the state file is missing or a crash fell between writing a manifest
     *                     and committing the state
     * @throws IOException if the chain is open already, in this process or another (see the class comment)
     */
    public static CameraChain open(String camera, SigningKey key, Path stateFile, ManifestSink sink,
                                   Optional<SignedManifest> newest) throws IOException {
        return open(camera, key, List.of(), stateFile, sink, newest);
    }

    /**
     * {@link #open(String, SigningKey, Path, ManifestSink, Optional)} for a key certified by {@code certChain}
     * (DER, leaf first, at most {@link ManifestSignature#MAX_CHAIN}; empty for none), which every signature file
     * the chain writes carries, so a verifier that trusts only the issuing CA trusts the key (docs/SECURITY.md
     * G13).
     *
     * @throws IllegalArgumentException naming {@code certChain} if its leaf does not certify {@code key}
     */
    public static CameraChain open(String camera, SigningKey key, List<byte[]> certChain, Path stateFile,
                                   ManifestSink sink, Optional<SignedManifest> newest) throws IOException {
        Objects.requireNonNull(key, "key");
        Certificates.requireCertifies(certChain, key.verifyingKey(), "certChain", ManifestSignature.MAX_CHAIN);
        List<byte[]> chainCopy = certChain.stream().map(byte[]::clone).toList();
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(newest, "newest");
        Path abs = stateFile.toAbsolutePath();
        FolderLock lock = FolderLock.acquire(abs.getParent(), abs.getFileName() + ".lock",
                "camera " + camera + ": chain in");
        try {
            CameraChain c = open(camera, key, stateFile, sink, newest.orElse(null));
            c.certChain = chainCopy;
            c.lock = lock;
            return c;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static CameraChain open(String camera, SigningKey key, Path stateFile, ManifestSink sink,
                                    SignedManifest newestStored) throws IOException {
        ChainState st = null;
        if (Files.exists(stateFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // Read with a limit, never through a link, never from a FIFO or device (SECURITY G17, G18).
            Path abs = stateFile.toAbsolutePath();
            byte[] bytes;
            try {
                bytes = BoundedFiles.read(abs.getParent(), abs, ChainState.MAX_BYTES);
            } catch (IOException e) {
                throw new IOException("camera " + camera + ": chain state " + stateFile.getFileName()
                        + " refused (K3-2-4): " + e.getMessage(), e);
            }
            st = ChainState.parse(bytes);
            if (!st.camera().equals(camera)) {
                throw new IllegalArgumentException("camera: state file " + stateFile.getFileName()
                        + " belongs to camera " + st.camera());
            }
        }
        CameraChain c;
        if (st == null && newestStored == null) {
            c = new CameraChain(camera, key, stateFile, sink, new ChainState(camera, 0, null, -1));
        } else if (st == null) {
            SegmentManifest m = newestStored.manifest();
            c = new CameraChain(camera, key, stateFile, sink,
                    new ChainState(camera, m.sequence() + 1, newestStored.hash(), -1));
            c.pending.add(new ChainEvent.Restart(RestartReason.STATE_RECOVERED, -1, -1));
            sink.reopened(newestStored);
        } else if (st.openSequence() >= 0) {
            if (newestStored != null && newestStored.manifest().sequence() == st.openSequence()
                    && newestStored.manifest().prevManifestHash()
                            .equals(Optional.ofNullable(st.lastManifestHash()).map(HexFormat.of()::formatHex))) {
                // Crashed after the manifest was written, before the state was committed: nothing was lost.
                c = new CameraChain(camera, key, stateFile, sink, new ChainState(camera,
                        st.openSequence() + 1, newestStored.hash(), -1));
                c.pending.add(new ChainEvent.Restart(RestartReason.RECORDER_RESTART, -1, -1));
                sink.reopened(newestStored); // e.g. its segment.sealed record may not have been appended
            } else {
                LOG.log(System.Logger.Level.WARNING, "camera {0}: segment {1} was open when the recorder stopped;"
                        + " recording the crash in the next manifest", camera, st.openSequence());
                List<Long> unsealed = new ArrayList<>(st.unsealed());
                if (!unsealed.contains(st.openSequence())) {
                    unsealed.add(st.openSequence());
                }
                c = new CameraChain(camera, key, stateFile, sink, new ChainState(camera,
                        st.openSequence() + 1, st.lastManifestHash(), -1, unsealed));
                for (long u : unsealed) {
                    c.pending.add(new ChainEvent.Restart(RestartReason.CRASH, u, -1));
                }
            }
        } else {
            c = new CameraChain(camera, key, stateFile, sink, st);
            for (long u : st.unsealed()) {
                c.pending.add(new ChainEvent.Restart(RestartReason.CRASH, u, -1));
            }
            c.pending.add(new ChainEvent.Restart(RestartReason.RECORDER_RESTART, -1, -1));
        }
        return c;
    }

    /** The camera id. */
    public String camera() {
        return camera;
    }

    /**
     * Begins the next segment: commits {@code open_sequence} to the state file first, so a crash before
     * {@link SegmentSealer#close()} is recorded on restart.
     *
     * @param unitKind {@link SegmentManifest#KIND_TS}, {@link SegmentManifest#KIND_FMP4} or
     *                 {@link SegmentManifest#KIND_CHUNK}
     */
    public synchronized SegmentSealer begin(String unitKind) throws IOException {
        if (!lock.isHeld()) {
            throw new IllegalStateException("camera " + camera + ": chain is closed");
        }
        if (open != null) {
            throw new IllegalStateException("camera " + camera + ": segment " + state.nextSequence()
                    + " is still open");
        }
        checkKind(unitKind);
        ChainState s = new ChainState(camera, state.nextSequence(), state.lastManifestHash(),
                state.nextSequence(), state.unsealed());
        DurableFiles.replace(stateFile, s.encode());
        state = s;
        open = new SegmentSealer(this, state.nextSequence(), unitKind);
        return open;
    }

    /**
     * The segments a crash left unsealed that no sealed manifest records yet, oldest first: after a crash while
     * segment N was open, {@code [N]}; after two crashes in a row, both. The next sealed manifest records them
     * all (the verifier reports each as INFO {@code CHAIN_RESTARTED}).
     */
    public synchronized List<Long> unsealed() {
        return state.unsealed();
    }

    /**
     * Begins sealing the newest crashed segment from what the recorder finds of it on disk, as that segment's
     * own sequence number: the manifest records the crash with {@code unsealed_sequence} equal to its own
     * sequence, which the verifier reports as a recovered segment (INFO {@code CHAIN_RESTARTED}). Only the
     * newest unsealed segment, and only before anything else is sealed, can be recovered; older ones stay
     * recorded as crashed.
     *
     * @param unitKind {@link SegmentManifest#KIND_TS}, {@link SegmentManifest#KIND_FMP4} or
     *                 {@link SegmentManifest#KIND_CHUNK}
     * @throws IllegalStateException if there is no such segment, or a segment is open
     */
    public synchronized SegmentSealer beginRecovered(String unitKind) throws IOException {
        List<Long> u = state.unsealed();
        if (u.isEmpty() || u.get(u.size() - 1) != state.nextSequence() - 1) {
            throw new IllegalStateException("camera " + camera + ": no crashed segment to recover");
        }
        if (open != null) {
            throw new IllegalStateException("camera " + camera + ": segment " + open.sequence() + " is still open");
        }
        long seq = u.get(u.size() - 1);
        // Sealing it again after a crash here is the same recovery: the state keeps it unsealed until sealed.
        ChainState s = new ChainState(camera, seq, state.lastManifestHash(), -1, u.subList(0, u.size() - 1));
        state = s;
        pending.removeIf(e -> e instanceof ChainEvent.Restart r && r.reason() == RestartReason.CRASH
                && r.unsealedSequence() == seq);
        pending.add(new ChainEvent.Restart(RestartReason.CRASH, seq, -1));
        open = new SegmentSealer(this, seq, checkKind(unitKind));
        return open;
    }

    private static String checkKind(String unitKind) {
        if (!SegmentManifest.KIND_TS.equals(unitKind) && !SegmentManifest.KIND_FMP4.equals(unitKind)
                && !SegmentManifest.KIND_CHUNK.equals(unitKind)) {
            throw new IllegalArgumentException("unitKind: must be \"" + SegmentManifest.KIND_TS + "\", \""
                    + SegmentManifest.KIND_FMP4 + "\" or \"" + SegmentManifest.KIND_CHUNK + "\"");
        }
        return unitKind;
    }

    /**
     * Rotates the signing key: the next sealed manifest, signed by the current key, announces {@code next};
     * manifests after it are signed by {@code next}. The verifier reports the change as INFO {@code KEY_CHANGED}.
     */
    public synchronized void rotateKey(SigningKey next) {
        rotateKey(next, List.of());
    }

    /**
     * {@link #rotateKey(SigningKey)} to a key certified by {@code nextCertChain} (DER, leaf first; empty for
     * none): the manifests {@code next} signs carry its chain, not the old key's. The announcement vouches for
     * nothing: the verifier trusts {@code next} only through its trust store (directly or by this chain).
     *
     * @throws IllegalArgumentException naming {@code nextCertChain} if its leaf does not certify {@code next}
     */
    public synchronized void rotateKey(SigningKey next, List<byte[]> nextCertChain) {
        VerifyingKey vk = next.verifyingKey();
        Certificates.requireCertifies(nextCertChain, vk, "nextCertChain", ManifestSignature.MAX_CHAIN);
        this.nextCertChain = nextCertChain.stream().map(byte[]::clone).toList();
        this.nextKey = next;
        pending.removeIf(e -> e instanceof ChainEvent.KeyRotation);
        pending.add(new ChainEvent.KeyRotation(Keys.algName(next), vk.spkiDer(), vk.keyId()));
    }

    /** Records that the camera was reset or replaced; the next manifest carries it. */
    public synchronized void recordCameraReset() {
        pending.add(new ChainEvent.Restart(RestartReason.CAMERA_RESET, -1, -1));
    }

    /**
     * Releases the chain for another opener. A segment still open stays unsealed: the next open records it as
     * a crash, as if the process had stopped. A second call does nothing.
     */
    @Override
    public synchronized void close() throws IOException {
        lock.close();
    }

    /** Called by the open sealer's close: builds, signs, writes and commits. */
    synchronized SignedManifest seal(SegmentSealer s, long startUs, long endUs, long count, byte[] root,
                                     UnitIndex index) throws IOException, CryptoException {
        if (s != open) {
            throw new IllegalStateException("camera " + camera + ": sealer is not the open one");
        }
        if (!lock.isHeld()) {
            throw new IllegalStateException("camera " + camera + ": chain is closed");
        }
        VerifyingKey vk = key.verifyingKey();
        SegmentManifest m = new SegmentManifest(camera, s.sequence(), startUs, endUs, count, s.unitKind(), root,
                Optional.ofNullable(state.lastManifestHash()).map(HexFormat.of()::formatHex), Keys.algName(key), vk.keyId(), List.copyOf(pending));
        SignedManifest signed = SignedManifest.sign(m, key, certChain);
        sink.write(signed, index);
        ChainState next = new ChainState(camera, s.sequence() + 1, signed.hash(), -1);
        DurableFiles.replace(stateFile, next.encode());
        state = next;
        pending.clear();
        open = null;
        if (nextKey != null) {
            key = nextKey;
            certChain = nextCertChain;
            nextKey = null;
            nextCertChain = List.of();
        }
        return signed;
    }
}
