package jp.mimamori.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PEM file the demo writes is read by OpenSSL 3.0: private keys with {@code openssl pkey}, public keys
 * with {@code openssl pkey -pubin}, certificates with {@code openssl x509}. Skipped, with the reason in the
 * test report, when no {@code openssl} is on the PATH ({@code .ci/run} installs it).
 */
class DemoKeysOpensslTest {
    @TempDir
    Path out;

    record Result(int exit, String out) {}

    static Result run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] text = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
            return new Result(p.exitValue(), new String(text, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static boolean haveOpenssl() {
        try {
            return run("openssl", "version").exit == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @DisplayName("K3-2-4, K3-4, S3: openssl reads every key and certificate PEM the demo writes")
    void demoWorkspace_everyPemIsReadByOpenssl() throws IOException {
        assumeTrue(haveOpenssl(), "openssl is not on the PATH (.ci/run installs it); cannot check the demo's PEM files");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("demo", "--out", out.toString()), () -> buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        List<Path> pems;
        try (Stream<Path> s = Files.walk(out)) {
            pems = s.filter(Files::isRegularFile).filter(DemoKeysOpensslTest::isPem).sorted().toList();
        }
        int privates = 0;
        int publics = 0;
        List<String> refused = new ArrayList<>();
        for (Path f : pems) {
            String text = Files.readString(f, StandardCharsets.US_ASCII);
            String[] cmd;
            if (text.contains("-----BEGIN PRIVATE KEY-----")) {
                privates++;
                cmd = new String[] {"openssl", "pkey", "-in", f.toString(), "-noout"};
            } else if (text.contains("-----BEGIN PUBLIC KEY-----")) {
                publics++;
                cmd = new String[] {"openssl", "pkey", "-pubin", "-in", f.toString(), "-noout"};
            } else if (text.contains("-----BEGIN CERTIFICATE-----")) {
                cmd = new String[] {"openssl", "x509", "-in", f.toString(), "-noout"};
            } else {
                refused.add(out.relativize(f) + ": a PEM block of an unexpected kind");
                continue;
            }
            Result r = run(cmd);
            if (r.exit != 0) {
                refused.add(out.relativize(f) + ": " + r.out.strip());
            }
        }
        assertEquals(List.of(), refused, "PEM files openssl refuses");
        // The demo writes the recorder's, the log's and the witness's private keys and their public keys.
        assertFalse(privates < 3, "private key files found: " + privates);
        assertFalse(publics < 2, "public key files found: " + publics);
    }

    private static boolean isPem(Path f) {
        try {
            byte[] head = new byte[11];
            try (var in = Files.newInputStream(f)) {
                return in.readNBytes(head, 0, head.length) == head.length
                        && new String(head, StandardCharsets.US_ASCII).equals("-----BEGIN ");
            }
        } catch (IOException e) {
            return false;
        }
    }
}
