package jp.mimamori.recorder.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.verify.RecordingSource;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyVault;

/**
 * A store v2 folder read for the verifier (plain or encrypted): only reads, never takes the writer's lock,
 * never follows a symbolic link (a linked camera or segment folder, or a linked file, is reported as unreadable)
 * and never opens anything but a regular file (a FIFO would block). Not thread-safe: one verification, one
 * thread.
 */
public final class StoreV2Source implements RecordingSource {
    private final Path root;
    private final StoreV2 marker;
    private final Optional<KeyEncryptionKey> kek;

    /** The store at {@code root} with its marker; {@code kek} opens encrypted segments. */
    public StoreV2Source(Path root, StoreV2 marker, Optional<KeyEncryptionKey> kek) {
        this.root = root;
        this.marker = marker;
        this.kek = kek;
    }

    @Override
    public String name() {
        return root.getFileName() == null ? "" : root.getFileName().toString();
    }

    @Override
    public List<Camera> cameras() throws IOException {
        List<Camera> out = new ArrayList<>();
        for (Path p : list(root)) {
            String n = p.getFileName().toString();
            if (IdSyntax.isId(n) && (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    || Files.isSymbolicLink(p))) {
                out.add(new CameraDir(p, n));
            }
        }
        return out;
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    static IOException notFollowed(Path p) {
        return new IOException(p.getFileName() + " is a symbolic link or not a regular file; not followed");
    }

    /** A file of the store, at most {@code max} bytes, reached without following a link, never a FIFO or device. */
    byte[] read(Path p, int max) throws IOException {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(p.getFileName() + " is missing");
            }
            throw notFollowed(p);
        }
        return BoundedFiles.read(root, p, max);
    }

    private final class CameraDir implements Camera {
        private final Path dir;
        private final String camera;
        private KeyVault vault;
        private String vaultProblem;

        CameraDir(Path dir, String camera) {
            this.dir = dir;
            this.camera = camera;
        }

        @Override
        public String camera() {
            return camera;
        }

        @Override
        public List<Segment> segments() throws IOException {
            if (Files.isSymbolicLink(dir)) {
                throw notFollowed(dir);
            }
            List<Segment> out = new ArrayList<>();
            for (Path p : list(dir)) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
                    Long seq = StoreV2.SEGMENT_DIR.matcher(n).matches() ? Long.valueOf(n) : null;
                    if (seq != null && erasedLeftover(p, n, seq)) {
                        continue; // crypto-erased, its files awaiting cleanup: the gap the receipt explains
                    }
                    out.add(new SegmentDir(this, p, camera + "/" + n, seq));
                }
            }
            return out;
        }

        @Override
        public Optional<byte[]> chainState(int max) {
            try {
                return Optional.of(read(dir.resolve(StoreV2.CHAIN), max));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /**
         * Whether the segment folder {@code p} is a crypto-erased segment whose files the cleanup has not removed
         * yet ({@link ErasedSegments}): its data key is not in the camera's (readable) vault and its manifest names
         * this camera and this sequence, or none of a segment's files is left in it. Such a segment is erased, not
         * stored: leaving it out lets the verifier judge the gap by its receipt. A copy of a segment moved to
         * another folder names another sequence and stays in (replayed).
         */
        private boolean erasedLeftover(Path p, String name, long seq) {
            if (!marker.encrypted() || Files.isSymbolicLink(p) || vault().isEmpty() || vault.contains(name)) {
                return false;
            }
            try (ConfinedFiles.Folder cam = ConfinedFiles.openFolderIfExists(root, dir);
                 ConfinedFiles.Folder seg = cam == null ? null : cam.folderIfExists(name)) {
                return seg != null && ErasedSegments.isLeftover(seg, camera, seq);
            } catch (IOException e) {
                return false;
            }
        }

        /** The vault, opened read-only once; empty with {@link #vaultProblem} set when it cannot be. */
        Optional<KeyVault> vault() {
            if (vault == null && vaultProblem == null) {
                if (kek.isEmpty()) {
                    vaultProblem = "no key-encryption key was given, so encrypted segments cannot be read";
                } else {
                    try {
                        vault = KeyVault.openReadOnly(dir.resolve(StoreV2.VAULT), kek.get());
                    } catch (IOException | CryptoException e) {
                        vaultProblem = "the key vault cannot be read: " + e.getMessage();
                    }
                }
            }
            return Optional.ofNullable(vault);
        }
    }

    private final class SegmentDir implements Segment {
        private final CameraDir cam;
        private final Path dir;
        private final String entry;
        private final Long folderSeq;
        private UnitIndexFile index;

        SegmentDir(CameraDir cam, Path dir, String entry, Long folderSeq) {
            this.cam = cam;
            this.dir = dir;
            this.entry = entry;
            this.folderSeq = folderSeq;
        }

        @Override
        public String entry() {
            return entry;
        }

        @Override
        public Optional<Long> folderSequence() {
            return Optional.ofNullable(folderSeq);
        }

        @Override
        public boolean hasManifest() {
            return Files.isSymbolicLink(dir) || Files.exists(dir.resolve(StoreV2.MANIFEST), LinkOption.NOFOLLOW_LINKS);
        }

        private Path file(String name) throws IOException {
            if (Files.isSymbolicLink(dir)) {
                throw notFollowed(dir);
            }
            return dir.resolve(name);
        }

        @Override
        public byte[] manifest(int max) throws IOException {
            return read(file(StoreV2.MANIFEST), max);
        }

        @Override
        public byte[] signature(int max) throws IOException {
            return read(file(StoreV2.SIGNATURE), max);
        }

        @Override
        public UnitIndex unitIndex() throws IOException, ManifestFormatException {
            index = UnitIndexFile.parse(read(file(StoreV2.UNITS), UnitIndexFile.maxBytes()));
            return index.index();
        }

        @Override
        public Units units(UnitIndex idx) {
            long[] offsets = index != null && index.index() == idx ? index.offsets() : new long[0];
            Path media;
            try {
                media = file(marker.media());
            } catch (IOException e) {
                return unreadable(e.getMessage());
            }
            if (!Files.isRegularFile(media, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.exists(media, LinkOption.NOFOLLOW_LINKS)) {
                    return new Units.Contiguous(Empty.INSTANCE, offsets); // every unit missing
                }
                return unreadable(media.getFileName() + " is a symbolic link or not a regular file; not followed");
            }
            FileChannel ch = null;
            try {
                ch = ConfinedFiles.open(root, media); // never through a link, never a FIFO
                if (!marker.encrypted()) {
                    return new Units.Contiguous(new PlainBytes(ch), offsets);
                }
                Optional<KeyVault> v = cam.vault();
                if (v.isEmpty()) {
                    ch.close();
                    return unreadable(cam.vaultProblem);
                }
                SecretBytes key;
                try {
                    key = v.get().get(StoreV2.segmentName(idx.sequence()));
                } catch (CryptoException e) {
                    ch.close();
                    return unreadable("the data key of segment " + idx.sequence() + " cannot be read from the key"
                            + " vault (destroyed, or a damaged vault entry): " + e.getMessage());
                }
                return new Units.Contiguous(new EncryptedBytes(ch, key,
                        StoreV2.associatedData(idx.camera(), idx.sequence()), marker.segmentSize()), offsets);
            } catch (IOException e) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // reported below
                    }
                }
                return unreadable(e.getMessage());
            }
        }
    }

    private static Units unreadable(String why) {
        return new Units.Unreadable(LocalizedText.of("記録データを読めません (" + why + ")", why));
    }

    /** Plain media bytes. */
    static final class PlainBytes implements Bytes {
        private final FileChannel ch;

        PlainBytes(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            return ch.read(dst, position);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** No bytes at all (a missing media file). */
    enum Empty implements Bytes {
        INSTANCE;

        @Override
        public long size() {
            return 0;
        }

        @Override
        public int read(long position, ByteBuffer dst) {
            return -1;
        }

        @Override
        public void close() {
            // nothing to close
        }
    }
}
