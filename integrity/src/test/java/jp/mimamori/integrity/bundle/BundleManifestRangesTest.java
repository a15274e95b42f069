package jp.mimamori.integrity.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import jp.mimamori.core.internal.json.CanonicalJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code bundle.json}'s {@code ranges} (K3-4, S3): one entry a camera, 1 to 16, no camera twice. */
class BundleManifestRangesTest {
    static byte[] vectorManifest() throws Exception {
        try (ZipFile z = new ZipFile(HostileArchives.VECTOR.toFile())) {
            return z.getInputStream(z.getEntry("bundle.json")).readAllBytes();
        }
    }

    static byte[] withRanges(Object ranges) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>(CanonicalJson.parseObject(vectorManifest()));
        if (ranges == null) {
            m.remove("ranges");
        } else {
            m.put("ranges", ranges);
        }
        return CanonicalJson.encode(m);
    }

    static Map<String, Object> range(String camera) {
        return Map.of("camera", camera, "from", "2026-04-01T09:00:03.300Z", "to", "2026-04-01T09:00:06.500Z");
    }

    @Test
    @DisplayName("S3: the vector's manifest reads with one range and encodes to the same bytes")
    void vector_roundTrips() throws Exception {
        BundleManifest m = BundleManifest.parse(vectorManifest());
        assertEquals(List.of("es-gate"), m.ranges().stream().map(BundleManifest.Range::camera).toList());
        assertArrayEquals(vectorManifest(), m.encode());
        BundleManifest two = BundleManifest.parse(withRanges(List.of(range("es-gate"), range("es-entrance"))));
        assertEquals(List.of("es-gate", "es-entrance"), two.ranges().stream().map(BundleManifest.Range::camera)
                .toList());
    }

    @Test
    @DisplayName("S3: ranges missing, empty, naming a camera twice or more than 16 are a malformed manifest")
    void badRanges_malformed() throws Exception {
        List<Object> seventeen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            seventeen.add(range("c-" + i));
        }
        for (Object ranges : java.util.Arrays.asList(null, List.of(), List.of(range("es-gate"), range("es-gate")),
                seventeen)) {
            BundleFormatException e = assertThrows(BundleFormatException.class,
                    () -> BundleManifest.parse(withRanges(ranges)));
            assertTrue(e.text().en().contains("ranges"), e.text().en());
        }
    }
}
