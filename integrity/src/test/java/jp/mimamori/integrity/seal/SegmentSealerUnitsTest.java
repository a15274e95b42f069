package jp.mimamori.integrity.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.testutil.Recordings;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * K3-2-4: sealing several units at once ({@link SegmentSealer#units}, hashed on several cores) seals exactly what
 * sealing them one by one does: the same Merkle root, unit index and time range, whatever the unit sizes, the
 * buffers (heap, direct, slices) and how the units are cut into batches.
 */
class SegmentSealerUnitsTest {
    @Test
    @DisplayName("K3-2-4: units sealed in batches on several cores give the manifest of units sealed one by one")
    void unitsInBatches_sealWhatUnitsOneByOneSeal() {
        Props.theory().forAll(longs().between(0, Long.MAX_VALUE), integers().between(1, 40),
                integers().between(1, 300_000)).checkAssert((seed, count, maxLen) -> {
                    Random r = new Random(seed);
                    List<byte[]> units = new ArrayList<>();
                    long[] times = new long[count];
                    for (int i = 0; i < count; i++) {
                        byte[] u = new byte[1 + r.nextInt(maxLen)];
                        r.nextBytes(u);
                        units.add(u);
                        times[i] = 1_700_000_000_000_000L + r.nextInt(10_000_000);
                    }
                    SignedManifest oneByOne = seal(s -> {
                        for (int i = 0; i < count; i++) {
                            s.unit(units.get(i), 0, units.get(i).length, times[i]);
                        }
                    });
                    SignedManifest batched = seal(s -> {
                        int i = 0;
                        while (i < count) {
                            int n = 1 + r.nextInt(count - i);
                            List<ByteBuffer> batch = new ArrayList<>();
                            long[] t = new long[n];
                            for (int k = 0; k < n; k++) {
                                batch.add(buffer(units.get(i + k), r.nextInt(3)));
                                t[k] = times[i + k];
                            }
                            s.units(batch, t);
                            for (ByteBuffer b : batch) {
                                assertEquals(0, b.remaining(), "every unit's bytes are consumed");
                            }
                            i += n;
                        }
                    });
                    assertArrayEquals(oneByOne.manifest().merkleRoot(), batched.manifest().merkleRoot());
                    assertEquals(oneByOne.manifest().unitCount(), batched.manifest().unitCount());
                    assertEquals(oneByOne.manifest().startUs(), batched.manifest().startUs());
                    assertEquals(oneByOne.manifest().endUs(), batched.manifest().endUs());
                });
    }

    @Test
    void fewerCaptureTimesThanUnits_isMisuse() throws Exception {
        Path dir = Files.createTempDirectory("sealer-units");
        SegmentSealer s = CameraChain.open("cam-01", Recordings.key(), dir.resolve("chain.json"), ManifestSink.none(),
                java.util.Optional.empty()).begin(SegmentManifest.KIND_CHUNK);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.units(List.of(ByteBuffer.allocate(1), ByteBuffer.allocate(1)), new long[1]));
        assertEquals("captureUs: 1 capture times for 2 units", e.getMessage());
    }

    /** The unit as a heap buffer, a direct buffer, or a slice in the middle of a larger buffer. */
    private static ByteBuffer buffer(byte[] u, int kind) {
        switch (kind) {
            case 0:
                return ByteBuffer.wrap(u);
            case 1:
                return ByteBuffer.allocateDirect(u.length).put(u).flip();
            default:
                ByteBuffer big = ByteBuffer.allocate(u.length + 20);
                big.position(10);
                big.put(u);
                big.position(10).limit(10 + u.length);
                return big;
        }
    }

    private interface Feed {
        void into(SegmentSealer s);
    }

    private static SignedManifest seal(Feed feed) {
        try {
            Path dir = Files.createTempDirectory("sealer-units");
            try {
                SegmentSealer s = CameraChain.open("cam-01", Recordings.key(), dir.resolve("chain.json"),
                        ManifestSink.none(), java.util.Optional.empty()).begin(SegmentManifest.KIND_CHUNK);
                feed.into(s);
                return s.close();
            } finally {
                try (var files = Files.walk(dir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
    }
}
