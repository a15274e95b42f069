package jp.mimamori.recorder.erasure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.internal.work.Parallel;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.recorder.internal.Sha256;
import jp.mimamori.recorder.store.internal.ErasedSegments;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.recorder.store.internal.StoreWriter;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyVault;
import jp.mimamori.retention.erase.ErasableStore;
import jp.mimamori.retention.erase.internal.Overwriter;

/**
 * Retention's {@link ErasableStore} over the recorder's store v2 (docs/FORMATS.md "Store v2"), so the write-ahead
 * {@link jp.mimamori.retention.erase.ErasureEngine} can erase sealed segments (K3-2-2, K3-2-3).
 *
 * <p>A segment is indexed by its {@code manifest.json}; its {@link SegmentRef#manifestHash()} is the SHA-256 of
 * those exact bytes, the manifest hash of docs/FORMATS.md "Segment manifest v1", which is what the next
 * manifest's {@code prev_manifest_hash} names. How a segment is erased depends on the store:
 * <ul>
 *   <li><b>encrypted</b> (the default): {@link ErasureMethod#CRYPTO_ERASE} — the data keys of a batch's segments
 *       are destroyed in each camera's key vault in one crash-safe rewrite (overwritten in place, NIST SP 800-88
 *       cryptographic erase). That is the erasure: from then on the ciphertext is noise, on any medium, and the
 *       segment is no longer listed. Its files (ciphertext, {@code units.idx}, the signature and, last, the
 *       manifest) are then removed by a cleanup thread, off the erasure's path; {@link #close()} waits for it. A
 *       crash before they are gone leaves an erased leftover, which the verifier treats as the gap it is
 *       ({@code SEGMENT_ERASED} with the receipt) and the store's writer removes when it next opens the camera's
 *       vault;</li>
 *   <li><b>plain</b>: {@link ErasureMethod#OVERWRITE} — the media file is overwritten with zeros and deleted,
 *       then the other files, with the caveat every receipt repeats (not reliable on SSD, flash or copy-on-write
 *       storage).</li>
 * </ul>
 * What remains as evidence is hashes and the receipt in the evidence log, never images. The verifier then sees a
 * gap in the chain, which it reports as {@code SEGMENT_ERASED} (INFO) given a signed, anchored receipt naming the
 * manifest hash, and as {@code SEGMENT_MISSING} (tampering) otherwise (invariant 4). A folder whose manifest is
 * not the one the intent names is not erased (its key is kept).
 *
 * <pre>{@code
 * try (SealedSegmentStore store = SealedSegmentStore.open(Path.of("store"), Optional.of(kek));
 *      ErasureEngine engine = ErasureEngine.open(journal, journalKey, store, log, s -> false,
 *              ErasureAuthority.of(decisionEngine), clock, retentionKey)) {
 *     engine.resume();
 *     engine.erase(List.of(store.find("cam-01", 0).orElseThrow()), ErasureReason.SCHEDULED, "svc-retention");
 * }
 * }</pre>
 *
 * <p><b>Processes.</b> Listing and finding segments read the store as any reader does. Crypto-erasure writes the
 * key vaults, which the store's writer owns: in the process that has the store's {@code Recorder} open it shares
 * that recorder's vaults; elsewhere it takes the store's writer lock ({@code store.lock}) at the first erasure
 * and keeps it until {@link #close()}, so it fails with an {@link IOException} while a recorder process writes the
 * store — erase in the recorder's process. Never follows a link out of the store.
 *
 * <p>Thread-safe (every method synchronizes on the instance; the cleanup thread only removes files of segments
 * whose keys are gone).
 */
public final class SealedSegmentStore implements ErasableStore, AutoCloseable {
    private final Path root;
    private final StoreV2 marker;
    private final Optional<KeyEncryptionKey> kek;
    // The durable record of an erasure is its receipt in the evidence log; this only remembers this session's.
    private final Set<String> erased = new HashSet<>();
    private StoreWriter writer;
    private ThreadPoolExecutor cleaner;
    private boolean cleanup = true;
    private static final System.Logger LOG = System.getLogger(SealedSegmentStore.class.getName());

    private SealedSegmentStore(Path root, StoreV2 marker, Optional<KeyEncryptionKey> kek) {
        this.root = root;
        this.marker = marker;
        this.kek = kek;
    }

    /**
     * The store v2 at {@code root}, to erase its sealed segments: by crypto-erase if it is encrypted (then
     * {@code kek} is its key-encryption key), by overwrite if it is plain ({@code kek} empty).
     *
     * @throws IOException              if {@code root} is not a readable store v2
     * @throws IllegalArgumentException if the store is encrypted and no KEK is given, or plain and one is
     */
    public static SealedSegmentStore open(Path root, Optional<KeyEncryptionKey> kek) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(kek, "kek");
        StoreV2 marker;
        try {
            marker = StoreV2.read(root);
        } catch (InvalidDocumentException e) {
            throw new IOException(StoreV2.MARKER + ": " + e.getMessage(), e);
        }
        if (marker.encrypted() && kek.isEmpty()) {
            throw new IllegalArgumentException("kek: the store " + root.getFileName()
                    + " is encrypted; erasing destroys data keys in its vaults, which needs its key-encryption key"
                    + " (K3-2-3)");
        }
        if (!marker.encrypted() && kek.isPresent()) {
            throw new IllegalArgumentException("kek: the store " + root.getFileName()
                    + " is plain; open it without a key-encryption key (K3-2-3)");
        }
        return new SealedSegmentStore(root, marker, kek);
    }

    /** The store folder. */
    public Path root() {
        return root;
    }

    @Override
    public synchronized List<SegmentRef> list() throws IOException {
        List<SegmentRef> out = new ArrayList<>();
        for (Path cam : children(root)) {
            String camera = cam.getFileName().toString();
            if (!IdSyntax.isId(camera)) {
                continue;
            }
            Optional<Set<String>> keys = keys(camera);
            for (Path seg : children(cam)) {
                String name = seg.getFileName().toString();
                if (StoreV2.SEGMENT_DIR.matcher(name).matches() && !erasedLeftover(keys, name)) {
                    ref(camera, Long.parseLong(name)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<SegmentRef> find(String cameraId, long sequence) throws IOException {
        if (!IdSyntax.isId(cameraId) || erasedLeftover(keys(cameraId), StoreV2.segmentName(sequence))) {
            return Optional.empty();
        }
        return ref(cameraId, sequence);
    }

    /**
     * The ids of a camera's live data keys in an encrypted store, read-only; empty for a plain store or when the
     * vault cannot be read (then nothing is taken for erased).
     */
    private Optional<Set<String>> keys(String camera) {
        if (!marker.encrypted()) {
            return Optional.empty();
        }
        Path dir = root.resolve(camera);
        try {
            ConfinedFiles.requireFolder(root, dir); // never a vault reached through a link out of the store
            return Optional.of(new HashSet<>(KeyVault.openReadOnly(dir.resolve(StoreV2.VAULT), kek.orElseThrow())
                    .ids()));
        } catch (IOException | CryptoException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a segment of an encrypted store was crypto-erased already (its data key is gone) and only its files
     * wait for the cleanup: it is not live any more, whatever files remain (ErasedSegments).
     */
    private static boolean erasedLeftover(Optional<Set<String>> keys, String name) {
        return keys.isPresent() && !keys.get().contains(name);
    }

    @Override
    public ErasureMethod method() {
        return marker.encrypted() ? ErasureMethod.CRYPTO_ERASE : ErasureMethod.OVERWRITE;
    }

    @Override
    public synchronized List<Result> erase(List<SegmentRef> segments) throws IOException {
        Result[] out = new Result[segments.size()];
        Map<String, List<Integer>> byCamera = new LinkedHashMap<>();
        for (int i = 0; i < out.length; i++) {
            SegmentRef s = segments.get(i);
            if (!IdSyntax.isId(s.cameraId())) {
                out[i] = new Result(false, "not erased: " + s.cameraId() + "/" + s.sequence()
                        + " is not a camera of this store");
            } else {
                byCamera.computeIfAbsent(s.cameraId(), c -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> e : byCamera.entrySet()) {
            eraseCamera(e.getKey(), e.getValue(), segments, out);
        }
        return List.of(out);
    }

    /**
     * Erases one camera's segments of a batch: checks, then the erasure itself — one vault rewrite (encrypted) or
     * the overwrites (plain) — and, for an encrypted store, the removal of the now unreadable files handed to the
     * cleanup, off the erasure's path.
     */
    private void eraseCamera(String camera, List<Integer> indices, List<SegmentRef> segments, Result[] out)
            throws IOException {
        Path cameraDir = root.resolve(camera);
        List<Integer> go = new ArrayList<>(indices.size());
        Set<String> present = new java.util.LinkedHashSet<>();
        try (ConfinedFiles.Folder cam = ConfinedFiles.openFolderIfExists(root, cameraDir)) {
            // 1. Which segments are the ones the intents name (a different manifest keeps its data and key). Read
            //    on every core: each check opens a folder and reads and hashes its manifest, and changes nothing.
            List<Check> checks = Parallel.map(indices, 32, i -> check(cam, segments.get(i)));
            for (int k = 0; k < indices.size(); k++) {
                int i = indices.get(k);
                SegmentRef s = segments.get(i);
                Check c = checks.get(k);
                if (c.otherManifest()) {
                    // Another manifest than the one the intent names: erasing it would leave a receipt that lies.
                    out[i] = new Result(false, "not erased: " + camera + "/" + s.sequence()
                            + " holds a manifest other than " + s.manifestHash());
                    continue;
                }
                go.add(i); // a folder already gone is a resumed erasure: its key went before it did
                if (c.folder()) {
                    present.add(StoreV2.segmentName(s.sequence()));
                }
            }
            if (!marker.encrypted()) {
                // 2'. Plain: the media overwritten, then the files, the manifest last, and the folders.
                for (int i : go) {
                    String name = StoreV2.segmentName(segments.get(i).sequence());
                    if (present.contains(name)) {
                        Overwriter.overwriteAndDelete(root, cameraDir.resolve(name).resolve(StoreV2.MEDIA_PLAIN));
                        Overwriter.overwriteAndDelete(root, cameraDir.resolve(name)
                                .resolve(StoreV2.MEDIA_PLAIN + CRASHED));
                    }
                }
            }
        }
        String method;
        if (marker.encrypted()) {
            // 2. The erasure itself: the camera's data keys destroyed in one crash-safe vault rewrite. From here on
            //    the ciphertext is noise (NIST SP 800-88 cryptographic erase) and the segment is erased.
            if (!present.isEmpty()) {
                try {
                    writer().vault(camera).destroy(present);
                } catch (CryptoException ex) {
                    throw new IOException("camera " + camera + ": key vault: " + ex.getMessage(), ex);
                }
            }
            // 3. Cleanup, after the erasure and off its path: the files go, the manifest last (ErasedSegments).
            if (!present.isEmpty()) {
                if (cleanup) {
                    cleaner().execute(() -> removeQuietly(cameraDir, present));
                }
            }
            method = "data key destroyed in the camera's key vault (per-segment AES-256 key; NIST SP 800-88 "
                    + "cryptographic erase); wrapped key overwritten in place; the unreadable ciphertext and the "
                    + "segment's other files are removed after the erasure";
        } else {
            ErasedSegments.remove(root, cameraDir, present);
            method = "media file " + Overwriter.caveat(cameraDir);
        }
        for (int i : go) {
            SegmentRef s = segments.get(i);
            erased.add(camera + "/" + s.sequence());
            out[i] = new Result(true, (present.contains(StoreV2.segmentName(s.sequence()))
                    ? "sealed segment erased; the manifest hash stays in this receipt and in the next manifest's"
                            + " prev_manifest_hash. "
                    : "segment folder already removed (resumed erasure). ") + method);
        }
    }

    private static final String CRASHED = ".crashed";

    /**
     * What step 1 found of one segment.
     *
     * @param folder        whether its folder exists
     * @param otherManifest whether the folder holds a manifest other than the one the intent names
     */
    private record Check(boolean folder, boolean otherManifest) {}

    /** Reads the segment's manifest, if its folder is there, and compares its hash with the intent's. */
    private static Check check(ConfinedFiles.Folder cam, SegmentRef s) throws IOException {
        try (ConfinedFiles.Folder seg = cam == null ? null : cam.folderIfExists(StoreV2.segmentName(s.sequence()))) {
            if (seg == null) {
                return new Check(false, false);
            }
            Optional<byte[]> manifest = BoundedFiles.readIfExists(seg, StoreV2.MANIFEST, SegmentManifest.MAX_BYTES);
            return new Check(true, manifest.isPresent() && !Sha256.hex(manifest.get()).equals(s.manifestHash()));
        }
    }

    /** The cleanup's one thread, started when there is work and ended after a while without any. */
    private ThreadPoolExecutor cleaner() {
        if (cleaner == null) {
            cleaner = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "mimamori-erased-segment-cleanup");
                t.setDaemon(true);
                return t;
            });
        }
        return cleaner;
    }

    /** Removes crypto-erased segments' files; a failure leaves them for the writer's next open to remove. */
    private void removeQuietly(Path cameraDir, Set<String> names) {
        try {
            ErasedSegments.remove(root, cameraDir, names);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: files of {1} crypto-erased segment(s) not removed yet ({2});"
                    + " they are unreadable, and removed when the store''s writer next opens the camera",
                    cameraDir.getFileName(), names.size(), e.getMessage());
        }
    }

    /**
     * Waits for the removal of crypto-erased segments' files handed to the cleanup so far (for tests and for
     * embedders that measure the disk right after an erasure).
     */
    public void awaitCleanup() throws IOException {
        ThreadPoolExecutor c;
        synchronized (this) {
            c = cleaner;
        }
        if (c == null) {
            return;
        }
        try {
            c.submit(() -> { }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the cleanup");
        }
    }

    /** Stops handing files to the cleanup (a crash after the keys' destruction, for tests). */
    synchronized void skipCleanupForTest() {
        cleanup = false;
    }

    private StoreWriter writer() throws IOException {
        if (writer == null) {
            writer = StoreWriter.acquire(root, false, kek);
        }
        return writer;
    }

    /**
     * Waits for the cleanup to remove the files of segments erased so far, then gives back the store's writer lock,
     * if an erasure took it.
     */
    @Override
    public synchronized void close() throws IOException {
        if (cleaner != null) {
            cleaner.shutdown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (cleaner.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // the files are unreadable already; the next open removes what is left
                    break;
                }
            }
            cleaner = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (writer != null) {
            StoreWriter w = writer;
            writer = null;
            w.release(false);
        }
    }

    @Override
    public synchronized List<String> fileKeys() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path cam : children(root)) {
            Optional<Set<String>> keys = IdSyntax.isId(cam.getFileName().toString())
                    ? keys(cam.getFileName().toString()) : Optional.empty();
            for (Path seg : children(cam)) {
                String name = seg.getFileName().toString();
                if (StoreV2.SEGMENT_DIR.matcher(name).matches() && hasMedia(seg) && !erasedLeftover(keys, name)) {
                    out.add(cam.getFileName() + "/" + Long.parseLong(seg.getFileName().toString()));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<String> entryKeys() throws IOException {
        List<String> out = new ArrayList<>(erased);
        for (SegmentRef s : list()) {
            out.add(s.cameraId() + "/" + s.sequence());
        }
        return out;
    }

    @Override
    public synchronized List<String> erasedKeys() {
        return new ArrayList<>(erased);
    }

    private Optional<SegmentRef> ref(String camera, long sequence) throws IOException {
        if (!IdSyntax.isId(camera)) {
            return Optional.empty();
        }
        Path dir = segment(camera, sequence);
        Path manifest = dir.resolve(StoreV2.MANIFEST);
        byte[] bytes;
        try {
            if (!ConfinedFiles.isRegularFile(root, manifest)) {
                return Optional.empty();
            }
            bytes = BoundedFiles.read(root, manifest, SegmentManifest.MAX_BYTES);
        } catch (NoSuchFileException | ConfinedFiles.RefusedException | BoundedFiles.TooLargeException e) {
            return Optional.empty(); // not a sealed segment retention can name; the verifier reports it
        }
        SegmentManifest m;
        try {
            m = SegmentManifest.parse(bytes);
        } catch (ManifestFormatException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!m.camera().equals(camera) || m.sequence() != sequence) {
            return Optional.empty();
        }
        Path media = dir.resolve(marker.media());
        long size = Files.isRegularFile(media, LinkOption.NOFOLLOW_LINKS) ? Files.size(media) : 0;
        return Optional.of(new SegmentRef(camera, sequence, m.start(), m.end(), size, Sha256.hex(bytes)));
    }

    private Path segment(String camera, long sequence) {
        return root.resolve(camera).resolve(StoreV2.segmentName(sequence));
    }

    private static boolean hasMedia(Path dir) {
        return Files.isRegularFile(dir.resolve(StoreV2.MEDIA_PLAIN), LinkOption.NOFOLLOW_LINKS)
                || Files.isRegularFile(dir.resolve(StoreV2.MEDIA_ENCRYPTED), LinkOption.NOFOLLOW_LINKS);
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }
}
