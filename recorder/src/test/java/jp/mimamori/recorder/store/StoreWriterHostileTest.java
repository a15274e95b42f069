package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY G17, G18, K3-2-4: the recorder continuing a chain reads the camera's {@code chain.json} and newest
 * {@code manifest.json} with a limit, never through a link and never from a FIFO — a huge file planted there is
 * refused by its size without being read (no {@code OutOfMemoryError}), a FIFO is refused without blocking.
 */
class StoreWriterHostileTest {
    @TempDir
    Path tmp;

    private Path storeWithOneSegment() throws Exception {
        Path store = tmp.resolve("store");
        try (Recorder r = Recorder.open(store, StoreV2Test.options(true)); CameraRecorder cam = r.camera("cam-01")) {
            StoreV2Test.live(cam, StoreV2Test.random(1, 5_000), 1);
        }
        return store;
    }

    private static void sparse(Path file, long size) throws IOException {
        Files.deleteIfExists(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    @Test
    @DisplayName("G17: a 3 GB sparse chain.json is refused by its size, naming the file; nothing is read whole")
    void hugeChainState_isRefusedBySize() throws Exception {
        Path store = storeWithOneSegment();
        sparse(store.resolve("cam-01/chain.json"), 3L << 30);
        try (Recorder r = Recorder.open(store, StoreV2Test.options(true))) {
            IOException e = assertThrows(IOException.class, () -> r.camera("cam-01"));
            assertTrue(e.getMessage().contains("chain.json") && e.getMessage().contains("limit"), e.getMessage());
        }
    }

    @Test
    @DisplayName("G18: a FIFO named chain.json is refused without blocking")
    void fifoChainState_isRefusedWithoutBlocking() throws Exception {
        Path store = storeWithOneSegment();
        Path state = store.resolve("cam-01/chain.json");
        Files.delete(state);
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", state.toString()).start().waitFor() == 0;
        } catch (IOException noMkfifo) {
            made = false;
        }
        assumeTrue(made, "mkfifo is not available here");
        try (Recorder r = Recorder.open(store, StoreV2Test.options(true))) {
            // A guard against the old behaviour (blocking for ever), not a timing assertion.
            IOException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(IOException.class, () -> r.camera("cam-01")));
            assertTrue(e.getMessage().contains("chain.json"), e.getMessage());
        }
    }

    @Test
    @DisplayName("G17: a 3 GB sparse newest manifest is not read whole; the chain continues from its state")
    void hugeNewestManifest_isSkippedNotReadWhole() throws Exception {
        Path store = storeWithOneSegment();
        sparse(store.resolve("cam-01/000000000000/manifest.json"), 3L << 30);
        try (Recorder r = Recorder.open(store, StoreV2Test.options(true)); CameraRecorder cam = r.camera("cam-01")) {
            assertEquals(1L, StoreV2Test.live(cam, StoreV2Test.random(2, 5_000), 2).manifest().sequence());
        }
    }
}
