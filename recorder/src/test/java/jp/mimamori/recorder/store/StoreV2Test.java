package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Store v2 (K3-2-4, K3-2-3, invariants 4–7): segments stored once as recorded, plain or encrypted at rest. */
class StoreV2Test {
    static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
    static final SigningKey KEY = key();
    static final KeyEncryptionKey KEK = KeyEncryptionKey.generate();

    @TempDir
    Path tmp;

    static SigningKey key() {
        try {
            byte[] seed = new byte[32];
            seed[0] = 7;
            return SigningKey.ed25519(seed);
        } catch (jp.mimamori.core.error.CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    static RecorderOptions options(boolean encrypted) {
        return (encrypted ? RecorderOptions.encrypted(KEY, KEK) : RecorderOptions.plain(KEY)).withChunkSize(1000);
    }

    static VerificationReport verify(Path store) {
        return new StoreVerifier(Optional.of(KEK)).verify(store, VerifyContext.of(TrustStore.of(
                List.of(KEY.verifyingKey()))));
    }

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code data} into a live segment in pieces of random sizes. */
    static SignedManifest live(CameraRecorder cam, byte[] data, long seed) throws Exception {
        Random r = new Random(seed);
        try (LiveSegment s = cam.begin(T0, UnitFormat.CHUNKS)) {
            int at = 0;
            while (at < data.length) {
                int n = Math.min(data.length - at, 1 + r.nextInt(3000));
                s.write(ByteBuffer.wrap(data, at, n));
                at += n;
            }
            return s.seal();
        }
    }

    static Path media(Path store, String camera, long seq) throws IOException {
        Path seg = store.resolve(camera).resolve(String.format("%012d", seq));
        try (Stream<Path> s = Files.list(seg)) {
            return s.filter(p -> p.getFileName().toString().startsWith("media.")).findFirst().orElseThrow();
        }
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    void liveSegmentsInAnyChunking_verifyValid_andAreStoredAsRecorded(boolean encrypted) throws Exception {
        Path store = tmp.resolve("store");
        byte[] a = random(1, 10_500);
        byte[] b = random(2, 999);
        try (Recorder rec = Recorder.open(store, options(encrypted)); CameraRecorder cam = rec.camera("cam-01")) {
            SignedManifest m0 = live(cam, a, 3);
            SignedManifest m1 = live(cam, b, 4);
            assertEquals(11, m0.manifest().unitCount());
            assertEquals(1, m1.manifest().sequence());
        }
        VerificationReport r = verify(store);
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        byte[] stored = Files.readAllBytes(media(store, "cam-01", 0));
        if (encrypted) {
            assertFalse(java.util.Arrays.equals(a, stored), "encrypted at rest");
        } else {
            assertTrue(java.util.Arrays.equals(a, stored), "the recorded bytes exactly as recorded, in one file");
        }
        try (Stream<Path> s = Files.list(store.resolve("cam-01").resolve("000000000000"))) {
            assertEquals(4, s.count(), "at most four files per segment");
        }
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    void aFlippedBitInTheMedia_isReported(boolean encrypted) throws Exception {
        Path store = tmp.resolve("store");
        try (Recorder rec = Recorder.open(store, options(encrypted)); CameraRecorder cam = rec.camera("cam-01")) {
            live(cam, random(1, 5000), 3);
        }
        Path media = media(store, "cam-01", 0);
        byte[] m = Files.readAllBytes(media);
        m[m.length / 2] ^= 4;
        Files.write(media, m);
        VerificationReport r = verify(store);
        assertFalse(r.isValid(), r.render(Locale.ENGLISH));
        // Encrypted: the damaged cipher segment does not authenticate; only the units in it are reported.
        assertTrue(r.has(VerificationCode.UNIT_MODIFIED), r.render(Locale.ENGLISH));
        assertFalse(r.has(VerificationCode.UNIT_MISSING), r.render(Locale.ENGLISH));
    }

    @Test
    void sealingAFile_streamsIt_andVerifies() throws Exception {
        Path store = tmp.resolve("store");
        Path f = tmp.resolve("seg.bin");
        Files.write(f, random(9, 123_456));
        try (Recorder rec = Recorder.open(store, options(true)); CameraRecorder cam = rec.camera("cam-01")) {
            SignedManifest m = cam.sealFile(f, T0);
            assertEquals(124, m.manifest().unitCount());
        }
        assertTrue(verify(store).isValid(), verify(store).render(Locale.ENGLISH));
    }

    /**
     * A recorded file is read into the writer's own buffers (8 MiB each) and handed over without a copy, and the
     * whole units of a buffer are hashed on several cores at once: at every size around a buffer's edge, the stored
     * bytes are the file's and the seal is the one the live path makes of the same bytes, unit by unit (K3-2-4).
     */
    @ParameterizedTest(name = "encrypted={0}, {1} bytes")
    @org.junit.jupiter.params.provider.CsvSource({"false,1", "false,1048577", "false,4718593", "false,8388607",
        "false,8388608", "false,8388609", "false,16777217", "true,1", "true,1048577", "true,8388608",
        "true,8388609"})
    void sealingAFile_atEveryBufferEdge_storesItsBytes_andSealsThemAsTheLivePathDoes(boolean encrypted, int size)
            throws Exception {
        byte[] data = random(size, size);
        data[0] = 0x11; // not an MPEG-TS sync byte: chunks either way
        Path f = tmp.resolve("seg.bin");
        Files.write(f, data);
        SignedManifest fromFile;
        try (Recorder rec = Recorder.open(tmp.resolve("file"), options(encrypted));
             CameraRecorder cam = rec.camera("cam-01")) {
            fromFile = cam.sealFile(f, T0);
        }
        SignedManifest fromLive;
        try (Recorder rec = Recorder.open(tmp.resolve("live"), options(encrypted));
             CameraRecorder cam = rec.camera("cam-01")) {
            fromLive = live(cam, data, 5);
        }
        assertTrue(java.util.Arrays.equals(fromLive.manifest().merkleRoot(), fromFile.manifest().merkleRoot()),
                "the file's seal is the live path's");
        assertEquals(fromLive.manifest().unitCount(), fromFile.manifest().unitCount());
        if (!encrypted) {
            assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(media(tmp.resolve("file"), "cam-01", 0))),
                    "stored exactly as recorded");
        }
        VerificationReport r = verify(tmp.resolve("file"));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("K3-2-4: verify accepts a camera or a segment folder inside a store v2, not only its root")
    void verify_acceptsACameraOrSegmentFolderInsideTheStore() throws Exception {
        Path store = tmp.resolve("store");
        try (Recorder r = Recorder.open(store, options(false)); CameraRecorder cam = r.camera("cam-01")) {
            live(cam, random(1, 3_000), 1);
            live(cam, random(2, 3_000), 2);
        }
        StoreVerifier v = new StoreVerifier(Optional.empty());
        VerifyContext ctx = VerifyContext.of(TrustStore.of(List.of(KEY.verifyingKey())));
        Path cam = store.resolve("cam-01");
        Path seg1 = cam.resolve("000000000001");
        assertTrue(v.accepts(cam) && v.accepts(seg1) && v.accepts(store));
        assertFalse(v.accepts(tmp));
        assertTrue(v.verify(cam, ctx).isValid(), v.verify(cam, ctx).render(Locale.ENGLISH));
        assertTrue(v.verify(seg1, ctx).isValid(), v.verify(seg1, ctx).render(Locale.ENGLISH));
        byte[] media = Files.readAllBytes(seg1.resolve("media.bin"));
        media[1500] ^= 1;
        Files.write(seg1.resolve("media.bin"), media);
        VerificationReport one = v.verify(seg1, ctx);
        assertFalse(one.isValid());
        assertTrue(one.has(VerificationCode.UNIT_MODIFIED), one.render(Locale.ENGLISH));
        assertTrue(v.verify(cam.resolve("000000000000"), ctx).isValid(), "the other segment alone is VALID");
        assertTrue(v.verify(cam, ctx).has(VerificationCode.UNIT_MODIFIED));
    }

    @Test
    void aSecondWriter_isRefusedWithAClearError() throws Exception {
        Path store = tmp.resolve("store");
        try (Recorder rec = Recorder.open(store, options(false))) {
            IOException e = assertThrows(IOException.class, () -> Recorder.open(store, options(false)));
            assertTrue(e.getMessage().contains("one writer process per store"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "policy={0}, encrypted={1}")
    @org.junit.jupiter.params.provider.CsvSource({"SEAL_RECOVERED,false", "SEAL_RECOVERED,true", "DISCARD,false",
            "DISCARD,true"})
    void twoCrashesInARow_leaveAStoreThatVerifies_withBothReported(TailPolicy policy, boolean encrypted)
            throws Exception {
        Path store = tmp.resolve("store");
        RecorderOptions o = options(encrypted).withTailPolicy(policy);
        try (Recorder rec = Recorder.open(store, o); CameraRecorder cam = rec.camera("cam-01")) {
            live(cam, random(1, 2500), 1);
        }
        for (int crash = 0; crash < 2; crash++) {
            // A crash: the segment is open (bytes written) when the recorder stops.
            try (Recorder rec = Recorder.open(store, o); CameraRecorder cam = rec.camera("cam-01")) {
                LiveSegment s = cam.begin(T0, UnitFormat.CHUNKS);
                s.write(ByteBuffer.wrap(random(10 + crash, 200_000)));
            }
        }
        try (Recorder rec = Recorder.open(store, o); CameraRecorder cam = rec.camera("cam-01")) {
            live(cam, random(2, 1500), 2);
        }
        VerificationReport r = verify(store);
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        String text = r.render(Locale.ENGLISH);
        assertTrue(r.findings(VerificationCode.CHAIN_RESTARTED).size() >= 2, text);
        assertTrue(text.contains("segment 1 was open"), text);
        assertTrue(text.contains("segment 2 was open"), text);
        assertEquals(policy == TailPolicy.SEAL_RECOVERED, text.contains("(recovered)"), text);
    }

    @ParameterizedTest(name = "policy={0}, encrypted={1}")
    @org.junit.jupiter.params.provider.CsvSource({"SEAL_RECOVERED,false", "SEAL_RECOVERED,true", "DISCARD,false",
            "DISCARD,true"})
    void crashesThenAReopenThatSealsNothing_verify_withTheLastCrashReportedFromTheState_K3_2_4(TailPolicy policy,
            boolean encrypted) throws Exception {
        Path store = tmp.resolve("store");
        RecorderOptions o = options(encrypted).withTailPolicy(policy);
        try (Recorder rec = Recorder.open(store, o); CameraRecorder cam = rec.camera("cam-01")) {
            live(cam, random(1, 2500), 1);
        }
        for (int crash = 0; crash < 2; crash++) {
            try (Recorder rec = Recorder.open(store, o); CameraRecorder cam = rec.camera("cam-01")) {
                LiveSegment s = cam.begin(T0, UnitFormat.CHUNKS);
                s.write(ByteBuffer.wrap(crash == 0 ? random(10, 200_000) : new byte[0]));
                if (crash == 1) {
                    s.write(ByteBuffer.wrap(random(11, 1)));
                }
            }
        }
        // The next recorder opens (handling the last crash) and stops before it seals anything.
        try (Recorder rec = Recorder.open(store, o); CameraRecorder cam = rec.camera("cam-01")) {
            assertEquals("cam-01", cam.camera());
        }
        VerificationReport r = verify(store);
        String text = r.render(Locale.ENGLISH);
        assertTrue(r.isValid(), text);
        assertFalse(r.has(VerificationCode.SEGMENT_MISSING), text);
        if (policy == TailPolicy.DISCARD) {
            // The first crash is in the state alone (nothing sealed since); the second is the open segment.
            assertTrue(text.contains("segment 1 was open"), text);
            assertTrue(text.contains("the next sealed manifest records it"), text);
        }
    }

    /** A hostile change to a sealed encrypted store, and the code the verifier must report for it. */
    enum Hostile {
        TRUNCATED_MEDIA(VerificationCode.UNIT_MISSING),
        INDEX_PAST_THE_END(VerificationCode.PROOF_INVALID),
        DAMAGED_VAULT_ENTRY(VerificationCode.UNIT_MISSING),
        MEDIA_LINKED_OUT_OF_THE_STORE(VerificationCode.UNIT_MISSING),
        SEGMENT_FOLDER_LINKED_OUT_OF_THE_STORE(VerificationCode.MANIFEST_MODIFIED),
        MEDIA_IS_A_FIFO(VerificationCode.UNIT_MISSING);

        final VerificationCode code;

        Hostile(VerificationCode code) {
            this.code = code;
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Hostile.class)
    void hostileStores_areReported_neverThrown_neverFollowed(Hostile h) throws Exception {
        Path store = tmp.resolve("store");
        try (Recorder rec = Recorder.open(store, options(true)); CameraRecorder cam = rec.camera("cam-01")) {
            live(cam, random(1, 150_000), 3);
            live(cam, random(2, 5_000), 4);
        }
        Path seg = store.resolve("cam-01/000000000000");
        Path media = seg.resolve("media.enc");
        Path outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        switch (h) {
            case TRUNCATED_MEDIA -> {
                try (var ch = java.nio.channels.FileChannel.open(media, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.truncate(70_000);
                }
            }
            case INDEX_PAST_THE_END -> {
                byte[] idx = Files.readAllBytes(seg.resolve("units.idx"));
                ByteBuffer.wrap(idx).putLong(128 + 64 * 3, 1L << 40); // unit 3's offset far past the end
                ByteBuffer.wrap(idx).putLong(128 + 64 * 3 + 8, 1000);  // and its length changed
                Files.write(seg.resolve("units.idx"), idx);
            }
            case DAMAGED_VAULT_ENTRY -> {
                Path vault = store.resolve("cam-01/keys.vault");
                byte[] v = Files.readAllBytes(vault);
                int at = indexOf(v, "000000000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + 20;
                v[at] ^= 1; // inside the wrapped key of segment 0
                Files.write(vault, v);
            }
            case MEDIA_LINKED_OUT_OF_THE_STORE -> {
                Files.move(media, outside.resolve("media.enc"));
                Files.createSymbolicLink(media, outside.resolve("media.enc"));
            }
            case SEGMENT_FOLDER_LINKED_OUT_OF_THE_STORE -> {
                Files.move(seg, outside.resolve("seg"));
                Files.createSymbolicLink(seg, outside.resolve("seg"));
            }
            case MEDIA_IS_A_FIFO -> {
                Files.delete(media);
                Process p = new ProcessBuilder("mkfifo", media.toString()).start();
                org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo is not available");
            }
            default -> throw new IllegalStateException(h.name());
        }
        VerificationReport r = verify(store);
        assertFalse(r.isValid(), r.render(Locale.ENGLISH));
        assertTrue(r.has(h.code), r.render(Locale.ENGLISH));
        assertFalse(r.has(VerificationCode.INTERNAL), r.render(Locale.ENGLISH));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
