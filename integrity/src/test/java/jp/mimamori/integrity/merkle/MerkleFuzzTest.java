package jp.mimamori.integrity.merkle;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/** Proofs come from outside: verifying any proof fails only with {@link ProofException}, never otherwise. */
class MerkleFuzzTest {
    /** Arbitrary index, sizes, node lengths and counts. */
    @FuzzTest(maxDuration = "10s")
    void verify_onlyProofExceptionEscapes(FuzzedDataProvider data) {
        long a = data.consumeLong();
        long b = data.consumeLong();
        byte[] h1 = data.consumeBytes(data.consumeInt(0, 40));
        byte[] h2 = data.consumeBytes(data.consumeInt(0, 40));
        List<byte[]> proof = new ArrayList<>();
        int n = data.consumeInt(0, 70);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            proof.add(data.consumeBytes(data.consumeBoolean() ? 32 : data.consumeInt(0, 40)));
        }
        try {
            Merkle.verifyInclusion(h1, a, b, proof, h2);
        } catch (ProofException expected) {
            // the only failure allowed
        }
        try {
            Merkle.verifyConsistency(a, b, proof, h1, h2);
        } catch (ProofException expected) {
            // the only failure allowed
        }
    }
}
