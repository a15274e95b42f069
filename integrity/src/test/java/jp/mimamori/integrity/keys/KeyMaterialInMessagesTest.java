package jp.mimamori.integrity.keys;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.testing.KeyLeaks;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * Keys never appear in messages (docs/SECURITY.md G30, K3-2-3): for random Ed25519 seeds and P-256 keys, the
 * {@code toString} of {@link SigningKey}, its {@link VerifyingKey} and a {@link NoteSigner}, and the messages of
 * the exceptions raised by damaged PKCS#8 DER and PEM of that key, contain no run of the private key's hex or
 * base64.
 */
class KeyMaterialInMessagesTest {
    static void assertNoLeak(String text, byte[] key, String what) {
        String found = KeyLeaks.find(text, key);
        assertNull(found, () -> what + " shows private key material (" + found + "): " + text);
    }

    /** What a key and its damaged encodings say about themselves. */
    static List<String> texts(SigningKey k, long seed) {
        List<String> texts = new ArrayList<>();
        texts.add(k.toString());
        texts.add(k.verifyingKey().toString());
        texts.add(k.keyId());
        byte[] der = k.toPkcs8Der();
        Random r = new Random(seed);
        for (int i = 0; i < 8; i++) {
            byte[] bad = der.clone();
            int at = r.nextInt(bad.length);
            bad[at] ^= (byte) (1 + r.nextInt(255));
            try {
                SigningKey.fromPkcs8Der(bad).destroy();
            } catch (CryptoException | RuntimeException e) {
                texts.add(KeyLeaks.messages(e));
            }
            byte[] cut = Arrays.copyOf(der, r.nextInt(der.length));
            try {
                SigningKey.fromPkcs8Der(cut).destroy();
            } catch (CryptoException | RuntimeException e) {
                texts.add(KeyLeaks.messages(e));
            }
        }
        String pem = k.toPem();
        int body = pem.indexOf('\n') + 1 + r.nextInt(20);
        String damaged = pem.substring(0, body) + "*" + pem.substring(body + 1);
        for (String bad : List.of(damaged, pem.replace("PRIVATE KEY", "PUBLIC KEY"), pem.substring(0, pem.length() / 2))) {
            try {
                SigningKey.fromPem(bad).destroy();
            } catch (CryptoException | RuntimeException e) {
                texts.add(KeyLeaks.messages(e));
            }
        }
        texts.add(KeyLeaks.messages(assertThrows(CryptoException.class,
                () -> SigningKey.fromPem(pem.replace("PRIVATE KEY", "PUBLIC KEY")))));
        return texts;
    }

    @Test
    void ed25519Keys_toStringAndParseErrors_neverShowTheSeed_G30_K3_2_3() {
        Props.theory(100).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
            byte[] s = new byte[32];
            new Random(seed).nextBytes(s);
            SigningKey k;
            try {
                k = SigningKey.ed25519(s);
            } catch (CryptoException e) {
                throw new AssertionError(e);
            }
            List<String> texts = texts(k, seed);
            texts.add(NoteSigner.fromSeed("city.example/log", NoteVerifier.ED25519, s).toString());
            texts.add(NoteSigner.fromSeed("city.example/witness", NoteVerifier.COSIGNATURE_V1, s).toString());
            k.destroy();
            texts.add(k.toString());
            for (String t : texts) {
                assertNoLeak(t, s, "Ed25519 key");
            }
        });
    }

    @Test
    void p256Keys_toStringAndParseErrors_neverShowTheScalar_G30_K3_2_3() throws Exception {
        KeyFactory ec = KeyFactory.getInstance("EC");
        Props.theory(50).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
            SecureRandom random;
            try {
                random = SecureRandom.getInstance("SHA1PRNG");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
            random.setSeed(seed);
            SigningKey k = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, random);
            byte[] d;
            try {
                BigInteger s = ((ECPrivateKey) ec.generatePrivate(new PKCS8EncodedKeySpec(k.toPkcs8Der()))).getS();
                d = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, s);
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
            for (String t : texts(k, seed)) {
                assertNoLeak(t, d, "P-256 key");
            }
        });
    }
}
