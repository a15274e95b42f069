package jp.mimamori.recorder.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export record's {@code bundle_hash} as docs/FORMATS.md defines it (K3-4). */
class ClipFolderHashTest {
    @TempDir
    Path dir;

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("FORMATS bundle_hash: SHA-256 over 'relative/path NUL sha256 LF' of the files in path order")
    void hash_followsTheFormat() throws Exception {
        Files.createDirectories(dir.resolve("units"));
        Files.writeString(dir.resolve("manifest.json"), "{}");
        Files.writeString(dir.resolve("units/000000"), "frame");
        String expected = sha256("manifest.json\0" + sha256("{}") + "\n" + "units/000000\0" + sha256("frame") + "\n");
        assertEquals(expected, ClipFolderHash.of(dir));
    }

    @Test
    @DisplayName("K3-4: one changed byte in an exported file changes the bundle_hash")
    void changedFile_changesTheHash() throws Exception {
        Files.writeString(dir.resolve("a"), "x");
        String before = ClipFolderHash.of(dir);
        Files.writeString(dir.resolve("a"), "y");
        assertNotEquals(before, ClipFolderHash.of(dir));
    }

    @Test
    @DisplayName("K3-4, SECURITY G17: a clip file larger than the heap is hashed streamed (a child JVM with a 32 MiB"
            + " heap hashes a 128 MiB file), as in process")
    void fileLargerThanTheHeap_isHashedStreamed() throws Exception {
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(dir.resolve("clip.ts").toFile(), "rw")) {
            r.setLength(128L << 20); // sparse: no disk, 128 MiB to whoever reads it
        }
        String inProcess = ClipFolderHash.of(dir);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), ClipFolderHashChild.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(inProcess, out.strip());
    }

    @Test
    @DisplayName("K3-4: a link in a clip folder is refused, naming it, never followed")
    void linkInTheClipFolder_isRefusedNamingIt() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not part of the clip");
        Path clip = Files.createDirectories(dir.resolve("clip"));
        Files.writeString(clip.resolve("a"), "x");
        Files.createSymbolicLink(clip.resolve("b"), outside);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> ClipFolderHash.of(clip));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(clip.resolve("b") + ": "),
                e.getMessage());
    }
}
