package jp.mimamori.bench.crypto;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.VerifyingKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signatures per second on one thread. {@code messageBytes = 20} is what {@code openssl speed ed25519
 * ecdsap256} signs (its loops sign a 20-byte buffer; for ECDSA it is taken as the digest), so that row is the
 * like-for-like ratio; 400 bytes is a manifest's canonical JSON.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBench {
    /** Message length: 20 as openssl speed, 400 as a segment manifest. */
    @Param({"20", "400"})
    public int messageBytes;

    private SigningKey ed;
    private SigningKey ec;
    private VerifyingKey edPub;
    private VerifyingKey ecPub;
    private byte[] message;
    private byte[] edSig;
    private byte[] ecSig;

    /** Keys and a manifest-sized message. */
    @Setup
    public void setup() throws CryptoException {
        SecureRandom rnd = new SecureRandom();
        ed = SigningKey.generate(SignatureAlgorithm.ED25519, rnd);
        ec = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, rnd);
        edPub = ed.verifyingKey();
        ecPub = ec.verifyingKey();
        message = new byte[messageBytes];
        rnd.nextBytes(message);
        edSig = ed.sign(message);
        ecSig = ec.sign(message);
    }

    /** One Ed25519 signature. */
    @Benchmark
    public byte[] ed25519Sign() throws CryptoException {
        return ed.sign(message);
    }

    /** One ECDSA P-256 signature (RFC 6979 nonce, DER). */
    @Benchmark
    public byte[] p256Sign() throws CryptoException {
        return ec.sign(message);
    }

    /** One Ed25519 verification. */
    @Benchmark
    public boolean ed25519Verify() throws SignatureInvalidException {
        edPub.verify(edSig, message);
        return true;
    }

    /** One ECDSA P-256 verification. */
    @Benchmark
    public boolean p256Verify() throws SignatureInvalidException {
        ecPub.verify(ecSig, message);
        return true;
    }
}
