package jp.mimamori.integrity.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.finding.Location;
import jp.mimamori.integrity.bundle.BundleEncryption;
import jp.mimamori.integrity.timestamp.TimestampVerifier;
import jp.mimamori.integrity.timestamp.Timestamps;
import jp.mimamori.integrity.timestamp.internal.TestTsa;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "No {@code Security.addProvider}: Bouncy Castle is passed as an instance where needed" (docs/SECURITY.md G30,
 * "Key-handling rules"): the library's operations that use Bouncy Castle — Ed25519 and P-256 keys and PEM, X.509
 * chains in the trust store, RFC 3161 timestamps, CMS encryption of bundles — leave the JVM's providers exactly as
 * they found them. A registration would change which implementation every other library in the embedding NVR
 * gets. (The source scan for {@code addProvider} / {@code insertProviderAt} over every module is
 * {@code NoGlobalProviderSourceTest} in the cli module.)
 */
class GlobalProvidersTest {
    static List<String> providers() {
        return Arrays.stream(Security.getProviders()).map(p -> p.getName() + " " + p.getVersionStr()).toList();
    }

    @Test
    void libraryOperations_leaveTheJcaProvidersUnchanged_G30(@TempDir Path dir) throws Exception {
        List<String> before = providers();
        boolean hadBc = Security.getProvider("BC") != null;
        SecureRandom random = new SecureRandom();
        Instant now = Instant.parse("2026-12-01T09:00:00Z");
        byte[] data = "mimamori".getBytes(StandardCharsets.US_ASCII);

        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            SigningKey k = SigningKey.fromPem(SigningKey.generate(alg, random).toPem());
            VerifyingKey v = VerifyingKey.fromPem(k.verifyingKey().toPem());
            assertTrue(v.isValid(k.sign(data), data), alg.toString());
        }
        TestTsa tsa = TestTsa.create(random, now);
        byte[] token = tsa.respond(Timestamps.request(data, random), now);
        assertTrue(TimestampVerifier.verify(token, data, List.of(tsa.caCertificate()), Location.NONE).findings()
                .isEmpty());
        TrustStore trust = TrustStore.builder().addCaCertificateDer(tsa.caCertificate().getEncoded()).build();
        X509CertificateHolder leaf = tsa.tsaCertificate();
        trust.decide(KeyRole.TSA, VerifyingKey.fromSpkiDer(leaf.getSubjectPublicKeyInfo().getEncoded()),
                List.of(leaf.getEncoded()), Optional.empty(), now);

        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair police = kpg.generateKeyPair();
        X500Name name = new X500Name("CN=Saku Police");
        X509CertificateHolder cert = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86_400 * 3650L)), name, police.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(police.getPrivate()));
        Path bundle = Files.write(dir.resolve("b.zip"), data);
        BundleEncryption.encrypt(bundle, BundleEncryption.certificate(cert.getEncoded()), dir.resolve("b.zip.p7m"));
        BundleEncryption.decrypt(dir.resolve("b.zip.p7m"), police.getPrivate(), dir.resolve("back.zip"));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("back.zip")));

        assertEquals(before, providers(), "the library registered or removed a JCA provider");
        if (!hadBc) {
            assertNull(Security.getProvider("BC"), "Bouncy Castle was registered globally");
        }
    }
}
