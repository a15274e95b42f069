package jp.mimamori.retention.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyVault;
import jp.mimamori.retention.crypto.StreamingSegmentCipher;
import jp.mimamori.retention.erase.ErasableStore;
import jp.mimamori.retention.erase.internal.Overwriter;

/**
 * Segments in files, erased by crypto-erase, overwrite or delete (see the package description for layout).
 *
 * <p>Recording under crypto-erase: a fresh data key is created in the camera's vault and forced to disk, the
 * plaintext is encrypted ({@link StreamingSegmentCipher}, associated data {@code "mimamori-segment-v1:"
 * camera "/" sequence}) to {@code SEQ.seg.tmp}, forced and renamed, and only then is the index entry written.
 * A crash leaves at worst a file without an entry, which {@link #fileKeys()} lets the orphan scan report.
 *
 * <p>Thread-safe (its methods are synchronised). One process owns a store folder; nothing in the store itself
 * stops a second one, so open it only under the {@link jp.mimamori.retention.service.RetentionService} of that
 * folder, whose lock does.
 */
public final class FileSegmentStore implements ErasableStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEG = Pattern.compile("(\\d{1,18})\\.seg(\\.tmp)?");
    private static final Pattern ENTRY = Pattern.compile("(\\d{1,18})(\\.erased)?\\.json");

    private final Path root;
    private final ErasureMethod method;
    /** The key-encryption key of the camera vaults; empty for a store erased by overwriting. */
    private final Optional<KeyEncryptionKey> kek;
    private final StreamingSegmentCipher cipher = StreamingSegmentCipher.create(
            StreamingSegmentCipher.DEFAULT_SEGMENT_SIZE);
    private final Map<String, KeyVault> vaults = new HashMap<>();
    private final Map<String, TreeMap<Long, SegmentRef>> live = new TreeMap<>();
    private final Set<String> erased = new HashSet<>();

    private FileSegmentStore(Path root, ErasureMethod method, Optional<KeyEncryptionKey> kek) {
        this.root = root;
        this.method = method;
        this.kek = kek;
    }

    /** A store whose segments are encrypted at record time and crypto-erased. */
    public static FileSegmentStore cryptoErase(Path root, KeyEncryptionKey kek) throws IOException {
        return open(root, ErasureMethod.CRYPTO_ERASE, Optional.of(Objects.requireNonNull(kek, "kek")));
    }

    /** A store of plain files erased by overwriting (see {@link Overwriter} for what that guarantees). */
    public static FileSegmentStore overwrite(Path root) throws IOException {
        return open(root, ErasureMethod.OVERWRITE, Optional.empty());
    }

    private static FileSegmentStore open(Path root, ErasureMethod m, Optional<KeyEncryptionKey> kek)
            throws IOException {
        FileSegmentStore s = new FileSegmentStore(root, m, kek);
        Files.createDirectories(root);
        s.load();
        return s;
    }

    /** Camera folders a store may hold. */
    private static final int MAX_CAMERAS = 10_000;
    /** Entries of one camera folder (three per segment: data, index entry or tombstone, and the vault). */
    private static final int MAX_CAMERA_ENTRIES = 4_000_000;
    /** Largest index entry. */
    private static final int MAX_ENTRY_BYTES = 64 * 1024;

    /**
     * The camera folders, each a real folder; a link, FIFO or device in the store (a camera folder linked
     * elsewhere, say) is refused, so that nothing is ever read, written or erased outside the store.
     */
    private List<Path> cameras() throws IOException {
        return ConfinedFiles.list(root, root, MAX_CAMERAS).requireNothingRefused().folders();
    }

    /** The regular files of one camera folder; a link, FIFO or device there is refused. */
    private List<Path> files(Path cam) throws IOException {
        return ConfinedFiles.list(root, cam, MAX_CAMERA_ENTRIES).requireNothingRefused().files();
    }

    private void load() throws IOException {
        Set<String> tombstones = new HashSet<>();
        for (Path cam : cameras()) {
            String camera = cam.getFileName().toString();
            for (Path f : files(cam)) {
                Matcher m = ENTRY.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                if (m.group(2) != null) {
                    tombstones.add(camera + "/" + Long.parseLong(m.group(1)));
                } else {
                    SegmentRef r = readEntry(root, f);
                    live.computeIfAbsent(camera, k -> new TreeMap<>()).put(r.sequence(), r);
                }
            }
        }
        // A tombstone counts only where erasure left it: no index entry and no data beside it. One planted beside
        // a live segment (docs/SECURITY.md G9) is ignored: the segment stays live, planned and erased at its
        // ceiling, and its data file is no one's erasure. Erasure itself is evidenced by its receipt in the log.
        for (String k : tombstones) {
            int slash = k.indexOf('/');
            String camera = k.substring(0, slash);
            long seq = Long.parseLong(k.substring(slash + 1));
            TreeMap<Long, SegmentRef> m = live.get(camera);
            boolean entryLive = m != null && m.containsKey(seq);
            if (!entryLive && !Files.exists(dir(camera).resolve(seq + ".seg"), LinkOption.NOFOLLOW_LINKS)) {
                erased.add(k);
            }
        }
    }

    private static SegmentRef readEntry(Path root, Path f) throws IOException {
        JsonInput in = new JsonInput("index entry " + f.getFileName(), "K3-2-2");
        try {
            Obj o = in.canonicalDocument(BoundedFiles.read(root, f, MAX_ENTRY_BYTES));
            Optional<String> camera = o.text("camera");
            Optional<Long> sequence = o.longInteger("sequence", 0, CanonicalJson.MAX_SAFE_INTEGER);
            Optional<Instant> start = o.instant("start");
            Optional<Instant> end = o.instant("end");
            Optional<Long> size = o.longInteger("size", 0, CanonicalJson.MAX_SAFE_INTEGER);
            Optional<String> hash = o.text("manifest_hash");
            o.end();
            in.throwIfProblems();
            return new SegmentRef(camera.orElseThrow(), sequence.orElseThrow(), start.orElseThrow(),
                    end.orElseThrow(), size.orElseThrow(), hash.orElseThrow());
        } catch (InvalidDocumentException | IllegalArgumentException e) {
            throw new IOException(f + ": malformed index entry: " + e.getMessage(), e);
        }
    }

    private static byte[] entryBytes(SegmentRef r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("camera", r.cameraId());
        m.put("sequence", r.sequence());
        m.put("start", r.start().toString());
        m.put("end", r.end().toString());
        m.put("size", r.sizeBytes());
        m.put("manifest_hash", r.manifestHash());
        return JSON.writeValueAsBytes(m);
    }

    private Path dir(String camera) {
        return root.resolve(camera);
    }

    /** The camera's folder, created if absent; refused if it is a link or anything but a real folder. */
    private Path realDir(String camera) throws IOException {
        Path d = dir(camera);
        if (ConfinedFiles.kind(root, d).isEmpty()) {
            Files.createDirectories(d);
        }
        return ConfinedFiles.requireFolder(root, d);
    }

    private KeyVault vault(String camera) throws IOException {
        KeyVault v = vaults.get(camera);
        if (v == null) {
            requireVaultOrNoSegments(camera);
            try {
                v = KeyVault.open(dir(camera).resolve("keys.vault"), kek.orElseThrow(() ->
                        new IllegalStateException("a store erased by overwriting has no key vault")));
            } catch (CryptoException e) {
                throw new IOException(e.getMessage(), e);
            }
            vaults.put(camera, v);
        }
        return v;
    }

    /**
     * A camera whose encrypted segments are stored must have its vault: a missing one is never recreated empty,
     * since that would leave every segment unreadable without a word (invariant 6, S2).
     */
    private void requireVaultOrNoSegments(String camera) throws IOException {
        if (!Files.isDirectory(dir(camera), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Long> stored = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir(camera), "*.seg")) {
            for (Path f : ds) {
                String n = f.getFileName().toString();
                try {
                    stored.add(Long.parseLong(n.substring(0, n.length() - ".seg".length())));
                } catch (NumberFormatException e) {
                    stored.add(-1L);
                }
            }
        }
        KeyVault.requireNotLost(dir(camera).resolve("keys.vault"), camera, stored);
    }

    /** The associated data binding a ciphertext to its segment. */
    public static byte[] associatedData(String camera, long sequence) {
        return ("mimamori-segment-v1:" + camera + "/" + sequence).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Stores one recorded segment (crash-safely, see the class description) and indexes it.
     *
     * @throws IllegalArgumentException if the segment is already stored or was erased
     */
    public synchronized void record(SegmentRef ref, byte[] plaintext) throws IOException, CryptoException {
        String key = ref.cameraId() + "/" + ref.sequence();
        if (erased.contains(key) || find(ref.cameraId(), ref.sequence()).isPresent()) {
            throw new IllegalArgumentException("segment " + key + ": already stored or erased");
        }
        Path d = realDir(ref.cameraId());
        Path tmp = d.resolve(ref.sequence() + ".seg.tmp");
        ConfinedFiles.deleteIfExists(root, tmp);
        if (method == ErasureMethod.CRYPTO_ERASE) {
            KeyVault v = vault(ref.cameraId());
            if (v.contains(key)) {
                // Left by a recording a crash interrupted before its index entry: it protects nothing indexed.
                v.destroy(List.of(key));
            }
            try (SecretBytes k = v.create(key);
                 OutputStream out = cipher.newEncryptingStream(k,
                         associatedData(ref.cameraId(), ref.sequence()), Files.newOutputStream(tmp))) {
                out.write(plaintext);
            }
        } else {
            Files.write(tmp, plaintext);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        DurableFiles.moveAtomic(tmp, d.resolve(ref.sequence() + ".seg"));
        DurableFiles.replace(d.resolve(ref.sequence() + ".json"), entryBytes(ref));
        live.computeIfAbsent(ref.cameraId(), c -> new TreeMap<>()).put(ref.sequence(), ref);
    }

    /** Reads (and, under crypto-erase, decrypts and authenticates) a live segment's recorded bytes. */
    public synchronized byte[] read(SegmentRef ref) throws IOException, CryptoException {
        Path f = dir(ref.cameraId()).resolve(ref.sequence() + ".seg");
        byte[] data = BoundedFiles.read(root, f, Integer.MAX_VALUE - 1);
        if (method != ErasureMethod.CRYPTO_ERASE) {
            return data;
        }
        try (SecretBytes k = vault(ref.cameraId()).get(ref.cameraId() + "/" + ref.sequence())) {
            return cipher.decrypt(k, associatedData(ref.cameraId(), ref.sequence()), data);
        }
    }

    /** Whether the data key of a segment still exists (crypto-erase stores). */
    public synchronized boolean hasKey(String camera, long sequence) throws IOException {
        return method == ErasureMethod.CRYPTO_ERASE && vault(camera).contains(camera + "/" + sequence);
    }

    @Override
    public synchronized List<SegmentRef> list() {
        List<SegmentRef> out = new ArrayList<>();
        live.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    @Override
    public synchronized Optional<SegmentRef> find(String cameraId, long sequence) {
        TreeMap<Long, SegmentRef> m = live.get(cameraId);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(sequence));
    }

    @Override
    public ErasureMethod method() {
        return method;
    }

    @Override
    public synchronized List<Result> erase(List<SegmentRef> segments) throws IOException {
        Map<String, List<String>> keysByCamera = new LinkedHashMap<>();
        for (SegmentRef s : segments) {
            keysByCamera.computeIfAbsent(s.cameraId(), c -> new ArrayList<>()).add(s.cameraId() + "/" + s.sequence());
        }
        Map<String, String> notes = new HashMap<>();
        if (method == ErasureMethod.CRYPTO_ERASE) {
            for (Map.Entry<String, List<String>> e : keysByCamera.entrySet()) {
                vault(e.getKey()).destroy(e.getValue());
            }
        }
        List<Result> out = new ArrayList<>(segments.size());
        Set<Path> dirs = new HashSet<>();
        for (SegmentRef s : segments) {
            String key = s.cameraId() + "/" + s.sequence();
            Path d = dir(s.cameraId());
            Path data = d.resolve(s.sequence() + ".seg");
            Path entry = d.resolve(s.sequence() + ".json");
            Path tomb = d.resolve(s.sequence() + ".erased.json");
            // Never through a link: a camera folder or a file linked elsewhere is refused, nothing outside erased.
            boolean known = ConfinedFiles.isRegularFile(root, entry) || ConfinedFiles.isRegularFile(root, tomb);
            if (!known) {
                out.add(new Result(false, "no such segment in the store"));
                continue;
            }
            String note;
            switch (method) {
                case CRYPTO_ERASE -> {
                    ConfinedFiles.deleteIfExists(root, data);
                    note = "data key destroyed in the key vault (per-segment AES-256 key; NIST SP 800-88 "
                            + "cryptographic erase); wrapped key overwritten in place; ciphertext deleted";
                }
                case OVERWRITE -> {
                    note = notes.computeIfAbsent(s.cameraId(), c -> Overwriter.caveat(data));
                    Overwriter.overwriteAndDelete(root, data);
                }
                default -> {
                    ConfinedFiles.deleteIfExists(root, data);
                    note = "deleted only: the bytes remain on the medium until overwritten";
                }
            }
            if (ConfinedFiles.isRegularFile(root, entry)) {
                Files.move(entry, tomb, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            dirs.add(d);
            erased.add(key);
            TreeMap<Long, SegmentRef> m = live.get(s.cameraId());
            if (m != null) {
                m.remove(s.sequence());
            }
            out.add(new Result(true, note));
        }
        for (Path d : dirs) {
            DurableFiles.syncDirectory(d);
        }
        return out;
    }

    @Override
    public synchronized List<String> fileKeys() throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.exists(root)) {
            return out;
        }
        for (Path cam : cameras()) {
            for (Path f : files(cam)) {
                Matcher m = SEG.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.add(cam.getFileName() + "/" + Long.parseLong(m.group(1)) + (m.group(2) == null ? "" : ".tmp"));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<String> entryKeys() {
        List<String> out = new ArrayList<>(erased);
        live.forEach((c, m) -> m.keySet().forEach(s -> out.add(c + "/" + s)));
        return out;
    }

    @Override
    public synchronized List<String> erasedKeys() {
        return new ArrayList<>(erased);
    }

    /** The store's root folder. */
    public Path root() {
        return root;
    }
}
