package jp.mimamori.recorder.store.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.SegmentManifest;

/**
 * What the crypto-erasure of sealed segments leaves behind for a while (docs/FORMATS.md, "Erasing sealed segments
 * and disclosing clips"). In an encrypted store v2 a segment is erased when its data key is destroyed in the
 * camera's vault (NIST SP 800-88 cryptographic erase); its files, by then ciphertext no one can open, are removed
 * afterwards as cleanup. Until they are, its folder is an <em>erased leftover</em>: the vault holds no key of its
 * name, and its manifest names this camera and this sequence — or it holds none of a segment's files any more (the
 * cleanup's last step, the folder itself, was cut short). Retention does not list a leftover, the verifier and
 * readers treat it as absent (a gap: {@code SEGMENT_ERASED} given the anchored receipt, {@code SEGMENT_MISSING}
 * without one), and the writer removes leftovers when it first opens the camera's vault, so a crash between the
 * key's destruction and the files' removal is cleaned up at the next open. Stateless and thread-safe.
 */
public final class ErasedSegments {
    private static final System.Logger LOG = System.getLogger(ErasedSegments.class.getName());

    /** A segment folder's files in the order the cleanup removes them: the ciphertext first, the manifest last. */
    public static final List<String> FILES = List.of(StoreV2.MEDIA_ENCRYPTED, StoreV2.MEDIA_ENCRYPTED + ".crashed",
            StoreV2.UNITS, StoreV2.SIGNATURE, StoreV2.MANIFEST);

    private ErasedSegments() {}

    /** Whether {@code manifest} parses and names segment {@code sequence} of {@code camera}. */
    public static boolean names(byte[] manifest, String camera, long sequence) {
        try {
            SegmentManifest m = SegmentManifest.parse(manifest);
            return m.camera().equals(camera) && m.sequence() == sequence;
        } catch (ManifestFormatException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether the segment folder {@code seg} of {@code camera}, named for {@code sequence} and without a data key in
     * the vault (the caller checked), is an erasure's leftover.
     */
    public static boolean isLeftover(ConfinedFiles.Folder seg, String camera, long sequence) throws IOException {
        Optional<byte[]> manifest;
        try {
            manifest = BoundedFiles.readIfExists(seg, StoreV2.MANIFEST, SegmentManifest.MAX_BYTES);
        } catch (IOException e) {
            return false; // a link, a special or oversized file: not what an erasure leaves; the verifier reports it
        }
        if (manifest.isPresent()) {
            return names(manifest.get(), camera, sequence);
        }
        for (String f : FILES) {
            if (seg.exists(f)) {
                return false; // a segment being written, or one a crash left open: the recorder's tail handling
            }
        }
        return true;
    }

    /**
     * Removes the files of erased segments {@code names} of the camera folder {@code cameraDir} (a child of
     * {@code root}), the manifest last, then their folders, and forces the camera folder once. Idempotent: what is
     * gone already is skipped. A folder holding other files (planted, or a temporary file of a write a crash cut
     * short) keeps them and is kept, with a warning.
     *
     * @return how many segment folders were removed
     */
    public static int remove(Path root, Path cameraDir, Collection<String> names) throws IOException {
        int removed = 0;
        try (ConfinedFiles.Folder cam = ConfinedFiles.openFolderIfExists(root, cameraDir)) {
            if (cam == null) {
                return 0;
            }
            for (String name : names) {
                try (ConfinedFiles.Folder seg = cam.folderIfExists(name)) {
                    if (seg == null) {
                        continue;
                    }
                    for (String f : FILES) {
                        seg.delete(f);
                    }
                }
                try {
                    cam.deleteFolder(name);
                    removed++;
                } catch (FileSystemException e) {
                    LOG.log(System.Logger.Level.WARNING, "{0}/{1}: a crypto-erased segment''s folder holds other"
                            + " files and is kept ({2})", cameraDir.getFileName(), name, e.getMessage());
                }
            }
        }
        if (removed > 0) {
            DurableFiles.syncDirectory(cameraDir);
        }
        return removed;
    }

    /**
     * Removes every erased leftover of one camera: called by the store's writer when it first opens the camera's
     * vault, so files an interrupted cleanup left (a crash after the key's destruction) do not outlive the next
     * open.
     *
     * @param names the camera's segment folder names
     * @param keys  the ids of the camera's live data keys
     * @return how many segment folders were removed
     */
    public static int removeLeftovers(Path root, Path cameraDir, String camera, Collection<String> names,
                                      Set<String> keys) throws IOException {
        List<String> gone = new ArrayList<>();
        try (ConfinedFiles.Folder cam = ConfinedFiles.openFolderIfExists(root, cameraDir)) {
            if (cam == null) {
                return 0;
            }
            for (String name : names) {
                if (keys.contains(name) || !StoreV2.SEGMENT_DIR.matcher(name).matches()) {
                    continue;
                }
                try (ConfinedFiles.Folder seg = cam.folderIfExists(name)) {
                    if (seg != null && isLeftover(seg, camera, Long.parseLong(name))) {
                        gone.add(name);
                    }
                } catch (IOException e) {
                    // A link, a special or oversized file where a segment's should be: not ours to remove (the
                    // verifier reports it), and no reason to keep the camera from recording.
                }
            }
        }
        if (gone.isEmpty()) {
            return 0;
        }
        int n = remove(root, cameraDir, gone);
        LOG.log(System.Logger.Level.INFO, "camera {0}: removed the files of {1} crypto-erased segment(s) whose"
                + " cleanup was interrupted", camera, n);
        return n;
    }
}
