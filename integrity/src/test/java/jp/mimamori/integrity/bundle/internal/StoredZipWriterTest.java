package jp.mimamori.integrity.bundle.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The bundle archive writer (invariant 7, K3-2-1): whichever way an entry's bytes arrive — in memory, streamed and
 * read ahead on a helper thread, or copied file to file by the kernel with the CRC-32 read beside it — the archive is
 * byte for byte the same, and the copy written beside it (the encrypted bundle's plaintext) is exactly the archive.
 */
class StoredZipWriterTest {
    @TempDir
    Path dir;

    /** One entry: its size, how it is added (0 bytes, 1 stream, 2 file region) and the seed of its bytes. */
    record Spec(int size, int how, long seed) {}

    static byte[] bytes(Spec s) {
        byte[] b = new byte[s.size()];
        SplittableRandom r = new SplittableRandom(s.seed());
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    static Gen<Spec> spec() {
        // sizes around the helper threads' 1 MiB chunks, and tiny ones
        Gen<Integer> size = SourceDSL.integers().between(0, 3).flatMap(k -> switch (k) {
            case 0 -> SourceDSL.integers().between(0, 300);
            case 1 -> SourceDSL.integers().between(StoredZipWriter.CHUNK - 2, StoredZipWriter.CHUNK + 2);
            default -> SourceDSL.integers().between(0, 3 * StoredZipWriter.CHUNK + 5);
        });
        return size.zip(SourceDSL.integers().between(0, 2), SourceDSL.longs().all(), Spec::new);
    }

    byte[] write(List<Spec> specs, boolean plainAdds, ByteArrayOutputStream copy) throws IOException {
        Path out = Files.createTempFile(dir, "a", ".zip");
        try (StoredZipWriter z = new StoredZipWriter(out, copy)) {
            for (int i = 0; i < specs.size(); i++) {
                Spec s = specs.get(i);
                String name = "media/e" + i + ".bin";
                byte[] b = bytes(s);
                if (plainAdds || s.how() == 0) {
                    z.add(name, b);
                } else if (s.how() == 1) {
                    z.add(name, b.length, new ByteArrayInputStream(b), StoredZipWriter.ANY);
                } else {
                    Path src = Files.createTempFile(dir, "src", ".bin");
                    Files.write(src, concat(new byte[7], b)); // the region starts inside the file
                    z.add(name, b.length, src, 7, StoredZipWriter.ANY);
                }
            }
        }
        byte[] archive = Files.readAllBytes(out);
        Files.delete(out);
        return archive;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    @DisplayName("invariant 7, K3-2-1: streamed, read-ahead and file-to-file entries give the same archive, and the copy is that archive")
    void anyWayOfAdding_sameArchive_andTheCopyIsTheArchive() {
        Props.theory(25).forAll(SourceDSL.lists().of(spec()).ofSizeBetween(0, 4)).checkAssert(specs -> {
            try {
                byte[] expected = write(specs, true, null);
                ByteArrayOutputStream copy = new ByteArrayOutputStream();
                byte[] archive = write(specs, false, copy);
                assertArrayEquals(expected, archive);
                assertArrayEquals(expected, copy.toByteArray());
                // and the JDK's ZIP reader checks every CRC-32 and size
                int n = 0;
                try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(archive))) {
                    for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                        assertArrayEquals(bytes(specs.get(n)), zin.readAllBytes(), e.getName());
                        n++;
                    }
                }
                assertEquals(specs.size(), n);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Refuses the bytes once it has seen {@code after} of them. */
    static StoredZipWriter.Inspector refuseAfter(long after) {
        return new StoredZipWriter.Inspector() {
            long seen;

            @Override
            public void update(byte[] b, int off, int len) throws IOException {
                seen += len;
                if (seen > after) {
                    throw new IOException("refused at " + seen);
                }
            }

            @Override
            public void finish() {
                // accepted
            }
        };
    }

    @Test
    @DisplayName("K3-2-4: an inspector that refuses a clip's bytes fails the entry, streamed or copied file to file, and the copy stops")
    void refusedBytes_failTheEntry() throws Exception {
        byte[] b = bytes(new Spec(3 * StoredZipWriter.CHUNK, 0, 7));
        Path src = Files.createTempFile(dir, "src", ".bin");
        Files.write(src, b);
        for (int how = 1; how <= 2; how++) {
            Path out = dir.resolve("refused-" + how + ".zip");
            StoredZipWriter z = new StoredZipWriter(out, new ByteArrayOutputStream());
            z.add("bundle.json", "{}".getBytes());
            int h = how;
            IOException e = assertThrows(IOException.class, () -> {
                if (h == 1) {
                    z.add("media/x.bin", b.length, new ByteArrayInputStream(b), refuseAfter(StoredZipWriter.CHUNK));
                } else {
                    z.add("media/x.bin", b.length, src, 0, refuseAfter(StoredZipWriter.CHUNK));
                }
            });
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
            z.abandon();
        }
    }

    @Test
    @DisplayName("invariant 7: a stream that ends before the length given fails the entry, and so does a file shorter than the region")
    void shortSources_failTheEntry() throws Exception {
        Path out = dir.resolve("short.zip");
        StoredZipWriter z = new StoredZipWriter(out);
        InputStream shortStream = new ByteArrayInputStream(new byte[10]);
        assertTrue(assertThrows(IOException.class, () -> z.add("media/a.bin", 11, shortStream, StoredZipWriter.ANY))
                .getMessage().contains("1 bytes early"));
        Path src = Files.createTempFile(dir, "src", ".bin");
        Files.write(src, new byte[10]);
        assertThrows(IOException.class, () -> z.add("media/b.bin", 10, src, 1, StoredZipWriter.ANY));
        z.abandon();
        List<String> left = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(p -> left.add(p.getFileName().toString()));
        }
        assertTrue(left.contains("short.zip"), left.toString()); // the caller deletes what it abandons
    }
}
