package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.internal.EncryptedBytes;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyVault;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published store v2 vectors beside docs/FORMATS.md ({@code docs/vectors/store-v2/}): the plain store is
 * re-derived byte for byte; the encrypted one (random salts and data keys) verifies VALID with the published test
 * KEK, decrypts to the plain store's media files, and has the very same manifests, signatures and unit indexes.
 * Regenerate (after a deliberate format change only) with {@code -Dmimamori.vectors.update=true}.
 */
class StoreV2VectorsTest {
    static final Path VECTORS = Path.of("..", "docs", "vectors", "store-v2");
    static final String CAMERA = "cam-vec";
    static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");

    static SigningKey key() throws Exception {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) i;
        }
        return SigningKey.ed25519(seed);
    }

    static KeyEncryptionKey kek() {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) (0x40 + i);
        }
        return KeyEncryptionKey.create(SecretBytes.copyOf(k));
    }

    static byte[] segment(int s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3 + s; i++) {
            b.append("mimamori store v2 vector, segment ").append(s).append(", line ").append(i).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Seals the two vector segments (32-byte chunks) into {@code store}. */
    static void derive(Path store, Optional<KeyEncryptionKey> kek) throws Exception {
        RecorderOptions o = (kek.isPresent() ? RecorderOptions.encrypted(key(), kek.get())
                : RecorderOptions.plain(key())).withChunkSize(32);
        try (Recorder r = Recorder.open(store, o); CameraRecorder cam = r.camera(CAMERA)) {
            for (int s = 0; s < 2; s++) {
                try (LiveSegment seg = cam.begin(T0.plusSeconds(60L * s), UnitFormat.CHUNKS)) {
                    seg.write(ByteBuffer.wrap(segment(s)));
                }
            }
        }
    }

    static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            // Lock files (empty; one writer) are no part of the vectors.
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".lock"))
                    .map(root::relativize).sorted().toList();
        }
    }

    static VerificationReport verify(Path store, Optional<KeyEncryptionKey> kek) throws Exception {
        TrustStore trust = TrustStore.fromPemFiles(List.of(VECTORS.resolve("..").resolve("segment-manifest-v1")
                .resolve("keys/public.pem")));
        return new StoreVerifier(kek).verify(store, VerifyContext.of(trust));
    }

    @Test
    @DisplayName("K3-2-4: docs/vectors/store-v2/plain re-derives byte for byte and verifies VALID")
    void plainVectors_rederiveByteForByte(@TempDir Path tmp) throws Exception {
        if (Boolean.getBoolean("mimamori.vectors.update")) {
            TestTrees.delete(VECTORS.resolve("plain"));
            TestTrees.delete(VECTORS.resolve("encrypted"));
            derive(VECTORS.resolve("plain"), Optional.empty());
            derive(VECTORS.resolve("encrypted"), Optional.of(kek()));
            Files.write(VECTORS.resolve("encrypted.kek"), kek().exportBytes());
        }
        derive(tmp.resolve("plain"), Optional.empty());
        List<Path> expected = files(VECTORS.resolve("plain"));
        assertEquals(expected, files(tmp.resolve("plain")));
        for (Path p : expected) {
            assertArrayEquals(Files.readAllBytes(VECTORS.resolve("plain").resolve(p)),
                    Files.readAllBytes(tmp.resolve("plain").resolve(p)), p.toString());
        }
        VerificationReport r = verify(VECTORS.resolve("plain"), Optional.empty());
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(List.of(), r.findings());
    }

    @Test
    @DisplayName("K3-2-3: docs/vectors/store-v2/encrypted decrypts to the plain media; manifests are the same bytes")
    void encryptedVectors_decryptToThePlainOnes_withTheSameManifests() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.create(SecretBytes.copyOf(
                Files.readAllBytes(VECTORS.resolve("encrypted.kek"))));
        Path enc = VECTORS.resolve("encrypted");
        Path plain = VECTORS.resolve("plain");
        VerificationReport r = verify(enc, Optional.of(kek));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(List.of(), r.findings());
        StoreV2 marker = StoreV2.read(enc);
        KeyVault vault = KeyVault.openReadOnly(enc.resolve(CAMERA).resolve(StoreV2.VAULT), kek);
        for (int s = 0; s < 2; s++) {
            String seq = StoreV2.segmentName(s);
            for (String f : List.of(StoreV2.MANIFEST, StoreV2.SIGNATURE, StoreV2.UNITS)) {
                assertArrayEquals(Files.readAllBytes(plain.resolve(CAMERA).resolve(seq).resolve(f)),
                        Files.readAllBytes(enc.resolve(CAMERA).resolve(seq).resolve(f)), seq + "/" + f);
            }
            byte[] media = Files.readAllBytes(plain.resolve(CAMERA).resolve(seq).resolve(StoreV2.MEDIA_PLAIN));
            assertArrayEquals(segment(s), media);
            try (EncryptedBytes b = new EncryptedBytes(FileChannel.open(enc.resolve(CAMERA).resolve(seq)
                    .resolve(StoreV2.MEDIA_ENCRYPTED)), vault.get(seq), StoreV2.associatedData(CAMERA, s),
                    marker.segmentSize())) {
                ByteBuffer out = ByteBuffer.allocate((int) b.size());
                while (out.hasRemaining() && b.read(out.position(), out) > 0) {
                    // read on
                }
                assertArrayEquals(media, out.array(), seq + " decrypts to the recorded bytes");
            }
        }
    }
}
