package jp.mimamori.integrity.keys;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jp.mimamori.core.error.CryptoException;

/** Key files are outside input: parsing fails only with {@link CryptoException} (DESIGN.md, errors). */
class KeyPemFuzzTest {
    /** PEM text for either kind of key, or DER SPKI. */
    @FuzzTest(maxDuration = "10s")
    void keyParsing_onlyCryptoExceptionEscapes(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 3);
        try {
            switch (kind) {
                case 0 -> SigningKey.fromPem(data.consumeRemainingAsString());
                case 1 -> VerifyingKey.fromPem(data.consumeRemainingAsString());
                case 2 -> VerifyingKey.fromSpkiDer(data.consumeRemainingAsBytes());
                default -> SigningKey.fromPkcs8Der(data.consumeRemainingAsBytes());
            }
        } catch (CryptoException expected) {
            // the only failure allowed
        }
    }
}
