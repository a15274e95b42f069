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
    @DisplayName("Invariant 6, S2: a lost key vault is an error naming the segments it left unreadable, never recreated")
    void lostVault_isAnErrorNamingTheUnreadableSegments() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        FileSegmentStore store = FileSegmentStore.cryptoErase(dir, kek);
        for (int i = 0; i < 3; i++) {
            store.record(Segs.hourly("cam-1", i, i, 3), new byte[] {1, 2, 3});
        }
        Files.delete(dir.resolve("cam-1/keys.vault"));
        FileSegmentStore reopened = FileSegmentStore.cryptoErase(dir, kek);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> reopened.read(Segs.hourly("cam-1", 1, 1, 3)));
        assertEquals("cam-1/keys.vault is missing while 3 encrypted segments of cam-1 are stored (sequences [0, 1,"
                + " 2]): without their data keys they are unreadable; the vault is not recreated empty — restore it"
                + " from backup (invariant 6, S2)", e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> reopened.record(Segs.hourly("cam-1", 3, 3, 3), new byte[] {4, 5, 6}));
        assertFalse(Files.exists(dir.resolve("cam-1/keys.vault")), "not recreated empty");
    }

    @Test
    @DisplayName("SECURITY G9, K3-2-2: a planted N.erased.json beside a live segment neither hides it from planning"
            + " nor excuses its data file")
    void plantedTombstone_besideALiveSegment_isIgnored() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        FileSegmentStore store = FileSegmentStore.cryptoErase(dir, kek);
        SegmentRef s = Segs.hourly("cam-1", 3, 3, 4);
        store.record(s, new byte[] {1, 2, 3, 4});
        Files.writeString(dir.resolve("cam-1/3.erased.json"), "{}");
        FileSegmentStore reopened = FileSegmentStore.cryptoErase(dir, kek);
        assertEquals(List.of(s), reopened.list(), "still live, so still planned for erasure at its ceiling");
        assertTrue(reopened.erasedKeys().isEmpty());
        // Entry removed too: the data file left is an orphan, not an erased segment.
        Files.delete(dir.resolve("cam-1/3.json"));
        FileSegmentStore again = FileSegmentStore.cryptoErase(dir, kek);
        assertTrue(again.erasedKeys().isEmpty());
        assertEquals(List.of("cam-1/3"), again.fileKeys());
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
