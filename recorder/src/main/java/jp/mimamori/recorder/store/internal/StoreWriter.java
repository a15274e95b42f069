package jp.mimamori.recorder.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.internal.io.FolderLock;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyVault;

/**
 * The writing side of one store v2 in this process: the store's lock ({@code store.lock}, one writer process per
 * store) and the cameras' key vaults, each opened once and shared by everything in the process that writes the
 * store — the {@code Recorder} (which creates data keys) and the erasure of sealed segments (which destroys them),
 * so a vault file has exactly one owner. At most one {@code Recorder} per store; other users share the writer
 * with it. Thread-safe.
 */
public final class StoreWriter {
    private static final Map<Path, StoreWriter> OPEN = new HashMap<>();

    private final Path root;
    private final Path key;
    private final FolderLock lock;
    private final Optional<KeyEncryptionKey> kek;
    private final Map<String, KeyVault> vaults = new HashMap<>();
    private int users;
    private boolean recorder;

    private StoreWriter(Path root, Path key, FolderLock lock, Optional<KeyEncryptionKey> kek) {
        this.root = root;
        this.key = key;
        this.lock = lock;
        this.kek = kek;
    }

    /**
     * Takes the store for writing in this process: shares the writer another user in this process holds, or
     * takes {@code store.lock}.
     *
     * @param asRecorder whether the caller is the store's recorder (at most one per store)
     * @throws IOException              if another process writes the store, or a recorder holds it already here
     * @throws IllegalArgumentException if the store is held here under another key-encryption key
     */
    public static StoreWriter acquire(Path root, boolean asRecorder, Optional<KeyEncryptionKey> kek)
            throws IOException {
        Path k = root.toAbsolutePath().normalize();
        synchronized (OPEN) {
            StoreWriter w = OPEN.get(k);
            if (w == null) {
                FolderLock lock;
                try {
                    lock = FolderLock.acquire(root, StoreV2.LOCK, "store");
                } catch (IOException e) {
                    throw new IOException("store " + root + ": another recorder is writing it (" + StoreV2.LOCK
                            + " is held by another process); one writer process per store (K3-2-4)"
                            + " / このストアには別のレコーダーが書き込み中です: "
                            + e.getMessage(), e);
                }
                w = new StoreWriter(root, k, lock, kek);
                OPEN.put(k, w);
            } else {
                if (asRecorder && w.recorder) {
                    throw new IOException("store " + root + ": another recorder is writing it (already open in this"
                            + " process); one writer process per store (K3-2-4) / このストアには別のレコーダーが書き込み中です");
                }
                if (w.kek.isPresent() != kek.isPresent() || (kek.isPresent() && !MessageDigest.isEqual(
                        w.kek.orElseThrow().checkValue(), kek.orElseThrow().checkValue()))) {
                    throw new IllegalArgumentException("kek: the store " + root.getFileName()
                            + " is open in this process under another key-encryption key (K3-2-3)");
                }
            }
            w.users++;
            w.recorder |= asRecorder;
            return w;
        }
    }

    /** Gives the store back; the last user releases {@code store.lock}. */
    public void release(boolean asRecorder) throws IOException {
        synchronized (OPEN) {
            if (asRecorder) {
                recorder = false;
            }
            if (--users == 0) {
                OPEN.remove(key);
                lock.close();
            }
        }
    }

    /**
     * The key vault of {@code camera} ({@code <camera>/keys.vault}), opened (or created) once per process. Opening
     * it removes the files of segments whose data key an erasure destroyed and whose cleanup a crash interrupted
     * ({@link ErasedSegments}).
     *
     * @throws IOException     if the camera folder is a link, the vault cannot be read, or it is gone while the
     *                         camera still stores encrypted segments
     * @throws CryptoException if the vault was written under another key-encryption key
     */
    public synchronized KeyVault vault(String camera) throws IOException, CryptoException {
        KeyVault v = vaults.get(camera);
        if (v == null) {
            KeyEncryptionKey k = kek.orElseThrow(() -> new IllegalStateException("store: plain; it has no vaults"));
            Path dir = root.resolve(camera);
            if (Files.isSymbolicLink(dir) || (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))) {
                throw new IOException("camera " + camera + ": its folder is a symbolic link or not a folder; refused");
            }
            List<String> names = segmentNames(dir);
            // A vault gone while encrypted segments remain is an error naming them, never recreated empty.
            // (Only a missing vault needs the look into every segment folder.)
            if (!KeyVault.exists(dir.resolve(StoreV2.VAULT))) {
                KeyVault.requireNotLost(dir.resolve(StoreV2.VAULT), camera, encryptedSegments(dir, names));
            }
            v = KeyVault.open(dir.resolve(StoreV2.VAULT), k);
            // Erased segments whose files a crash kept: their keys are gone, so their files go now.
            ErasedSegments.removeLeftovers(root, dir, camera, names, new HashSet<>(v.ids()));
            vaults.put(camera, v);
        }
        return v;
    }

    /** The names of the camera's segment folders. */
    private static List<String> segmentNames(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> StoreV2.SEGMENT_DIR.matcher(n).matches())
                    .sorted().toList();
        }
    }

    /** The sequences of the camera's segments whose recorded bytes are stored encrypted. */
    private static List<Long> encryptedSegments(Path dir, List<String> names) {
        List<Long> out = new ArrayList<>();
        for (String n : names) {
            if (Files.exists(dir.resolve(n).resolve(StoreV2.MEDIA_ENCRYPTED), LinkOption.NOFOLLOW_LINKS)) {
                out.add(Long.parseLong(n));
            }
        }
        return out;
    }
}
