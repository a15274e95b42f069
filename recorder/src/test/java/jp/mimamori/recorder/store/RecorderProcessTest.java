package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process safety and crash safety of store v2 with real child JVMs: one writer process per store, and a recorder
 * killed with SIGKILL at random points leaves a store in which every acknowledged segment verifies and every crash
 * is reported (invariants 4–6, K3-2-4). Kills per run: {@code -Dmimamori.kills=N} (default 12).
 */
class RecorderProcessTest {
    static SigningKey key() {
        try {
            byte[] seed = new byte[32];
            seed[0] = 11;
            return SigningKey.ed25519(seed);
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyEncryptionKey kek() {
        byte[] k = new byte[32];
        k[0] = 5;
        return KeyEncryptionKey.create(SecretBytes.copyOf(k));
    }

    static RecorderOptions options() {
        return RecorderOptions.encrypted(key(), kek()).withChunkSize(4096);
    }

    static Process child(Path store, long seed) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                RecorderChild.class.getName(), store.toString(), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    @DisplayName("K3-2-4: while one process records into a store, a second writer process is refused with a clear"
            + " error; readers still verify")
    void secondWriterProcess_isRefused_readersAreNot(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        Process p = child(store, 1);
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", in.readLine());
            IOException e = assertThrows(IOException.class, () -> Recorder.open(store, options()));
            assertTrue(e.getMessage().contains("another recorder is writing it"), e.getMessage());
            assertTrue(e.getMessage().contains("one writer process per store"), e.getMessage());
            in.readLine(); // one segment sealed: the reader sees sealed segments only
            VerificationReport r = new StoreVerifier(Optional.of(kek())).verify(store,
                    VerifyContext.of(TrustStore.of(List.of(key().verifyingKey()))));
            assertFalse(r.has(VerificationCode.UNIT_MODIFIED), r.render(Locale.ENGLISH));
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        Recorder.open(store, options()).close(); // the dead process's lock is gone
    }

    @Test
    @DisplayName("invariants 4-6: SIGKILLs at random points; every acknowledged segment verifies, crashes reported")
    void killedAtRandomPoints_everyAcknowledgedSegmentVerifies(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        int kills = Integer.getInteger("mimamori.kills", 12);
        Random r = new Random(2026);
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        for (int k = 0; k < kills; k++) {
            Process p = child(store, r.nextLong());
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", in.readLine());
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("sealed ")) {
                            acknowledged.add(line.split(" ")[2]);
                        }
                    }
                } catch (IOException e) {
                    // the child was killed
                }
            });
            reader.start();
            Thread.sleep(r.nextInt(400));
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            reader.join(30_000);
        }
        // Reopen in this process: the tail of the last crash is handled, one more segment sealed.
        try (Recorder rec = Recorder.open(store, options()); CameraRecorder cam = rec.camera("cam-01")) {
            TestSegments.seal(cam, new byte[] {1, 2, 3}, 1_775_034_000_000_000L);
        }
        VerificationReport v = new StoreVerifier(Optional.of(kek())).verify(store,
                VerifyContext.of(TrustStore.of(List.of(key().verifyingKey()))));
        assertTrue(v.isValid(), v.render(Locale.ENGLISH));
        List<String> stored = new ArrayList<>();
        try (var s = Files.list(store.resolve("cam-01"))) {
            for (Path seg : s.filter(Files::isDirectory).toList()) {
                Path m = seg.resolve("manifest.json");
                if (Files.exists(m)) {
                    stored.add(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(m))));
                }
            }
        }
        for (String h : acknowledged) {
            assertTrue(stored.contains(h), "acknowledged segment " + h + " is in the store");
        }
        assertFalse(v.has(VerificationCode.SEGMENT_MISSING), v.render(Locale.ENGLISH));
        assertTrue(v.has(VerificationCode.CHAIN_RESTARTED), v.render(Locale.ENGLISH));
    }
}
