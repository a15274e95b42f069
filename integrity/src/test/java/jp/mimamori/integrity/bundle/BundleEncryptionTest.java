package jp.mimamori.integrity.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
