package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * K3-2-4, invariant 4: in a store v2 (plain or encrypted), changing any single byte of any file that is evidence —
 * the marker, a media file, a unit index, a manifest, a signature, a key vault — makes the store not VALID. The one
 * documented exception is bit 0 of a unit's flags byte in {@code units.idx} (the keyframe hint, "not evidence",
 * docs/FORMATS.md "Unit index"): a change of that byte that keeps the other bits zero is not asked to be found.
 */
class StoreV2FlipPropertiesTest {
    @TempDir
    Path tmp;

    private static List<Path> evidenceFiles(Path store) throws IOException {
        try (Stream<Path> s = Files.walk(store)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith("chain.json") && !n.endsWith(".lock"); // hints and locks, not evidence
            }).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("invariant 4: any single-byte change in a store v2's evidence files is found")
    void anySingleByteFlip_isFound(boolean encrypted) throws Exception {
        Path template = tmp.resolve("template");
        try (Recorder r = Recorder.open(template, StoreV2Test.options(encrypted));
             CameraRecorder cam = r.camera("cam-01")) {
            for (int k = 0; k < 3; k++) {
                try (LiveSegment s = cam.begin(StoreV2Test.T0.plusSeconds(60L * k), UnitFormat.CHUNKS)) {
                    s.write(ByteBuffer.wrap(StoreV2Test.random(200 + k, 2_500)));
                }
            }
        }
        VerifyContext ctx = VerifyContext.of(TrustStore.of(List.of(StoreV2Test.KEY.verifyingKey())));
        StoreVerifier verifier = new StoreVerifier(Optional.of(StoreV2Test.KEK));
        assertTrue(verifier.verify(template, ctx).isValid());
        List<Path> files = evidenceFiles(template);
        List<Long> sizes = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            sizes.add(Files.size(f));
            total += Files.size(f);
        }
        long all = total;
        int[] run = {0};
        Props.theory(60).forAll(integers().between(0, Integer.MAX_VALUE), integers().between(1, 255))
                .checkAssert((pick, mask) -> {
                    try {
                        long at = pick % all;
                        int i = 0;
                        while (at >= sizes.get(i)) {
                            at -= sizes.get(i++);
                        }
                        Path rel = template.relativize(files.get(i));
                        if (rel.getFileName().toString().equals("units.idx") && at >= 128 && (at - 128) % 64 == 24
                                && (mask & 0xFE) == 0) {
                            return; // the keyframe hint: documented as not evidence
                        }
                        Path copy = tmp.resolve("flip-" + run[0]++);
                        copyTree(template, copy);
                        Path f = copy.resolve(rel.toString());
                        byte[] b = Files.readAllBytes(f);
                        b[(int) at] ^= (byte) (int) mask;
                        Files.write(f, b);
                        VerificationReport r = verifier.verify(copy, ctx);
                        assertFalse(r.isValid(), "byte " + at + " of " + rel + " ^ " + mask + " went unnoticed:\n"
                                + r.render(Locale.ENGLISH));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
