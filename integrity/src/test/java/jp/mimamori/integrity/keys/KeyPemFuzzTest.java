package jp.mimamori.integrity.keys;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jp.mimamori.core.error.CryptoException;

/** Key files are outside input: parsing fails only with {@link CryptoException} (DESIGN.md, errors). */
class KeyPemFuzzTest {
    private static final VerifyingKey KEY =
            SigningKey.generate(SignatureAlgorithm.ED25519, new java.security.SecureRandom()).verifyingKey();
    private static final TrustStore CHAIN_STORE;

    static {
        try {
            SigningKey ca = SigningKey.generate(SignatureAlgorithm.ED25519, new java.security.SecureRandom());
            CHAIN_STORE = TrustStore.builder().addCaCertificateDer(TrustStoreTest.cert("CA", ca.verifyingKey(),
                    "CA", ca, true, null, java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1L << 40)))
                    .build();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** PEM text for either kind of key, DER SPKI or PKCS#8, a trust store PEM, or a certificate chain. */
    @FuzzTest(maxDuration = "10s")
    void keyParsing_onlyCryptoExceptionEscapes(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 5);
        try {
            switch (kind) {
                case 0 -> SigningKey.fromPem(data.consumeRemainingAsString());
                case 1 -> VerifyingKey.fromPem(data.consumeRemainingAsString());
                case 2 -> VerifyingKey.fromSpkiDer(data.consumeRemainingAsBytes());
                case 3 -> SigningKey.fromPkcs8Der(data.consumeRemainingAsBytes());
                case 4 -> TrustStore.builder().addPem(data.consumeRemainingAsString(), "fuzz.pem").build();
                default -> CHAIN_STORE.checkChain(KEY, java.util.List.of(data.consumeRemainingAsBytes()),
                        java.time.Instant.EPOCH);
            }
        } catch (CryptoException expected) {
            // the only failure allowed
        }
    }
}
