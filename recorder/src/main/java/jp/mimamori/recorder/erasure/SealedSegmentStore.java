package jp.mimamori.recorder.erasure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.recorder.internal.Sha256;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.recorder.store.internal.StoreWriter;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
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
 *   <li><b>encrypted</b> (the default): {@link ErasureMethod#CRYPTO_ERASE} — the segment's data key is destroyed
 *       in the camera's key vault (overwritten in place, NIST SP 800-88 cryptographic erase), then the
 *       ciphertext, {@code units.idx}, the signature and, last, the manifest are deleted. The media file is not
 *       overwritten: without its key it is noise, on any medium;</li>
 *   <li><b>plain</b>: {@link ErasureMethod#OVERWRITE} — the media file is overwritten with zeros and deleted,
 *       with the caveat every receipt repeats (not reliable on SSD, flash or copy-on-write storage).</li>
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
 * <p>Thread-safe (every method synchronizes on the instance).
 */
public final class SealedSegmentStore implements ErasableStore, AutoCloseable {
    private final Path root;
    private final StoreV2 marker;
    private final Optional<KeyEncryptionKey> kek;
    // The durable record of an erasure is its receipt in the evidence log; this only remembers this session's.
    private final Set<String> erased = new HashSet<>();
    private StoreWriter writer;

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
            for (Path seg : children(cam)) {
                if (StoreV2.SEGMENT_DIR.matcher(seg.getFileName().toString()).matches()) {
                    ref(camera, Long.parseLong(seg.getFileName().toString())).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<SegmentRef> find(String cameraId, long sequence) throws IOException {
        return ref(cameraId, sequence);
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

    /** Erases one camera's segments of a batch: checks, one vault rewrite, the files, one folder sync. */
    private void eraseCamera(String camera, List<Integer> indices, List<SegmentRef> segments, Result[] out)
            throws IOException {
        Path cameraDir = root.resolve(camera);
        try (Folder cam = Folder.open(root, cameraDir)) {
            // 1. Which segments are the ones the intents name (a different manifest keeps its data and key).
            List<Integer> go = new ArrayList<>(indices.size());
            List<String> keys = new ArrayList<>(indices.size());
            for (int i : indices) {
                SegmentRef s = segments.get(i);
                String name = StoreV2.segmentName(s.sequence());
                Optional<byte[]> manifest = Optional.empty();
                try (Folder seg = cam == null ? null : cam.folder(name)) {
                    if (seg != null) {
                        manifest = seg.read(StoreV2.MANIFEST, SegmentManifest.MAX_BYTES);
                        keys.add(name);
                    }
                }
                if (manifest.isPresent() && !Sha256.hex(manifest.get()).equals(s.manifestHash())) {
                    // Another manifest than the one the intent names: erasing it would leave a receipt that lies.
                    keys.remove(name);
                    out[i] = new Result(false, "not erased: " + camera + "/" + s.sequence()
                            + " holds a manifest other than " + s.manifestHash());
                    continue;
                }
                go.add(i); // a folder already gone is a resumed erasure: its key went before it did
            }
            // 2. The erasure itself: the camera's data keys destroyed in one crash-safe vault rewrite.
            if (marker.encrypted() && !keys.isEmpty()) {
                try {
                    writer().vault(camera).destroy(keys);
                } catch (CryptoException ex) {
                    throw new IOException("camera " + camera + ": key vault: " + ex.getMessage(), ex);
                }
            }
            // 3. The files go; the manifest last, so a resumed erasure still finds a segment it has not finished.
            String method = marker.encrypted()
                    ? "data key destroyed in the camera's key vault (per-segment AES-256 key; NIST SP 800-88 "
                            + "cryptographic erase); wrapped key overwritten in place; ciphertext deleted"
                    : "media file " + Overwriter.caveat(cameraDir);
            boolean removed = false;
            for (int i : go) {
                SegmentRef s = segments.get(i);
                String name = StoreV2.segmentName(s.sequence());
                boolean present;
                try (Folder seg = cam == null ? null : cam.folder(name)) {
                    present = seg != null;
                    if (present) {
                        if (marker.encrypted()) {
                            seg.delete(StoreV2.MEDIA_ENCRYPTED);
                            seg.delete(StoreV2.MEDIA_ENCRYPTED + CRASHED);
                        } else {
                            Overwriter.overwriteAndDelete(root, cameraDir.resolve(name).resolve(StoreV2.MEDIA_PLAIN));
                            Overwriter.overwriteAndDelete(root, cameraDir.resolve(name)
                                    .resolve(StoreV2.MEDIA_PLAIN + CRASHED));
                        }
                        seg.delete(StoreV2.UNITS);
                        seg.delete(StoreV2.SIGNATURE);
                        seg.delete(StoreV2.MANIFEST);
                    }
                }
                if (present) {
                    cam.deleteFolder(name);
                    removed = true;
                }
                erased.add(camera + "/" + s.sequence());
                out[i] = new Result(true, (present ? "sealed segment folder removed; the manifest hash stays in this"
                        + " receipt and in the next manifest's prev_manifest_hash. "
                        : "segment folder already removed (resumed erasure). ") + method);
            }
            if (removed) {
                DurableFiles.syncDirectory(cameraDir);
            }
        }
    }

    private static final String CRASHED = ".crashed";

    /**
     * A folder of the store opened without following links, through a {@link SecureDirectoryStream} where the
     * platform has one (each file then named relative to the opened folder: nothing a link swapped in later can
     * redirect), else checked with {@link ConfinedFiles} file by file.
     */
    private static final class Folder implements AutoCloseable {
        private final Path root;
        private final Path dir;
        private final SecureDirectoryStream<Path> sds;

        private Folder(Path root, Path dir, SecureDirectoryStream<Path> sds) {
            this.root = root;
            this.dir = dir;
            this.sds = sds;
        }

        /** The folder {@code dir}, a child of {@code root}, or null if it does not exist. */
        static Folder open(Path root, Path dir) throws IOException {
            DirectoryStream<Path> ds = Files.newDirectoryStream(root);
            if (ds instanceof SecureDirectoryStream<Path> r) {
                try (r) {
                    return new Folder(root, dir, r.newDirectoryStream(dir.getFileName(), LinkOption.NOFOLLOW_LINKS));
                } catch (NoSuchFileException e) {
                    return null;
                } catch (FileSystemException e) {
                    throw refused(dir, e);
                }
            }
            ds.close();
            try {
                ConfinedFiles.requireFolder(root, dir);
            } catch (NoSuchFileException e) {
                return null;
            }
            return new Folder(root, dir, null);
        }

        /** A link or non-folder where a folder must be is refused; any other failure stays what it was. */
        private static IOException refused(Path p, FileSystemException e) {
            if (Files.isSymbolicLink(p)) {
                return new ConfinedFiles.RefusedException(p, ConfinedFiles.Refusal.LINK);
            }
            return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? e
                    : new ConfinedFiles.RefusedException(p, ConfinedFiles.Refusal.NOT_A_FOLDER);
        }

        /** The child folder {@code name}, or null if it does not exist. */
        Folder folder(String name) throws IOException {
            Path child = dir.resolve(name);
            if (sds == null) {
                try {
                    ConfinedFiles.requireFolder(root, child);
                } catch (NoSuchFileException e) {
                    return null;
                }
                return new Folder(root, child, null);
            }
            try {
                return new Folder(root, child, sds.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException e) {
                return null;
            } catch (FileSystemException e) {
                throw refused(child, e);
            }
        }

        /** The bytes of the regular file {@code name}, at most {@code max}; empty if it does not exist. */
        Optional<byte[]> read(String name, int max) throws IOException {
            Path file = dir.resolve(name);
            if (sds == null) {
                try {
                    return Optional.of(BoundedFiles.read(root, file, max));
                } catch (NoSuchFileException e) {
                    return Optional.empty();
                }
            }
            BasicFileAttributes a;
            try {
                a = sds.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            if (!a.isRegularFile()) { // a FIFO would block the opening
                throw new ConfinedFiles.RefusedException(file, ConfinedFiles.Kind.of(a) == ConfinedFiles.Kind.FOLDER
                        ? ConfinedFiles.Refusal.FOLDER : a.isSymbolicLink() ? ConfinedFiles.Refusal.LINK
                        : ConfinedFiles.Refusal.SPECIAL_FILE);
            }
            if (a.size() > max) {
                throw new IOException(file + ": " + a.size() + " bytes, more than the limit of " + max + " bytes");
            }
            try (SeekableByteChannel ch = sds.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS))) {
                ByteBuffer b = ByteBuffer.allocate(max + 1);
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // until the end or one byte over the limit
                }
                if (!b.hasRemaining()) {
                    throw new IOException(file + ": more than the limit of " + max + " bytes");
                }
                return Optional.of(java.util.Arrays.copyOf(b.array(), b.position()));
            }
        }

        /** Deletes the file {@code name} (a link itself, never its target); nothing if it does not exist. */
        void delete(String name) throws IOException {
            if (sds == null) {
                ConfinedFiles.deleteIfExists(root, dir.resolve(name));
                return;
            }
            try {
                sds.deleteFile(Path.of(name));
            } catch (NoSuchFileException e) {
                // already gone
            }
        }

        /** Deletes the empty child folder {@code name}. */
        void deleteFolder(String name) throws IOException {
            try {
                if (sds == null) {
                    Files.delete(dir.resolve(name));
                } else {
                    sds.deleteDirectory(Path.of(name));
                }
            } catch (NoSuchFileException e) {
                // already gone
            }
        }

        @Override
        public void close() throws IOException {
            if (sds != null) {
                sds.close();
            }
        }
    }

    private StoreWriter writer() throws IOException {
        if (writer == null) {
            writer = StoreWriter.acquire(root, false, kek);
        }
        return writer;
    }

    /** Gives back the store's writer lock, if an erasure took it. */
    @Override
    public synchronized void close() throws IOException {
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
            for (Path seg : children(cam)) {
                if (StoreV2.SEGMENT_DIR.matcher(seg.getFileName().toString()).matches() && hasMedia(seg)) {
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
