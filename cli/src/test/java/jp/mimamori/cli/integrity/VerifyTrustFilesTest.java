package jp.mimamori.cli.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import jp.mimamori.cli.integrity.IntegrityCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mimamori verify --trust}: trust files bind keys to cameras and time; a leaf certificate beside the
 * city's CA certificate trusts the recorder key at the recording time (issues 12 and 13, K3-2-4, S3).
 */
class VerifyTrustFilesTest {
    static final Path VECTORS = Path.of("..", "docs", "vectors");

    @TempDir
    Path dir;

    private static Run run(String... args) {
        return IntegrityCommandsTest.run(args);
    }

    private static int sh(Path cwd, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        return p.exitValue();
    }

    private static boolean haveOpenssl() {
        try {
            return sh(Path.of("."), "openssl", "version") == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void trustFileVectors_giveTheirStatedVerdicts_K3_2_4() {
        String store = VECTORS.resolve("segment-manifest-v1/store").toString();
        Run ok = run("verify", store, "--trust", VECTORS.resolve("trust/recorder-cam-vec.json").toString());
        assertEquals(0, ok.code(), ok.out());
        Run other = run("verify", store, "--trust", VECTORS.resolve("trust/recorder-other-camera.json").toString());
        assertEquals(1, other.code());
        assertTrue(other.out().contains("KEY_UNTRUSTED"), other.out());
        assertTrue(other.out().contains("not for camera cam-vec"), other.out());
    }

    @Test
    void signedNoteKeyAmongTrustFiles_isReadAsALogKey() {
        String store = VECTORS.resolve("segment-manifest-v1/store").toString();
        Run r = run("verify", store, "--trust", VECTORS.resolve("segment-manifest-v1/keys/public.pem").toString(),
                "--trust", VECTORS.resolve("evidence-log/log.vkey").toString());
        assertEquals(0, r.code(), r.out());
    }

    @Test
    void brokenTrustFile_isUsageErrorNamingTheField() throws Exception {
        Path bad = dir.resolve("trust.json");
        Files.writeString(bad, "{\"format\":\"mimamori-trust\",\"format_version\":1,\"keys\":[{\"roles\":[\"x\"]}]}");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, run("verify", VECTORS.resolve("segment-manifest-v1/store").toString(), "--trust",
                    bad.toString()).code());
        } finally {
            System.setErr(old);
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("trust.json: keys[0]"), e);
        assertEquals(1, e.strip().lines().count(), e);
    }

    @Test
    void leafPlusCaPair_isValid_andTheLeafsLifetimeIsCheckedAtRecordingTime_issue13() throws Exception {
        assumeTrue(haveOpenssl(), "openssl is not on the PATH (.ci/run installs it)");
        assertEquals(0, run("keys", "generate", "--out", dir.resolve("k").toString()).code());
        // The city's CA, made with openssl; it certifies the recorder's key for a year from now.
        assertEquals(0, sh(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", "ca.key"));
        assertEquals(0, sh(dir, "openssl", "req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=City CA",
                "-days", "3650", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                "keyUsage=critical,keyCertSign", "-out", "ca.pem"));
        assertEquals(0, sh(dir, "openssl", "req", "-new", "-key", "k/private.pem", "-subj", "/CN=recorder K-1",
                "-out", "leaf.csr"));
        Files.writeString(dir.resolve("leaf.ext"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n");
        assertEquals(0, sh(dir, "openssl", "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "365", "-extfile", "leaf.ext", "-out", "leaf.pem"));
        Path unit = dir.resolve("seg.bin");
        Files.write(unit, new byte[] {1, 2, 3});
        Instant soon = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        String store = dir.resolve("store").toString();
        assertEquals(0, run("seal", "--camera", "K-1", "--key", dir.resolve("k/private.pem").toString(), "--out",
                store, "--start", soon.toString(), unit.toString()).code());
        String leaf = dir.resolve("leaf.pem").toString();
        String ca = dir.resolve("ca.pem").toString();
        Run ok = run("verify", store, "--trust", leaf, "--trust", ca);
        assertEquals(0, ok.code(), ok.out());
        // The leaf alone vouches for nothing.
        Run alone = run("verify", store, "--trust", leaf);
        assertEquals(1, alone.code(), alone.out());
        assertTrue(alone.out().contains("KEY_UNTRUSTED"), alone.out());
        // Footage recorded after the leaf certificate expired: untrusted, whatever the verification time.
        String late = dir.resolve("late").toString();
        assertEquals(0, run("seal", "--camera", "K-1", "--key", dir.resolve("k/private.pem").toString(), "--out",
                late, "--start", soon.plus(Duration.ofDays(400)).toString(), unit.toString()).code());
        Run expired = run("verify", late, "--trust", leaf, "--trust", ca);
        assertEquals(1, expired.code(), expired.out());
        assertTrue(expired.out().contains("not valid at"), expired.out());
    }

    @Test
    void sealWithCertChain_verifiesValidWithOnlyTheCa_andAWrongChainIsAUsageError_G13_K3_2_4() throws Exception {
        assumeTrue(haveOpenssl(), "openssl is not on the PATH (.ci/run installs it)");
        assertEquals(0, run("keys", "generate", "--out", dir.resolve("k").toString()).code());
        assertEquals(0, run("keys", "generate", "--out", dir.resolve("other").toString()).code());
        // The city's CA and an intermediate for its recorders, made with openssl; the recorder's PEM chain is
        // its leaf, then the intermediate (the police hold only ca.pem).
        assertEquals(0, sh(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", "ca.key"));
        assertEquals(0, sh(dir, "openssl", "req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=City CA",
                "-days", "3650", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                "keyUsage=critical,keyCertSign", "-out", "ca.pem"));
        assertEquals(0, sh(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", "int.key"));
        assertEquals(0, sh(dir, "openssl", "req", "-new", "-key", "int.key", "-subj", "/CN=City recorders CA",
                "-out", "int.csr"));
        Files.writeString(dir.resolve("int.ext"), "basicConstraints=critical,CA:TRUE,pathlen:0\n"
                + "keyUsage=critical,keyCertSign\n");
        assertEquals(0, sh(dir, "openssl", "x509", "-req", "-in", "int.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "3650", "-extfile", "int.ext", "-out", "int.pem"));
        Files.writeString(dir.resolve("leaf.ext"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n");
        for (String who : new String[] {"k", "other"}) {
            assertEquals(0, sh(dir, "openssl", "req", "-new", "-key", who + "/private.pem", "-subj", "/CN=recorder "
                    + who, "-out", who + ".csr"));
            assertEquals(0, sh(dir, "openssl", "x509", "-req", "-in", who + ".csr", "-CA", "int.pem", "-CAkey",
                    "int.key", "-CAcreateserial", "-days", "365", "-extfile", "leaf.ext", "-out", who + "-leaf.pem"));
        }
        Files.writeString(dir.resolve("chain.pem"), Files.readString(dir.resolve("k-leaf.pem"))
                + Files.readString(dir.resolve("int.pem")));
        Files.writeString(dir.resolve("other-chain.pem"), Files.readString(dir.resolve("other-leaf.pem"))
                + Files.readString(dir.resolve("int.pem")));
        Path unit = dir.resolve("seg.bin");
        Files.write(unit, new byte[] {1, 2, 3});
        Instant soon = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        String key = dir.resolve("k/private.pem").toString();
        String ca = dir.resolve("ca.pem").toString();

        String store = dir.resolve("store").toString();
        assertEquals(0, run("seal", "--camera", "K-1", "--key", key, "--cert-chain", dir.resolve("chain.pem").toString(),
                "--out", store, "--plain", "--start", soon.toString(), unit.toString()).code());
        Run ok = run("verify", store, "--trust", ca);
        assertEquals(0, ok.code(), ok.out());
        assertTrue(ok.out().contains("VALID"), ok.out());

        // The same key without --cert-chain: the CA alone vouches for nothing (the gap G13 closed).
        String bare = dir.resolve("bare").toString();
        assertEquals(0, run("seal", "--camera", "K-1", "--key", key, "--out", bare, "--plain", "--start",
                soon.toString(), unit.toString()).code());
        Run untrusted = run("verify", bare, "--trust", ca);
        assertEquals(1, untrusted.code(), untrusted.out());
        assertTrue(untrusted.out().contains("KEY_UNTRUSTED"), untrusted.out());

        // A chain certifying another key, or a file that is no certificate: exit 2 naming the option, nothing sealed.
        String wrong = dir.resolve("wrong").toString();
        assertEquals(2, run("seal", "--camera", "K-1", "--key", key, "--cert-chain",
                dir.resolve("other-chain.pem").toString(), "--out", wrong, "--plain", unit.toString()).code());
        assertEquals(2, run("seal", "--camera", "K-1", "--key", key, "--cert-chain", key, "--out", wrong, "--plain",
                unit.toString()).code());
        assertEquals(2, run("record", "--camera", "K-1", "--key", key, "--cert-chain",
                dir.resolve("other-chain.pem").toString(), "--out", wrong, "--plain", "--log",
                dir.resolve("log").toString()).code());
        assertTrue(!Files.exists(dir.resolve("wrong").resolve("K-1")), "nothing sealed with a wrong chain");
    }
}
