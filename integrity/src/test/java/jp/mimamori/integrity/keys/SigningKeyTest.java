package jp.mimamori.integrity.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.testing.Props;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Keys and signatures (DESIGN.md format ground rules; issue 4 "Keys and signatures"). */
class SigningKeyTest {
    private static final byte[] DATA = "{\"camera\":\"cam-1\",\"seq\":7}".getBytes(UTF_8);

    /** A SecureRandom with a fixed seed, so key generation in tests is reproducible. */
    static SecureRandom fixedRandom(long seed) {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;
            private final Random r = new Random(seed);

            @Override
            public void nextBytes(byte[] bytes) {
                r.nextBytes(bytes);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signVerify_roundTrips_andDetectsAnyChange(SignatureAlgorithm alg) throws Exception {
        SigningKey k = SigningKey.generate(alg, new SecureRandom());
        byte[] sig = k.sign(DATA);
        k.verifyingKey().verify(sig, DATA);
        byte[] other = DATA.clone();
        other[3] ^= 1;
        assertThrows(SignatureInvalidException.class, () -> k.verifyingKey().verify(sig, other));
        byte[] badSig = sig.clone();
        badSig[badSig.length - 1] ^= 1;
        assertThrows(SignatureInvalidException.class, () -> k.verifyingKey().verify(badSig, DATA));
        SigningKey k2 = SigningKey.generate(alg, new SecureRandom());
        assertThrows(SignatureInvalidException.class, () -> k2.verifyingKey().verify(sig, DATA));
        assertEquals(alg, k.algorithm());
        assertEquals(alg, k.verifyingKey().algorithm());
    }

    @Test
    @DisplayName("K3-2-4: signatures verify and any single bit flip of signature or data fails")
    void property_anyBitFlip_fails() {
        SigningKey ed = SigningKey.generate(SignatureAlgorithm.ED25519, fixedRandom(1));
        SigningKey ec = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, fixedRandom(2));
        Props.theory(60).forAll(longs().all(), integers().between(0, 1 << 16)).check((seed, bit) -> {
            byte[] data = new byte[new Random(seed).nextInt(100) + 1];
            new Random(seed).nextBytes(data);
            for (SigningKey k : new SigningKey[] {ed, ec}) {
                try {
                    byte[] sig = k.sign(data);
                    if (!k.verifyingKey().isValid(sig, data)) {
                        return false;
                    }
                    byte[] s2 = sig.clone();
                    s2[(bit >>> 3) % s2.length] ^= (byte) (1 << (bit & 7));
                    byte[] d2 = data.clone();
                    d2[(bit >>> 3) % d2.length] ^= (byte) (1 << (bit & 7));
                    if (k.verifyingKey().isValid(s2, data) || k.verifyingKey().isValid(sig, d2)) {
                        return false;
                    }
                } catch (CryptoException e) {
                    throw new AssertionError(e);
                }
            }
            return true;
        });
    }

    @Test
    void p256_isDeterministic_lowS_andDer() throws Exception {
        SigningKey k = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
        BigInteger halfN = P256.N.shiftRight(1);
        for (int i = 0; i < 50; i++) {
            byte[] data = ("message " + i).getBytes(UTF_8);
            byte[] sig = k.sign(data);
            assertArrayEquals(sig, k.sign(data), "RFC 6979: same data, same signature");
            assertTrue(sig.length <= 72);
            ASN1Sequence seq = ASN1Sequence.getInstance(sig);
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            assertTrue(s.compareTo(halfN) <= 0, "low S");
            // The high-S twin is a valid ECDSA signature too and verifies (standard ECDSA).
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            byte[] high = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new ASN1Integer(r), new ASN1Integer(P256.N.subtract(s))}).getEncoded("DER");
            assertTrue(k.verifyingKey().isValid(high, data));
        }
    }

    @Test
    void ed25519_matchesRfc8032TestVector1() throws Exception {
        // RFC 8032 §7.1, TEST 1.
        HexFormat hex = HexFormat.of();
        SigningKey k = SigningKey.ed25519(hex.parseHex(
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                hex.formatHex(k.verifyingKey().rawEd25519()));
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
                + "d25bf5f0595bbe24655141438e7a100b", hex.formatHex(k.sign(new byte[0])));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void pem_roundTrips_andKeyIdIsSha256OfSpki(SignatureAlgorithm alg) throws Exception {
        SigningKey k = SigningKey.generate(alg, new SecureRandom());
        String pem = k.toPem();
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
        SigningKey back = SigningKey.fromPem(pem);
        assertEquals(k.verifyingKey(), back.verifyingKey());
        VerifyingKey pub = VerifyingKey.fromPem(k.verifyingKey().toPem());
        assertEquals(k.verifyingKey(), pub);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pub.spkiDer())),
                pub.keyId());
        assertTrue(pub.keyId().matches("[0-9a-f]{64}"));
        pub.verify(back.sign(DATA), DATA);
        assertEquals(alg == SignatureAlgorithm.ED25519 ? 44 : 91, pub.spkiDer().length);
        assertTrue(HexFormat.of().formatHex(pub.spkiDer()).startsWith(alg == SignatureAlgorithm.ED25519
                ? "302a300506032b6570032100" // docs/FORMATS.md, "Keys and signatures"
                : "3059301306072a8648ce3d020106082a8648ce3d03010703420004"));
    }

    @Test
    void p256_compressedSpki_getsTheCanonicalKeyId() throws Exception {
        SigningKey k = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki =
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(k.verifyingKey().spkiDer());
        byte[] point = spki.getPublicKeyData().getOctets();
        byte[] compressed = P256.DOMAIN.getCurve().decodePoint(point).getEncoded(true);
        byte[] compressedSpki = new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(spki.getAlgorithm(), compressed)
                .getEncoded("DER");
        assertEquals(k.verifyingKey().keyId(), VerifyingKey.fromSpkiDer(compressedSpki).keyId());
    }

    @Test
    @DisplayName("K3-2-4, S3: private keys never appear in toString")
    void toString_neverLeaksKeyMaterial() throws Exception {
        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            SigningKey k = SigningKey.generate(alg, new SecureRandom());
            byte[] der = k.toPkcs8Der();
            String pemBody = k.toPem().lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
            String s = k.toString();
            assertEquals("SigningKey[" + alg.wireName() + ", keyId=" + k.verifyingKey().keyId() + "]", s);
            assertFalse(s.contains(HexFormat.of().formatHex(der).substring(40, 80)));
            assertFalse(s.contains(pemBody.substring(20, 40)));
            assertFalse(s.contains(Base64.getEncoder().encodeToString(der).substring(30, 50)));
        }
    }

    @Test
    void destroyedSigningKey_refusesToSign() {
        SigningKey k = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        k.destroy();
        assertTrue(k.isDestroyed());
        assertThrows(IllegalStateException.class, () -> k.sign(DATA));
        assertTrue(k.toString().endsWith(", destroyed]"));
    }

    @Test
    void wireNames_areFixed() {
        assertEquals("ed25519", SignatureAlgorithm.ED25519.wireName());
        assertEquals("ecdsa-p256-sha256", SignatureAlgorithm.ECDSA_P256.wireName());
        assertEquals(SignatureAlgorithm.ECDSA_P256, SignatureAlgorithm.fromWireName("ecdsa-p256-sha256"));
        assertEquals("signature algorithm: unknown name \"rsa\" (known: \"ed25519\", \"ecdsa-p256-sha256\")",
                assertThrows(IllegalArgumentException.class, () -> SignatureAlgorithm.fromWireName("rsa"))
                        .getMessage());
        assertTrue(SignatureAlgorithm.find("ED25519").isEmpty());
    }

    @Test
    void badPem_isCryptoExceptionNamingTheProblem() {
        assertEquals("private key PEM: no PEM block found",
                assertThrows(CryptoException.class, () -> SigningKey.fromPem("hello")).getMessage());
        SigningKey k = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        assertEquals("private key PEM: expected a \"PRIVATE KEY\" PEM block, found \"PUBLIC KEY\"",
                assertThrows(CryptoException.class, () -> SigningKey.fromPem(k.verifyingKey().toPem()))
                        .getMessage());
        assertEquals("public key PEM: expected a \"PUBLIC KEY\" PEM block, found \"PRIVATE KEY\"",
                assertThrows(CryptoException.class, () -> VerifyingKey.fromPem(k.toPem())).getMessage());
        assertEquals("private key: not a DER PKCS#8 PrivateKeyInfo", assertThrows(CryptoException.class,
                () -> SigningKey.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
                .getMessage());
        VerifyingKey p256 = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom()).verifyingKey();
        assertEquals("rawEd25519: this is a ecdsa-p256-sha256 key",
                assertThrows(IllegalStateException.class, p256::rawEd25519).getMessage());
    }
}
