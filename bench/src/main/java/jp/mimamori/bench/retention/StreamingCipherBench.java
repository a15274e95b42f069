package jp.mimamori.bench.retention;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.retention.crypto.StreamingSegmentCipher;
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
 * Streaming AES-256-GCM-HKDF of a 16 MiB segment with 1 MiB chunks (the default) and 64 KiB chunks. Bytes/s =
 * 16 MiB × ops/s; compare with {@code openssl speed -evp aes-256-gcm -bytes 16384} in the same sitting.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StreamingCipherBench {
    static final int SIZE = 16 << 20;

    @Param({"1048576", "65536"})
    int segmentSize;

    StreamingSegmentCipher cipher;
    SecretBytes key;
    byte[] plaintext;
    byte[] ciphertext;
    byte[] buf = new byte[1 << 20];
    final byte[] aad = "mimamori-segment-v1:cam-1/1".getBytes();

    /** Random plaintext and its ciphertext. */
    @Setup
    public void setup() throws CryptoException {
        cipher = StreamingSegmentCipher.create(segmentSize);
        key = SecretBytes.random(32);
        plaintext = new byte[SIZE];
        new Random(1).nextBytes(plaintext);
        ciphertext = cipher.encrypt(key, aad, plaintext);
    }

    /** Discards what is written. */
    static final class Sink extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }

    /** Encrypts 16 MiB as a recorder would (stream in, ciphertext out). */
    @Benchmark
    public long encrypt() throws IOException, CryptoException {
        Sink s = new Sink();
        try (OutputStream out = cipher.newEncryptingStream(key, aad, s)) {
            for (int off = 0; off < SIZE; off += buf.length) {
                out.write(plaintext, off, Math.min(buf.length, SIZE - off));
            }
        }
        return s.n;
    }

    /** Decrypts and authenticates 16 MiB. */
    @Benchmark
    public long decrypt() throws IOException, CryptoException {
        long n = 0;
        try (InputStream in = cipher.newDecryptingStream(key, aad, new ByteArrayInputStream(ciphertext))) {
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
            }
        }
        return n;
    }
}
