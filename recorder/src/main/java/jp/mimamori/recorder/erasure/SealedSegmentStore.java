package jp.mimamori.recorder.erasure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.recorder.internal.Sha256;
import jp.mimamori.retention.erase.ErasableStore;
import jp.mimamori.retention.erase.internal.Overwriter;

/**
 * Retention's {@link ErasableStore} over the recorder's store v2 ({@link StoreV2}), so the write-ahead
 * {@link jp.mimamori.retention.erase.ErasureEngine} can erase sealed segments (K3-2-2, K3-2-3).
 *
 * <p>A segment is indexed by its {@code manifest.json}; its {@link SegmentRef#manifestHash()} is the SHA-256 of
 * those exact bytes, the manifest hash of docs/FORMATS.md "Segment manifest v1", which is what the next
 * manifest's {@code prev_manifest_hash} names. Erasing removes the whole segment folder: the media file is
 * overwritten with zeros and deleted ({@link Overwriter}, whose caveat every receipt repeats), then
 * {@code units.idx}, the signature and, last, the manifest. What remains as evidence is hashes and the
 * receipt in the evidence log, never images. The verifier then sees a gap in the chain, which it reports as
 * {@code SEGMENT_ERASED} (INFO) when a receipt names the manifest hash the successor links to, and as
 * {@code SEGMENT_MISSING} (tampering) otherwise (invariant 4).
 *
 * <pre>{@code
 * SealedSegmentStore store = new SealedSegmentStore(Path.of("store"));
 * try (ErasureEngine engine = ErasureEngine.open(journal, journalKey, store, log, s -> false,
 *         ErasureAuthority.of(decisionEngine), clock, retentionKey)) {
 *     engine.resume();
 *     engine.erase(List.of(store.find("cam-01", 0).orElseThrow()), ErasureReason.SCHEDULED, "svc-retention");
 * }
 * }</pre>
 *
 * <p>Thread-safe within one process (every method synchronizes on the instance). Two processes must not erase
 * from the same store at once: nothing here locks the folder; the erasure engine's journal is the place that
 * serializes erasures of one store.
 */
public final class SealedSegmentStore implements ErasableStore {
    private final Path root;
    // The durable record of an erasure is its receipt in the evidence log; this only remembers this session's.
    private final Set<String> erased = new HashSet<>();

    /** The sealed store at {@code root}. */
    public SealedSegmentStore(Path root) {
        this.root = Objects.requireNonNull(root, "root");
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
        return ErasureMethod.OVERWRITE;
    }

    @Override
    public synchronized List<Result> erase(List<SegmentRef> segments) throws IOException {
        List<Result> out = new ArrayList<>(segments.size());
        for (SegmentRef s : segments) {
            out.add(erase(s));
        }
        return out;
    }

    private Result erase(SegmentRef s) throws IOException {
        Path dir = segment(s.cameraId(), s.sequence());
        String key = s.cameraId() + "/" + s.sequence();
        if (!Files.exists(dir)) {
            erased.add(key);
            return new Result(true, "segment folder already removed (resumed erasure)");
        }
        Path manifest = dir.resolve(StoreV2.MANIFEST);
        if (Files.isRegularFile(manifest) && !Sha256.hex(Files.readAllBytes(manifest)).equals(s.manifestHash())) {
            // Another manifest than the one the intent names: erasing it would leave a receipt that lies.
            return new Result(false, "not erased: " + key + " holds a manifest other than " + s.manifestHash());
        }
        String note = Overwriter.caveat(dir);
        for (Path media : media(dir)) {
            Overwriter.overwriteAndDelete(media);
        }
        Files.deleteIfExists(dir.resolve(StoreV2.UNITS));
        Files.deleteIfExists(dir.resolve(StoreV2.SIGNATURE));
        // The manifest goes last: while it exists, a resumed erasure still finds the segment.
        Files.deleteIfExists(manifest);
        Files.delete(dir);
        erased.add(key);
        return new Result(true, "sealed segment folder removed; the manifest hash stays in this receipt and in "
                + "the next manifest's prev_manifest_hash. Media file " + note);
    }

    @Override
    public synchronized List<String> fileKeys() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path cam : children(root)) {
            for (Path seg : children(cam)) {
                if (StoreV2.SEGMENT_DIR.matcher(seg.getFileName().toString()).matches() && !media(seg).isEmpty()) {
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
        Path dir = segment(camera, sequence);
        Path manifest = dir.resolve(StoreV2.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(manifest);
        SegmentManifest m;
        try {
            m = SegmentManifest.parse(bytes);
        } catch (ManifestFormatException | IllegalArgumentException e) {
            return Optional.empty(); // not a sealed segment retention can name; the verifier reports it
        }
        if (!m.camera().equals(camera) || m.sequence() != sequence) {
            return Optional.empty();
        }
        long size = 0;
        for (Path u : media(dir)) {
            size += Files.size(u);
        }
        return Optional.of(new SegmentRef(camera, sequence, m.start(), m.end(), size, Sha256.hex(bytes)));
    }

    private Path segment(String camera, long sequence) {
        return root.resolve(camera).resolve(StoreV2.segmentName(sequence));
    }

    /** The segment's media file (plain or encrypted), if present. */
    private static List<Path> media(Path dir) {
        List<Path> out = new ArrayList<>();
        for (String n : List.of(StoreV2.MEDIA_PLAIN, StoreV2.MEDIA_ENCRYPTED)) {
            if (Files.isRegularFile(dir.resolve(n), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                out.add(dir.resolve(n));
            }
        }
        return out;
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
