package jp.mimamori.integrity.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.testutil.FolderStore;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.integrity.testutil.Recordings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * K3-2-4: one golden report per defect, with the exact messages in English and Japanese. The recording is
 * deterministic (fixed key, fixed units; Ed25519 signatures are deterministic). Regenerate with
 * {@code -Dmimamori.golden.update=true} after a deliberate message change, and review the diff.
 */
class GoldenFindingsTest {
    @TempDir
    Path tmp;

    static List<SignedManifest> deterministic(Path store, SigningKey key, String camera, long seed) throws Exception {
        Random r = new Random(seed);
        FolderStore s = FolderStore.at(store);
        CameraChain chain = s.openChain(camera, key);
        List<SignedManifest> out = new java.util.ArrayList<>();
        long t = 1_775_034_000_000_000L;
        for (int k = 0; k < 3; k++) {
            List<byte[]> units = new java.util.ArrayList<>();
            long[] times = new long[4];
            for (int i = 0; i < 4; i++) {
                byte[] u = new byte[16 + k * 4 + i];
                r.nextBytes(u);
                units.add(u);
                times[i] = t;
                t += 40_000;
            }
            out.add(s.sealUnits(chain, SegmentManifest.KIND_CHUNK, units, times));
        }
        chain.close();
        return out;
    }

    @ParameterizedTest
    @EnumSource(Mutations.class)
    void eachDefect_matchesItsGoldenReport(Mutations m) throws Exception {
        Path store = tmp.resolve("store");
        deterministic(store, Recordings.fixedKey(), Recordings.CAMERA, 2026);
        Path foreign = tmp.resolve("foreign");
        deterministic(foreign, Recordings.fixedKey(), Recordings.CAMERA, 7);
        String what = m.apply(store.resolve(Recordings.CAMERA), new Random(m.ordinal() * 31L + 5),
                foreign.resolve(Recordings.CAMERA), Recordings.fixedKey());
        VerificationReport r = new RecordingVerifier().verify(store, VerifyContext.of(
                TrustStore.of(List.of(Recordings.fixedKey().verifyingKey()))));
        String actual = "# " + what + "\n" + r.render(Locale.ENGLISH) + r.render(Locale.JAPANESE);
        golden("golden/" + m.name().toLowerCase(Locale.ROOT) + ".txt", actual);
    }

    @org.junit.jupiter.api.Test
    void erasedSegment_matchesItsGoldenReport() throws Exception {
        Path store = tmp.resolve("store");
        List<SignedManifest> ms = deterministic(store, Recordings.fixedKey(), Recordings.CAMERA, 2026);
        Recordings.deleteTree(StoreLayout.segment(store, Recordings.CAMERA, 1));
        VerificationReport r = new RecordingVerifier().verify(store, VerifyContext.of(
                TrustStore.of(List.of(Recordings.fixedKey().verifyingKey(), Recordings.retentionKey().verifyingKey())))
                .withLog(Recordings.anchoredLog(ms, List.of(Recordings.signedReceipt(Recordings.CAMERA, 1,
                        ms.get(1).hashHex())))));
        golden("golden/segment_erased.txt", "# erase segment 1 with a receipt\n" + r.render(Locale.ENGLISH)
                + r.render(Locale.JAPANESE));
    }

    static void golden(String name, String actual) throws Exception {
        if (Boolean.getBoolean("mimamori.golden.update")) {
            Path p = Path.of("src/test/resources/jp/mimamori/integrity/verify").resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, actual);
            return;
        }
        try (InputStream in = GoldenFindingsTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("golden file " + name + " missing; run with -Dmimamori.golden.update=true");
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual);
        }
    }

}
