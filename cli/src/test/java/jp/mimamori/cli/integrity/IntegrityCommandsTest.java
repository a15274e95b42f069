package jp.mimamori.cli.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import jp.mimamori.cli.Main;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract (DESIGN.md) for keys generate, seal and verify: outputs and exit codes 0/1/2. */
class IntegrityCommandsTest {

    record Run(int code, String out) {}

    static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.run(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    @DisplayName("K3-2-4: keys generate, seal and verify a store: exit 0, a flipped bit exits 1 with UNIT_MODIFIED")
    void keysSealVerify_roundTripAndTamper(@TempDir Path dir) throws Exception {
        assertEquals(0, run("keys", "generate", "--alg", "ed25519", "--out", dir.resolve("k").toString()).code());
        assertTrue(Files.readString(dir.resolve("k/private.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(dir.resolve("k/public.pem")).startsWith("-----BEGIN PUBLIC KEY-----"));
        Random r = new Random(5);
        Path a = dir.resolve("a.mp4");
        Path b = dir.resolve("b.mp4");
        byte[] bytes = new byte[300_000];
        r.nextBytes(bytes);
        Files.write(a, bytes);
        r.nextBytes(bytes);
        Files.write(b, bytes);
        String store = dir.resolve("store").toString();
        Run seal = run("seal", "--camera", "cam-01", "--key", dir.resolve("k/private.pem").toString(), "--out", store,
                "--plain", "--start", "2026-04-01T09:00:00Z", "--chunk-size", "65536", a.toString(), b.toString());
        assertEquals(0, seal.code());
        assertTrue(seal.out().contains("sealed b.mp4 as cam-01 segment 1: 5 chunk units"), seal.out());
        Run ok = run("verify", store, "--trust", dir.resolve("k/public.pem").toString());
        assertEquals(0, ok.code(), ok.out());
        assertEquals("verdict: VALID\n", ok.out());
        Path media = dir.resolve("store/cam-01/000000000001/media.bin");
        assertArrayEquals(bytes, Files.readAllBytes(media), "--plain: the recorded bytes exactly as recorded");
        byte[] u = Files.readAllBytes(media);
        u[2 * 65536 + 7] ^= 4;
        Files.write(media, u);
        Run bad = run("verify", store, "--trust", dir.resolve("k/public.pem").toString(), "--json");
        assertEquals(1, bad.code());
        assertTrue(bad.out().startsWith("{\"format\":\"mimamori-verify-report\",\"version\":1,\"verdict\":\"INVALID\","
                + "\"findings\":[{\"code\":\"UNIT_MODIFIED\",\"severity\":\"ERROR\",\"where\":{\"entry\":"
                + "\"cam-01/000000000001\",\"segment\":1,\"index\":2}"), bad.out());
    }

    @Test
    @DisplayName("K3-2-4, invariant 4: seal --log-key checkpoints the log it records in, so the store verifies against"
            + " it with no extra step; without it nothing is anchored")
    void sealWithLogKey_anchorsWhatItSeals_withoutAnExtraStep(@TempDir Path dir) throws Exception {
        String origin = "test.mimamori.example/log";
        assertEquals(0, run("keys", "generate", "--alg", "ed25519", "--out", dir.resolve("k").toString()).code());
        assertEquals(0, run("keys", "generate", "--alg", "ed25519", "--out", dir.resolve("logkey").toString()).code());
        Files.writeString(dir.resolve("log.vkey"), jp.mimamori.integrity.checkpoint.NoteSigner.fromPkcs8Pem(origin,
                Files.readString(dir.resolve("logkey/private.pem")),
                jp.mimamori.integrity.checkpoint.NoteVerifier.ED25519).verifier().toVkey() + "\n");
        Path a = dir.resolve("a.bin");
        byte[] bytes = new byte[50_000];
        new Random(3).nextBytes(bytes);
        Files.write(a, bytes);
        String[] trust = {"--trust", dir.resolve("k/public.pem").toString(), dir.resolve("log.vkey").toString()};
        for (boolean anchored : new boolean[] {false, true}) {
            String store = dir.resolve("store-" + anchored).toString();
            String log = dir.resolve("log-" + anchored).toString();
            String[] seal = {"seal", "--camera", "cam-01", "--key", dir.resolve("k/private.pem").toString(), "--out",
                store, "--log", log, "--plain", a.toString()};
            if (anchored) {
                seal = java.util.stream.Stream.concat(java.util.Arrays.stream(seal), java.util.stream.Stream.of(
                        "--log-key", dir.resolve("logkey/private.pem").toString(), "--log-origin", origin))
                        .toArray(String[]::new);
            }
            assertEquals(0, run(seal).code());
            String[] verify = java.util.stream.Stream.concat(java.util.stream.Stream.of("verify", store, "--log", log),
                    java.util.Arrays.stream(trust)).toArray(String[]::new);
            Run v = run(verify);
            assertEquals(anchored ? 0 : 1, v.code(), v.out());
        }
        // --log-key needs the log, and the log's name.
        assertEquals(2, run("seal", "--camera", "cam-01", "--key", dir.resolve("k/private.pem").toString(), "--out",
                dir.resolve("store-x").toString(), "--log-key", dir.resolve("logkey/private.pem").toString(),
                "--log-origin", origin, a.toString()).code());
        assertEquals(2, run("seal", "--camera", "cam-01", "--key", dir.resolve("k/private.pem").toString(), "--out",
                dir.resolve("store-y").toString(), "--log", dir.resolve("log-y").toString(), "--log-key",
                dir.resolve("logkey/private.pem").toString(), a.toString()).code());
    }

    @Test
    @DisplayName("K3-2-3: seal encrypts at rest by default, the KEK in STORE.kek outside the store; verify reads it")
    void p256Keys_sealEncryptedAndVerify(@TempDir Path dir) throws Exception {
        assertEquals(0, run("keys", "generate", "--alg", "p256", "--out", dir.toString()).code());
        Path f = dir.resolve("seg.bin");
        Files.write(f, new byte[] {1, 2, 3});
        assertEquals(0, run("seal", "--camera", "cam-02", "--key", dir.resolve("private.pem").toString(), "--out",
                dir.resolve("store").toString(), f.toString()).code());
        assertTrue(Files.isRegularFile(dir.resolve("store/cam-02/000000000000/media.enc")));
        assertEquals(32, Files.size(dir.resolve("store.kek")));
        assertEquals(0, run("verify", dir.resolve("store").toString(), "--trust",
                dir.resolve("public.pem").toString()).code());
        Files.move(dir.resolve("store.kek"), dir.resolve("elsewhere.kek"));
        assertEquals(1, run("verify", dir.resolve("store").toString(), "--trust",
                dir.resolve("public.pem").toString()).code(), "without the KEK the units cannot be read");
        assertEquals(0, run("verify", dir.resolve("store").toString(), "--trust",
                dir.resolve("public.pem").toString(), "--kek", dir.resolve("elsewhere.kek").toString()).code());
    }

    @Test
    void usageErrors_exit2(@TempDir Path dir) throws Exception {
        assertEquals(2, run("keys", "generate", "--alg", "rsa", "--out", dir.toString()).code());
        assertEquals(0, run("keys", "generate", "--out", dir.toString()).code());
        assertEquals(2, run("keys", "generate", "--out", dir.toString()).code()); // never overwrites a key
        assertEquals(2, run("verify", dir.resolve("nothing").toString(), "--trust",
                dir.resolve("public.pem").toString()).code());
        assertEquals(2, run("verify", dir.toString(), "--trust", dir.resolve("public.pem").toString()).code());
        assertEquals(2, run("seal", "--camera", "bad id", "--key", dir.resolve("private.pem").toString(), "--out",
                dir.toString(), dir.resolve("public.pem").toString()).code());
        assertEquals(2, run("verify").code());
    }
}
