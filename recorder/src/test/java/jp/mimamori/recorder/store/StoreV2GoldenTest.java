package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.retention.crypto.KeyVault;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * K3-2-4, docs/FORMATS.md "Store v2" → "Verification": one golden report per defect of a store v2, with the exact
 * messages in English and Japanese. The store is deterministic (fixed key, fixed bytes and capture times; Ed25519
 * signatures are deterministic; manifests name the plaintext, so an encrypted store reports the same). Regenerate
 * with {@code -Dmimamori.golden.update=true} after a deliberate message change, and review the diff.
 */
class StoreV2GoldenTest {
    @TempDir
    Path tmp;

    /** One defect each, applied to segment 1 of three sealed segments of 3,000 bytes in 1,000-byte units. */
    enum Defect {
        FLIP_MEDIA_BYTE(false, "flip one bit of byte 1500 of segment 1's media.bin") {
            void apply(Path seg) throws Exception {
                byte[] b = Files.readAllBytes(seg.resolve("media.bin"));
                b[1500] ^= 1;
                Files.write(seg.resolve("media.bin"), b);
            }
        },
        TRUNCATE_MEDIA(false, "truncate segment 1's media.bin to 2,500 bytes") {
            void apply(Path seg) throws Exception {
                try (RandomAccessFile f = new RandomAccessFile(seg.resolve("media.bin").toFile(), "rw")) {
                    f.setLength(2_500);
                }
            }
        },
        CUT_UNIT(false, "cut bytes 1000..1999 (unit 1) out of segment 1's media.bin") {
            void apply(Path seg) throws Exception {
                byte[] b = Files.readAllBytes(seg.resolve("media.bin"));
                byte[] c = new byte[b.length - 1000];
                System.arraycopy(b, 0, c, 0, 1000);
                System.arraycopy(b, 2000, c, 1000, b.length - 2000);
                Files.write(seg.resolve("media.bin"), c);
            }
        },
        INSERT_BYTES(false, "insert 10 bytes at offset 1000 of segment 1's media.bin") {
            void apply(Path seg) throws Exception {
                byte[] b = Files.readAllBytes(seg.resolve("media.bin"));
                byte[] c = new byte[b.length + 10];
                System.arraycopy(b, 0, c, 0, 1000);
                System.arraycopy(b, 1000, c, 1010, b.length - 1000);
                Files.write(seg.resolve("media.bin"), c);
            }
        },
        INDEX_PAST_END(false, "point unit 1's offset in segment 1's units.idx past the end of the media file") {
            void apply(Path seg) throws Exception {
                byte[] b = Files.readAllBytes(seg.resolve("units.idx"));
                ByteBuffer.wrap(b).putLong(128 + 64, 1L << 40);
                Files.write(seg.resolve("units.idx"), b);
            }
        },
        MEDIA_MISSING(false, "delete segment 1's media.bin") {
            void apply(Path seg) throws Exception {
                Files.delete(seg.resolve("media.bin"));
            }
        },
        MEDIA_LINKED(false, "replace segment 1's media.bin with a symbolic link to segment 0's") {
            void apply(Path seg) throws Exception {
                Files.delete(seg.resolve("media.bin"));
                Files.createSymbolicLink(seg.resolve("media.bin"), Path.of("..", "000000000000", "media.bin"));
            }
        },
        SEGMENT_DELETED(false, "delete segment 1's folder") {
            void apply(Path seg) throws Exception {
                StoreV2AnchoringTest.deleteTree(seg);
            }
        },
        FLIP_ENCRYPTED_BYTE(true, "flip one bit of the last byte of segment 1's media.enc") {
            void apply(Path seg) throws Exception {
                byte[] b = Files.readAllBytes(seg.resolve("media.enc"));
                b[b.length - 1] ^= 1;
                Files.write(seg.resolve("media.enc"), b);
            }
        },
        VAULT_ENTRY_DESTROYED(true, "destroy segment 1's data key in the camera's key vault") {
            void apply(Path seg) throws Exception {
                KeyVault.open(seg.getParent().resolve("keys.vault"), StoreV2Test.KEK).destroy(List.of("000000000001"));
            }
        };

        final boolean encrypted;
        final String what;

        Defect(boolean encrypted, String what) {
            this.encrypted = encrypted;
            this.what = what;
        }

        abstract void apply(Path segment) throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Defect.class)
    void eachDefect_matchesItsGoldenReport(Defect d) throws Exception {
        Path store = tmp.resolve("store");
        try (Recorder r = Recorder.open(store, StoreV2Test.options(d.encrypted)); CameraRecorder cam = r.camera("cam-01")) {
            for (int k = 0; k < 3; k++) {
                try (LiveSegment s = cam.begin(StoreV2Test.T0.plusSeconds(60L * k), UnitFormat.CHUNKS)) {
                    s.write(ByteBuffer.wrap(StoreV2Test.random(100 + k, 3_000)));
                }
            }
        }
        d.apply(store.resolve("cam-01").resolve("000000000001"));
        VerificationReport report = new StoreVerifier(Optional.of(StoreV2Test.KEK)).verify(store,
                VerifyContext.of(TrustStore.of(List.of(StoreV2Test.KEY.verifyingKey()))));
        golden(d.name().toLowerCase(Locale.ROOT) + ".txt", "# " + d.what + "\n" + report.render(Locale.ENGLISH)
                + report.render(Locale.JAPANESE));
    }

    static void golden(String name, String actual) throws Exception {
        if (Boolean.getBoolean("mimamori.golden.update")) {
            Path p = Path.of("src/test/resources/jp/mimamori/recorder/store/golden-v2").resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, actual);
            return;
        }
        try (InputStream in = StoreV2GoldenTest.class.getResourceAsStream("golden-v2/" + name)) {
            if (in == null) {
                throw new AssertionError("golden file " + name + " missing; run with -Dmimamori.golden.update=true");
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual);
        }
    }
}
