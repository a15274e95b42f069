package jp.mimamori.retention.erase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.erase.internal.Overwriter;
import jp.mimamori.retention.store.FileSegmentStore;
import jp.mimamori.retention.testing.Segs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverwriterTest {
    @TempDir
    Path dir;

    @Test
    void overwrite_zeroesEveryByteInPlace() throws Exception {
        Path f = dir.resolve("x.seg");
        byte[] data = new byte[(1 << 20) * 2 + 123];
        Arrays.fill(data, (byte) 0x5a);
        Files.write(f, data);
        assertEquals(data.length, Overwriter.overwrite(f));
        assertArrayEquals(new byte[data.length], Files.readAllBytes(f));
    }

    @Test
    @DisplayName("K3-2-3: an overwrite receipt says overwriting is not reliable on SSD, flash or copy-on-write")
    void overwriteStore_receiptNoteStatesTheLimits() throws Exception {
        FileSegmentStore store = FileSegmentStore.overwrite(dir.resolve("store"));
        SegmentRef s = Segs.hourly("cam-1", 0, 0, 4);
        store.record(s, new byte[] {1, 2, 3, 4});
        List<ErasableStore.Result> r = store.erase(List.of(s));
        assertTrue(r.get(0).erased());
        assertTrue(r.get(0).note().contains("not reliable on SSD, flash or copy-on-write file systems"),
                r.get(0).note());
        assertFalse(Files.exists(dir.resolve("store/cam-1/0.seg")));
        assertTrue(Files.exists(dir.resolve("store/cam-1/0.erased.json")));
        assertTrue(store.list().isEmpty());
        assertTrue(store.erase(List.of(s)).get(0).erased(), "idempotent");
    }
}
