package jp.mimamori.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files from outside are read with bounded memory: regular files only, the size checked before reading (DESIGN:
 * errors and bad input; K4-1 for rules, and every other file the CLI reads).
 */
class BoundedFilesTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a regular file within the limit is read whole")
    void regularFile_withinLimit_isRead() throws Exception {
        Path f = Files.write(dir.resolve("a.json"), "{}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), BoundedFiles.read(f, 2));
        assertEquals("{}", BoundedFiles.readUtf8(f, 2));
    }

    @Test
    @DisplayName("a 3 GB sparse file is refused by its size before a byte is read, naming file and limit")
    void sparseHugeFile_isRefusedBySize() throws Exception {
        Path f = dir.resolve("big.json");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(3L << 30);
        }
        BoundedFiles.TooLargeException e = assertThrows(BoundedFiles.TooLargeException.class,
                () -> BoundedFiles.read(f, 1024));
        assertEquals(3L << 30, e.size());
        assertEquals(1024, e.limit());
        assertTrue(e.getMessage().startsWith(f + ": 3221225472 bytes, more than the limit of 1024 bytes"),
                e.getMessage());
    }

    @Test
    @DisplayName("one byte over the limit is refused")
    void oneByteOver_isRefused() throws Exception {
        Path f = Files.write(dir.resolve("a"), new byte[3]);
        assertThrows(BoundedFiles.TooLargeException.class, () -> BoundedFiles.read(f, 2));
    }

    @Test
    @DisplayName("/dev/zero (a device that never ends) is refused before it is opened")
    void devZero_isRefused() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero on this platform");
        IOException e = assertThrows(ConfinedFiles.RefusedException.class, () -> BoundedFiles.read(zero, 16));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("a FIFO with no writer is refused at once instead of blocking")
    void fifo_isRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            return;
        }
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        assertThrows(ConfinedFiles.RefusedException.class, () -> BoundedFiles.read(fifo, 16));
    }

    @Test
    @DisplayName("a folder is refused; a missing file is the JDK's NoSuchFileException")
    void folderAndMissing_areRefused() {
        assertThrows(ConfinedFiles.RefusedException.class, () -> BoundedFiles.read(dir, 16));
        assertThrows(NoSuchFileException.class, () -> BoundedFiles.read(dir.resolve("none"), 16));
    }

    @Test
    @DisplayName("bytes that are not UTF-8 are refused as text")
    void notUtf8_isRefusedAsText() throws Exception {
        Path f = Files.write(dir.resolve("k.pem"), new byte[] {(byte) 0xff, (byte) 0xfe});
        assertThrows(IOException.class, () -> BoundedFiles.readUtf8(f, 16));
    }
}
