package jp.mimamori.integrity.timestamp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.timestamp.internal.TestTsa;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 3161 timestamps over checkpoints (K3-2-4: evidence of when the log had this state). */
class TimestampTest {
    static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");
    static TestTsa tsa;
    static byte[] data = "city.example/evidence-log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n".getBytes(StandardCharsets.UTF_8);
    static byte[] response;

    @BeforeAll
    static void stamp() throws IOException {
        tsa = TestTsa.create(new SecureRandom(), NOW);
        response = tsa.respond(Timestamps.request(data, new SecureRandom()), NOW);
    }

    @Test
    void tokenFromTheTestTsa_verifiesAgainstItsRoot() {
        TimestampVerifier.Result r = TimestampVerifier.verify(response, data, List.of(tsa.caCertificate()), Location.NONE);
        assertTrue(r.valid(), r.findings().toString());
        assertEquals(Optional.of(NOW), r.time());
    }

    @Test
    void tokenOverOtherData_isTimestampInvalid() {
        byte[] other = data.clone();
        other[0] ^= 1;
        TimestampVerifier.Result r = TimestampVerifier.verify(response, other, List.of(tsa.caCertificate()), Location.NONE);
        assertEquals(VerificationCode.TIMESTAMP_INVALID, r.findings().get(0).code());
        assertEquals("RFC 3161 timestamp does not verify: the token covers other data (message imprint differs)",
                r.findings().get(0).message().en());
    }

    @Test
    void tokenFromAnUntrustedTsa_isTimestampInvalid() throws IOException {
        TestTsa other = TestTsa.create(new SecureRandom(), NOW);
        TimestampVerifier.Result r = TimestampVerifier.verify(response, data, List.of(other.caCertificate()), Location.NONE);
        assertFalse(r.valid());
        assertEquals("RFC 3161 timestamp does not verify: the TSA certificate is not issued by a trusted root",
                r.findings().get(0).message().en());
    }

    @Test
    void garbageAndFlippedBytes_areTimestampInvalidNeverAnException() {
        for (int i = 0; i < response.length; i += 7) {
            byte[] bad = response.clone();
            bad[i] ^= 0x40;
            TimestampVerifier.Result r = TimestampVerifier.verify(bad, data, List.of(tsa.caCertificate()), Location.NONE);
            assertTrue(r.valid() || r.findings().get(0).code() == VerificationCode.TIMESTAMP_INVALID);
        }
        assertFalse(TimestampVerifier.verify(new byte[] {0x30, 0x03, 1, 2, 3}, data, List.of(tsa.caCertificate()),
                Location.NONE).valid());
    }

    /** Interop: OpenSSL's own RFC 3161 verifier accepts a token and data that Mimamori produced. */
    @Test
    void opensslTsVerify_acceptsMimamoriTokens(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("openssl"), "openssl not on PATH: skipping the openssl ts -verify interop test");
        Files.write(dir.resolve("checkpoint"), data);
        Files.write(dir.resolve("checkpoint.tsr"), response);
        Files.writeString(dir.resolve("ca.pem"), TestTsa.pem(tsa.caCertificate()));
        Files.writeString(dir.resolve("tsa.pem"), TestTsa.pem(tsa.tsaCertificate()));
        Process p = new ProcessBuilder("openssl", "ts", "-verify", "-data", "checkpoint", "-in", "checkpoint.tsr",
                "-CAfile", "ca.pem", "-untrusted", "tsa.pem").directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Verification: OK"), out);
        // And rejects the same token over other data.
        Files.write(dir.resolve("checkpoint"), "tampered".getBytes(StandardCharsets.UTF_8));
        Process q = new ProcessBuilder("openssl", "ts", "-verify", "-data", "checkpoint", "-in", "checkpoint.tsr",
                "-CAfile", "ca.pem", "-untrusted", "tsa.pem").directory(dir.toFile()).redirectErrorStream(true).start();
        q.getInputStream().readAllBytes();
        assertTrue(q.waitFor(60, TimeUnit.SECONDS));
        assertFalse(q.exitValue() == 0);
    }

    static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
