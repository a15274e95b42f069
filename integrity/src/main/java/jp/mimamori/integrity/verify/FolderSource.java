package jp.mimamori.integrity.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.store.internal.StoreLayout;

/** The folder layout of {@link StoreLayout} (one file per unit) read as a {@link RecordingSource}. */
final class FolderSource implements RecordingSource {
    private final Path root;
    private final List<Path> cameras;

    FolderSource(Path root, List<Path> cameras) {
        this.root = root;
        this.cameras = List.copyOf(cameras);
    }

    @Override
    public String name() {
        return root.getFileName() == null ? "" : root.getFileName().toString();
    }

    @Override
    public List<RecordingSource.Camera> cameras() {
        List<RecordingSource.Camera> out = new ArrayList<>();
        for (Path c : cameras) {
            out.add(camera(c, c.getFileName().toString()));
        }
        return out;
    }

    static RecordingSource.Camera camera(Path camDir, String camera) {
        return new RecordingSource.Camera() {
            @Override
            public String camera() {
                return camera;
            }

            @Override
            public List<RecordingSource.Segment> segments() throws IOException {
                List<Path> dirs;
                try (Stream<Path> s = Files.list(camDir)) {
                    dirs = s.filter(Files::isDirectory).sorted().toList();
                }
                List<RecordingSource.Segment> out = new ArrayList<>();
                for (Path d : dirs) {
                    String n = d.getFileName().toString();
                    Long folderSeq = StoreLayout.SEGMENT_DIR.matcher(n).matches() ? Long.valueOf(n) : null;
                    out.add(segment(d, camera + "/" + n, folderSeq));
                }
                return out;
            }

            @Override
            public Optional<byte[]> chainState(int max) {
                Path stateFile = camDir.resolve(StoreLayout.CHAIN);
                if (!Files.isRegularFile(stateFile)) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(SegmentCheck.readLimited(stateFile, max));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        };
    }

    static RecordingSource.Segment segment(Path dir, String entry, Long folderSeq) {
        return new RecordingSource.Segment() {
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
                return Files.isRegularFile(dir.resolve(StoreLayout.MANIFEST));
            }

            @Override
            public byte[] manifest(int max) throws IOException {
                return SegmentCheck.readLimited(dir.resolve(StoreLayout.MANIFEST), max);
            }

            @Override
            public byte[] signature(int max) throws IOException {
                return SegmentCheck.readLimited(dir.resolve(StoreLayout.SIGNATURE), max);
            }

            @Override
            public UnitIndex unitIndex() throws IOException, ManifestFormatException {
                return UnitIndex.parse(SegmentCheck.readLimited(dir.resolve(StoreLayout.UNITS_INDEX), 256 << 20));
            }

            @Override
            public RecordingSource.Units units(UnitIndex index) {
                List<Path> files;
                Path unitDir = dir.resolve(StoreLayout.UNITS);
                if (Files.isDirectory(unitDir)) {
                    try (Stream<Path> s = Files.list(unitDir)) {
                        files = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                                .limit(SegmentCheck.MAX_UNIT_FILES + 1L).toList();
                    } catch (IOException e) {
                        files = List.of();
                    }
                } else {
                    files = List.of();
                }
                byte[] buffer = new byte[1 << 16];
                List<byte[]> hashes = new ArrayList<>(files.size());
                java.security.MessageDigest md = SegmentCheck.digest();
                for (Path f : files) {
                    hashes.add(SegmentCheck.hashFile(f, md, buffer));
                }
                return new RecordingSource.Units.Hashes(hashes);
            }
        };
    }
}
