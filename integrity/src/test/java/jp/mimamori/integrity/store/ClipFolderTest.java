package jp.mimamori.integrity.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.integrity.testutil.FolderStore;
import jp.mimamori.integrity.testutil.Ffmpeg;
import jp.mimamori.integrity.testutil.Recordings;
import jp.mimamori.integrity.verify.RecordingVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** K3-2-4: sealing recorded files into the store, and partial clips that verify on their own. */
class ClipFolderTest {
    private static final RecordingVerifier VERIFIER = new RecordingVerifier();

    static byte[] concatUnits(Path seg) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Stream<Path> s = Files.list(seg.resolve(StoreLayout.UNITS))) {
            for (Path p : s.sorted().toList()) {
                out.write(Files.readAllBytes(p));
            }
        }
        return out.toByteArray();
    }

    @Test
    @DisplayName("K3-2-4: the committed H.264 fixture seals as 8 frames with PTS capture times; units rebuild the file")
    void tsFixture_sealsAsFrames(@TempDir Path dir) throws Exception {
        Path ts = dir.resolve("in.ts");
        try (InputStream in = getClass().getResourceAsStream("/jp/mimamori/integrity/media/h264-32x32-8frames.ts")) {
            Files.write(ts, in.readAllBytes());
        }
        FolderStore store = FolderStore.at(dir.resolve("store"));
        CameraChain chain = store.openChain("cam-01", Recordings.key());
        SignedManifest m = store.sealFile(chain, ts, Instant.parse("2026-04-01T09:00:00Z"));
        assertEquals(SegmentManifest.KIND_TS, m.manifest().unitKind());
        assertEquals(8, m.manifest().unitCount());
        assertEquals(Instant.parse("2026-04-01T09:00:00Z"), m.manifest().start());
        assertEquals(Instant.parse("2026-04-01T09:00:00.700Z"), m.manifest().end());
        Path seg = StoreLayout.segment(store.root(), "cam-01", 0);
        assertArrayEquals(Files.readAllBytes(ts), concatUnits(seg));
        UnitIndex idx = UnitIndex.parse(Files.readAllBytes(seg.resolve(StoreLayout.UNITS_INDEX)));
        assertEquals(1_775_034_000_100_000L, idx.units().get(1).captureUs());
        VerificationReport r = VERIFIER.verify(store.root(), VerifyContext.of(Recordings.trust()));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(List.of(), r.findings());
    }

    @Test
    @DisplayName("K3-2-4: real H.264 segments from ffmpeg's segment muxer seal, verify, and clip at frame boundaries")
    void ffmpegRecording_sealsVerifiesAndClips(@TempDir Path dir) throws Exception {
        List<Path> files = Ffmpeg.recordSegments(dir.resolve("rec"), 6, 2);
        FolderStore store = FolderStore.at(dir.resolve("store"));
        CameraChain chain = store.openChain("cam-07", Recordings.key());
        Instant t = Instant.parse("2026-04-01T09:00:00Z");
        for (Path f : files) {
            SignedManifest m = store.sealFile(chain, f, t);
            assertEquals(SegmentManifest.KIND_TS, m.manifest().unitKind());
            assertEquals(Ffmpeg.frameCount(f), m.manifest().unitCount());
            assertArrayEquals(Files.readAllBytes(f), concatUnits(StoreLayout.segment(store.root(), "cam-07",
                    m.manifest().sequence())));
            t = m.manifest().end().plusMillis(40);
        }
        VerificationReport r = VERIFIER.verify(store.root(), VerifyContext.of(Recordings.trust()));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        // A clip of frames 10..30 of segment 1, and one with the dangling end of segment 0.
        Path clip = store.exportClip("cam-07", 1, 10, 30, dir.resolve("clip"));
        assertTrue(VERIFIER.verify(clip, VerifyContext.of(Recordings.trust())).isValid());
        int last = Ffmpeg.frameCount(files.get(0)) - 1;
        Path tail = store.exportClip("cam-07", 0, last - 3, last, dir.resolve("tail"));
        assertTrue(VERIFIER.verify(tail, VerifyContext.of(Recordings.trust())).isValid());
        assertTrue(VERIFIER.accepts(clip));
    }

    @Test
    @DisplayName("K3-2-4: frames i..j of a segment with inclusion proofs verify without the rest; a change is caught")
    void partialClips_verifyAloneAndTamperingIsCaught(@TempDir Path dir) {
        AtomicInteger run = new AtomicInteger();
        Props.theory(60).forAll(longs().all(), integers().between(0, 1000), integers().between(0, 1000))
                .checkAssert((seed, a, b) -> {
                    try {
                        Path base = dir.resolve("c" + run.incrementAndGet());
                        List<SignedManifest> ms = Recordings.random(base.resolve("store"), seed, 2, 12);
                        int seq = Math.floorMod(seed, 2);
                        int n = (int) ms.get(seq).manifest().unitCount();
                        int i = Math.min(a, b) % n;
                        int j = i + (Math.max(a, b) - Math.min(a, b)) % (n - i);
                        Path clip = FolderStore.at(base.resolve("store")).exportClip(Recordings.CAMERA, seq, i, j,
                                base.resolve("clip"));
                        VerificationReport ok = VERIFIER.verify(clip, VerifyContext.of(Recordings.trust()));
                        assertTrue(ok.isValid(), ok.render(Locale.ENGLISH));
                        List<Path> units;
                        try (Stream<Path> s = Files.list(clip.resolve(StoreLayout.UNITS))) {
                            units = s.sorted().toList();
                        }
                        assertEquals(j - i + 1, units.size());
                        Random r = new Random(seed);
                        Path u = units.get(r.nextInt(units.size()));
                        byte[] bytes = Files.readAllBytes(u);
                        bytes[r.nextInt(bytes.length)] ^= 1;
                        Files.write(u, bytes);
                        VerificationReport bad = VERIFIER.verify(clip, VerifyContext.of(Recordings.trust()));
                        assertFalse(bad.isValid());
                        assertTrue(bad.has(VerificationCode.UNIT_MODIFIED), bad.render(Locale.ENGLISH));
                        Recordings.deleteTree(base);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void clipWithForgedProof_isProofInvalid(@TempDir Path dir) throws Exception {
        Path seg2 = dir.resolve("s3");
        List<SignedManifest> big = Recordings.random(seg2, 99, 1, 9);
        int n = (int) big.get(0).manifest().unitCount();
        Path clip = FolderStore.at(seg2).exportClip(Recordings.CAMERA, 0, 0, 0, dir.resolve("clip"));
        UnitIndex idx = UnitIndex.parse(Files.readAllBytes(clip.resolve(StoreLayout.UNITS_INDEX)));
        UnitIndex.Entry e = idx.units().get(0);
        UnitIndex forged = new UnitIndex(idx.camera(), idx.sequence(), idx.unitCount(), 0, List.of(
                new UnitIndex.Entry(e.captureUs() + 1, e.hash(), e.length(), e.proof())));
        Files.write(clip.resolve(StoreLayout.UNITS_INDEX), forged.encode());
        VerificationReport r = VERIFIER.verify(clip, VerifyContext.of(Recordings.trust()));
        assertTrue(n >= 1);
        assertFalse(r.isValid());
        assertTrue(r.has(VerificationCode.PROOF_INVALID), r.render(Locale.ENGLISH));
        assertEquals("inclusion proof of unit 0 does not verify against the signed Merkle root",
                r.findings(VerificationCode.PROOF_INVALID).get(0).message().en());
    }
}
