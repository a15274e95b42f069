package jp.mimamori.integrity.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;
import jp.mimamori.integrity.bundle.internal.BundleLayout;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The timestamp entries of a bundle and its manifest's {@code timestamps} member, read strictly (K3-4, S3). */
class BundleTimestampTest {
    static byte[] hash(int b) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) b);
        return h;
    }

    static BundleManifest vectorManifest() throws Exception {
        try (ZipFile z = new ZipFile(HostileArchives.VECTOR.toFile())) {
            return BundleManifest.parse(z.getInputStream(z.getEntry("bundle.json")).readAllBytes());
        }
    }

    @Test
    @DisplayName("K3-4: a consistency proof is one canonical base64 hash a line, and reads back as written")
    void consistency_roundTrips() throws Exception {
        BundleTimestamp t = new BundleTimestamp(5, new byte[] {1}, new byte[] {2}, List.of(hash(1), hash(2)));
        byte[] text = t.encodeConsistency();
        assertEquals(line(hash(1)) + line(hash(2)), new String(text, StandardCharsets.US_ASCII));
        List<byte[]> back = BundleTimestamp.parseConsistency(text);
        assertEquals(2, back.size());
        assertArrayEquals(hash(2), back.get(1));
        assertTrue(BundleTimestamp.parseConsistency(new byte[0]).isEmpty());
        assertEquals("timestamps/00000000000000000005.checkpoint.tsr", BundleTimestamp.responseEntry(5));
    }

    @Test
    @DisplayName("K3-4: a hostile consistency entry is a BundleFormatException, never another exception")
    void hostileConsistency_refused() {
        String good = line(hash(3));
        List<String> bad = new ArrayList<>(List.of(good.strip(), good.replace("\n", "\r\n"), "\n", good + "\n",
                line(new byte[31]), good.replace("=", ""), "ü" + good, "AAAA\n"));
        bad.add(good.repeat(BundleTimestamp.MAX_HASHES + 1));
        for (String s : bad) {
            assertThrows(BundleFormatException.class,
                    () -> BundleTimestamp.parseConsistency(s.getBytes(StandardCharsets.UTF_8)), s);
        }
        assertEquals(BundleTimestamp.MAX_HASHES, hashes(good.repeat(BundleTimestamp.MAX_HASHES)));
    }

    static int hashes(String s) {
        try {
            return BundleTimestamp.parseConsistency(s.getBytes(StandardCharsets.US_ASCII)).size();
        } catch (BundleFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("K3-4/S3: bundle.json names its timestamps in an optional member, absent when there are none")
    void manifestTimestamps_optionalMember() throws Exception {
        BundleManifest m = vectorManifest();
        assertTrue(m.timestamps().isEmpty());
        assertFalse(new String(m.encode(), StandardCharsets.UTF_8).contains("timestamps"));
        long size = m.log().treeSize();
        BundleManifest stamped = m.withTimestamps(List.of(1L, size));
        assertTrue(new String(stamped.encode(), StandardCharsets.UTF_8).contains("\"timestamps\":[1," + size + "]"));
        assertEquals(stamped, BundleManifest.parse(stamped.encode()));
    }

    @Test
    @DisplayName("S3: a timestamps member that is empty, not ascending or beyond log.tree_size is refused")
    void manifestTimestamps_badValuesRefused() throws Exception {
        BundleManifest m = vectorManifest();
        long size = m.log().treeSize();
        String json = new String(m.withTimestamps(List.of(1L)).encode(), StandardCharsets.UTF_8);
        for (String bad : List.of("[]", "[1,1]", "[2,1]", "[0]", "[" + (size + 1) + "]", "[\"1\"]")) {
            byte[] b = json.replace("\"timestamps\":[1]", "\"timestamps\":" + bad).getBytes(StandardCharsets.UTF_8);
            assertThrows(BundleFormatException.class, () -> BundleManifest.parse(b), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> m.withTimestamps(List.of(size + 1)));
        assertThrows(IllegalArgumentException.class, () -> m.withTimestamps(List.of(2L, 1L)));
    }

    @Test
    @DisplayName("K3-4: the reader knows the timestamp entries and their size limits, and no other name under timestamps/")
    void layout_timestampLimits() {
        assertEquals(64 * 1024, BundleLayout.limit(BundleTimestamp.checkpointEntry(7)));
        assertEquals(BundleTimestamp.MAX_RESPONSE_BYTES, BundleLayout.limit(BundleTimestamp.responseEntry(7)));
        assertEquals(4 * 1024, BundleLayout.limit(BundleTimestamp.consistencyEntry(7)));
        for (String other : List.of("timestamps/7.checkpoint", "timestamps/00000000000000000007.tsr",
                "timestamps/00000000000000000007.checkpoint.tsr.x", "timestamps/x")) {
            assertEquals(-1, BundleLayout.limit(other), other);
        }
    }

    /** A hash as the line a consistency entry holds. */
    static String line(byte[] h) {
        return java.util.Base64.getEncoder().encodeToString(h) + "\n";
    }
}
