package jp.mimamori.integrity.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with OpenSSL (DESIGN.md: PEM on disk so {@code openssl} reads it). Skipped, with the reason
 * in the test report, when no {@code openssl} binary is on the PATH.
 */
@DisplayName("S-keys: openssl reads our keys and checks our signatures, and we read and check its")
class OpensslInteropTest {
    @TempDir
    Path dir;

    static boolean haveOpenssl;

    @BeforeAll
    static void probe() {
        try {
            haveOpenssl = run(null, "openssl", "version").exit == 0;
        } catch (IOException e) {
            haveOpenssl = false;
        }
    }

    record Result(int exit, String out) {}

    static Result run(Path cwd, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl timed out");
            }
            return new Result(p.exitValue(), new String(out, UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Result openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        return run(dir, cmd.toArray(new String[0]));
    }

    private void requireOpenssl() {
        assumeTrue(haveOpenssl, "openssl not found on PATH: interoperability tests skipped");
    }

    @Test
    void opensslPkey_readsOurKeys_andDerivesTheSamePublicKey() throws Exception {
        requireOpenssl();
        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            SigningKey k = SigningKey.generate(alg, new SecureRandom());
            Files.writeString(dir.resolve("private.pem"), k.toPem());
            Files.writeString(dir.resolve("public.pem"), k.verifyingKey().toPem());
            Result priv = openssl("pkey", "-in", "private.pem", "-pubout");
            assertEquals(0, priv.exit, priv.out);
            assertEquals(k.verifyingKey().toPem().strip(), priv.out.strip(), alg + ": same public key");
            Result pub = openssl("pkey", "-pubin", "-in", "public.pem", "-outform", "DER", "-out", "pub.der");
            assertEquals(0, pub.exit, pub.out);
            Result id = openssl("dgst", "-sha256", "-r", "pub.der");
            assertEquals(k.verifyingKey().keyId(), id.out.substring(0, 64), "key id = SHA-256 of SPKI DER");
        }
    }

    @Test
    void ed25519_opensslSignatures_verifyWithOurs_andOursWithOpenssl() throws Exception {
        requireOpenssl();
        assertEquals(0, openssl("genpkey", "-algorithm", "ed25519", "-out", "ossl.pem").exit);
        SigningKey theirs = SigningKey.fromPem(Files.readString(dir.resolve("ossl.pem")));
        byte[] data = "manifest bytes {\"seq\":1}".getBytes(UTF_8);
        Files.write(dir.resolve("data.bin"), data);
        Result s = openssl("pkeyutl", "-sign", "-rawin", "-inkey", "ossl.pem", "-in", "data.bin", "-out", "sig.bin");
        assertEquals(0, s.exit, s.out);
        byte[] sig = Files.readAllBytes(dir.resolve("sig.bin"));
        theirs.verifyingKey().verify(sig, data);
        assertEquals(HexFormat.of().formatHex(sig), HexFormat.of().formatHex(theirs.sign(data)),
                "Ed25519 is deterministic: same key, same data, same signature");

        SigningKey ours = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        Files.writeString(dir.resolve("pub.pem"), ours.verifyingKey().toPem());
        Files.write(dir.resolve("oursig.bin"), ours.sign(data));
        Result v = openssl("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "pub.pem", "-in", "data.bin",
                "-sigfile", "oursig.bin");
        assertEquals(0, v.exit, v.out);
    }

    @Test
    void p256_opensslSignatures_verifyWithOurs_andOursWithOpenssl() throws Exception {
        requireOpenssl();
        assertEquals(0, openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", "ossl.pem").exit);
        SigningKey theirs = SigningKey.fromPem(Files.readString(dir.resolve("ossl.pem")));
        byte[] data = "manifest bytes {\"seq\":2}".getBytes(UTF_8);
        Files.write(dir.resolve("data.bin"), data);
        Result s = openssl("dgst", "-sha256", "-sign", "ossl.pem", "-out", "sig.bin", "data.bin");
        assertEquals(0, s.exit, s.out);
        theirs.verifyingKey().verify(Files.readAllBytes(dir.resolve("sig.bin")), data);

        SigningKey ours = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
        Files.writeString(dir.resolve("pub.pem"), ours.verifyingKey().toPem());
        Files.write(dir.resolve("oursig.bin"), ours.sign(data));
        Result v = openssl("dgst", "-sha256", "-verify", "pub.pem", "-signature", "oursig.bin", "data.bin");
        assertEquals(0, v.exit, v.out);
    }

    @Test
    @DisplayName("S-keys: a recorder key certified by an openssl-made CA (RSA, P-256, Ed25519) is trusted")
    void opensslMadeCertificateChain_isAccepted() throws Exception {
        requireOpenssl();
        SigningKey recorder = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        Files.writeString(dir.resolve("leaf.pem"), recorder.toPem());
        Files.writeString(dir.resolve("leaf.ext"), "keyUsage=critical,digitalSignature\n");
        String[][] cas = {
            {"RSA", "-pkeyopt", "rsa_keygen_bits:2048"},
            {"EC", "-pkeyopt", "ec_paramgen_curve:P-256"},
            {"ed25519"}};
        for (String[] ca : cas) {
            List<String> gen = new ArrayList<>(List.of("genpkey", "-algorithm"));
            gen.addAll(List.of(ca));
            gen.addAll(List.of("-out", "ca.key"));
            assertEquals(0, openssl(gen.toArray(new String[0])).exit, ca[0]);
            Result root = openssl("req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=City CA " + ca[0],
                    "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.crt");
            assertEquals(0, root.exit, root.out);
            Result csr = openssl("req", "-new", "-key", "leaf.pem", "-subj", "/CN=recorder-7", "-out", "leaf.csr");
            assertEquals(0, csr.exit, csr.out);
            Result leaf = openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "10", "-extfile", "leaf.ext", "-outform", "DER", "-out", "leaf.der");
            assertEquals(0, leaf.exit, leaf.out);
            TrustStore trust = TrustStore.fromPemFiles(List.of(dir.resolve("ca.crt")));
            byte[] leafDer = Files.readAllBytes(dir.resolve("leaf.der"));
            trust.checkChain(recorder.verifyingKey(), List.of(leafDer), java.time.Instant.now());
            assertEquals(false, trust.trusts(recorder.verifyingKey()), "only through the chain");
            SigningKey other = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
            assertEquals(false, trust.trusts(other.verifyingKey(), List.of(leafDer), java.time.Instant.now()));
        }
    }
}
