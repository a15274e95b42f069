package jp.mimamori.retention.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyVault;
import jp.mimamori.retention.crypto.StreamingSegmentCipher;
import jp.mimamori.retention.testing.Segs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSegmentStoreTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("K3-2-3: a recorded segment is stored only as ciphertext and is unreadable once crypto-erased")
    void cryptoErase_destroysKeyAndData() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        FileSegmentStore store = FileSegmentStore.cryptoErase(dir, kek);
        SegmentRef s = Segs.hourly("cam-1", 0, 0, 5);
        byte[] data = "frame".getBytes();
        store.record(s, data);
        byte[] onDisk = Files.readAllBytes(dir.resolve("cam-1/0.seg"));
        assertEquals(StreamingSegmentCipher.create(StreamingSegmentCipher.DEFAULT_SEGMENT_SIZE)
                .ciphertextSize(5), onDisk.length);
        assertArrayEquals(data, store.read(s));
        assertTrue(store.erase(List.of(s)).get(0).erased());
        assertFalse(store.hasKey("cam-1", 0));
        assertFalse(Files.exists(dir.resolve("cam-1/0.seg")));
        assertEquals(List.of("cam-1/0"), store.erasedKeys());
        assertTrue(FileSegmentStore.cryptoErase(dir, kek).list().isEmpty(), "erasure survives reopening");
    }

    @Test
    @DisplayName("Found by the kill test: a data key left by an interrupted recording does not block recording again")
    void keyLeftByInterruptedRecording_isReplaced() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        Files.createDirectories(dir.resolve("cam-1"));
        KeyVault.open(dir.resolve("cam-1/keys.vault"), kek).create("cam-1/7");
        FileSegmentStore store = FileSegmentStore.cryptoErase(dir, kek);
        SegmentRef s = Segs.hourly("cam-1", 7, 7, 3);
        store.record(s, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, store.read(s));
    }

    @Test
    @DisplayName("K3-2-3, G18: a camera folder linked outside the store is refused; nothing outside is erased")
    void linkedCameraFolder_isRefused_nothingOutsideErased() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path victim = Files.createDirectories(dir.resolve("elsewhere"));
        FileSegmentStore.overwrite(victim).record(Segs.hourly("cam-1", 0, 0, 5), "keep!".getBytes());
        Files.createSymbolicLink(store.resolve("cam-1"), victim.resolve("cam-1"));
        ConfinedFiles.RefusedException e = assertThrows(ConfinedFiles.RefusedException.class,
                () -> FileSegmentStore.overwrite(store));
        assertEquals(store.resolve("cam-1"), e.path());
        assertArrayEquals("keep!".getBytes(), Files.readAllBytes(victim.resolve("cam-1/0.seg")));
    }

    @Test
    @DisplayName("K3-2-3, G18: a segment file replaced by a link is refused on erasure; its target is untouched")
    void segmentReplacedByALink_isNotOverwrittenThrough() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep!");
        FileSegmentStore s = FileSegmentStore.overwrite(store);
        SegmentRef ref = Segs.hourly("cam-1", 0, 0, 5);
        s.record(ref, "frame".getBytes());
        Files.delete(store.resolve("cam-1/0.seg"));
        Files.createSymbolicLink(store.resolve("cam-1/0.seg"), victim);
        assertThrows(ConfinedFiles.RefusedException.class, () -> s.erase(List.of(ref)));
        assertEquals("keep!", Files.readString(victim));
    }
}
