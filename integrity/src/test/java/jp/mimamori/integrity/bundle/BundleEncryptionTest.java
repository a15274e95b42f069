package jp.mimamori.integrity.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle encrypted to its recipient's certificate (K3-2-1) opens with {@code openssl cms -decrypt} and with the
 * library, for an RSA and an EC P-256 recipient, and the ciphertext does not contain the bundle.
 */
class BundleEncryptionTest {
    @TempDir
    Path dir;

    static int openssl(Path dir, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            System.err.println(out);
        }
        return code;
    }

    static boolean hasOpenssl() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static PrivateKey pkcs8(Path pem, String alg) throws Exception {
        String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa", "ec"})
    void encryptedBundle_opensWithOpensslCmsAndTheLibrary(String kind) throws Exception {
        Assumptions.assumeTrue(hasOpenssl(), "openssl is not installed");
        String[] newkey = kind.equals("rsa") ? new String[] {"-newkey", "rsa:2048"}
                : new String[] {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"};
        String[] req = {"req", "-x509", "-nodes", "-keyout", "police.key", "-out", "police.pem", "-subj",
                "/CN=Saku Police", "-days", "30"};
        String[] args = new String[req.length + newkey.length];
        System.arraycopy(req, 0, args, 0, 2);
        System.arraycopy(newkey, 0, args, 2, newkey.length);
        System.arraycopy(req, 2, args, 2 + newkey.length, req.length - 2);
        assertEquals(0, openssl(dir, args));
        byte[] bundle = HostileArchives.vector();
        Files.write(dir.resolve("b.zip"), bundle);
        BundleEncryption.encrypt(dir.resolve("b.zip"),
                BundleEncryption.certificate(Files.readAllBytes(dir.resolve("police.pem"))), dir.resolve("b.zip.p7m"));
        byte[] enc = Files.readAllBytes(dir.resolve("b.zip.p7m"));
        assertFalse(new String(enc, StandardCharsets.ISO_8859_1).contains("bundle.json"));
        assertEquals(0, openssl(dir, "cms", "-decrypt", "-inform", "DER", "-in", "b.zip.p7m", "-recip", "police.pem",
                "-inkey", "police.key", "-out", "by-openssl.zip"));
        assertArrayEquals(bundle, Files.readAllBytes(dir.resolve("by-openssl.zip")));
        BundleEncryption.decrypt(dir.resolve("b.zip.p7m"), pkcs8(dir.resolve("police.key"),
                kind.equals("rsa") ? "RSA" : "EC"), dir.resolve("by-library.zip"));
        assertArrayEquals(bundle, Files.readAllBytes(dir.resolve("by-library.zip")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa", "ec"})
    @org.junit.jupiter.api.DisplayName("K3-2-1/S3: an encrypted bundle is read in place — any range of its plaintext, and a verification giving the very report of the opened bundle — with nothing decrypted to disk")
    void encryptedBundle_readInPlace_anyRange_andVerifies(String kind) throws Exception {
        Assumptions.assumeTrue(hasOpenssl(), "openssl is not installed");
        String[] newkey = kind.equals("rsa") ? new String[] {"-newkey", "rsa:2048"}
                : new String[] {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"};
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("req", "-x509", "-nodes"));
        args.addAll(java.util.List.of(newkey));
        args.addAll(java.util.List.of("-keyout", "police.key", "-out", "police.pem", "-subj", "/CN=Saku Police",
                "-days", "30"));
        assertEquals(0, openssl(dir, args.toArray(String[]::new)));
        byte[] bundle = HostileArchives.vector();
        Files.write(dir.resolve("b.zip"), bundle);
        Path p7m = BundleEncryption.encrypt(dir.resolve("b.zip"),
                BundleEncryption.certificate(Files.readAllBytes(dir.resolve("police.pem"))), dir.resolve("b.zip.p7m"));
        java.security.PrivateKey key = BundleEncryption.privateKey(Files.readString(dir.resolve("police.key")));
        try (java.nio.channels.FileChannel ch = BundleEncryption.plaintext(p7m, key)) {
            assertEquals(bundle.length, ch.size());
            jp.mimamori.testing.Props.theory(300).forAll(
                    org.quicktheories.generators.SourceDSL.integers().between(0, bundle.length),
                    org.quicktheories.generators.SourceDSL.integers().between(0, 200_000)).checkAssert((at, len) -> {
                        try {
                            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(len);
                            int n = 0;
                            while (b.hasRemaining()) {
                                int r = ch.read(b, at + n);
                                if (r < 0) {
                                    break;
                                }
                                n += r;
                            }
                            assertArrayEquals(java.util.Arrays.copyOfRange(bundle, at, Math.min(bundle.length, at + len)),
                                    java.util.Arrays.copyOf(b.array(), n));
                        } catch (java.io.IOException e) {
                            throw new AssertionError(e);
                        }
                    });
            jp.mimamori.integrity.verify.VerifyContext ctx = jp.mimamori.integrity.verify.VerifyContext.of(
                    HostileArchives.vectorTrust());
            jp.mimamori.integrity.verify.BundleVerifier v = new jp.mimamori.integrity.verify.BundleVerifier();
            assertEquals(v.check(dir.resolve("b.zip"), ctx).report().toJson(),
                    v.check(ch, "b.zip", ctx).report().toJson());
            assertTrue(v.check(ch, "b.zip", ctx).report().isValid());
        }
        assertEquals(0, openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                "other.key"));
        java.security.PrivateKey other = BundleEncryption.privateKey(Files.readString(dir.resolve("other.key")));
        org.junit.jupiter.api.Assertions.assertThrows(jp.mimamori.core.error.CryptoException.class,
                () -> BundleEncryption.plaintext(p7m, other));
    }
}
