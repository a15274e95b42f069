package jp.mimamori.bench.retention;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.retention.crypto.StreamingSegmentCipher;

/**
 * CPU-time figures for a shared, overloaded machine, where wall-clock JMH scores mostly measure the other
 * tenants: {@code openssl speed} (without {@code -elapsed}) reports user CPU time, so this reports ours the
 * same way. {@code java -cp bench/target/benchmarks.jar jp.mimamori.bench.retention.RetentionCpuTime [segmentSize]}
 * prints, after warm-up, the median over 30 rounds of streaming encryption and decryption of 16 MiB (MB/s of
 * thread CPU time) and of crypto-erasing 10,000 segments with intent and receipt records (segments per CPU
 * second, with the wall-clock time beside it).
 */
public final class RetentionCpuTime {
    private RetentionCpuTime() {}

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** Runs both measurements. */
    public static void main(String[] args) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int seg = args.length > 0 ? Integer.parseInt(args[0]) : 65536;
        StreamingSegmentCipher c = StreamingSegmentCipher.create(seg);
        SecretBytes k = SecretBytes.random(32);
        byte[] pt = new byte[16 << 20];
        new java.util.Random(1).nextBytes(pt);
        byte[] aad = "mimamori-segment-v1:cam-1/1".getBytes();
        byte[] ct = c.encrypt(k, aad, pt);
        byte[] buf = new byte[1 << 20];
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int o, int l) {
            }
        };
        int warm = 60;
        int rounds = 30;
        double[] enc = new double[rounds];
        double[] dec = new double[rounds];
        for (int r = 0; r < warm + rounds; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            try (OutputStream o = c.newEncryptingStream(k, aad, sink)) {
                for (int off = 0; off < pt.length; off += buf.length) {
                    o.write(pt, off, buf.length);
                }
            }
            long c1 = mx.getCurrentThreadCpuTime();
            try (InputStream in = c.newDecryptingStream(k, aad, new ByteArrayInputStream(ct))) {
                while (in.read(buf) > 0) {
                    // drain
                }
            }
            long c2 = mx.getCurrentThreadCpuTime();
            if (r >= warm) {
                enc[r - warm] = pt.length / ((c1 - c0) / 1e9) / 1e6;
                dec[r - warm] = pt.length / ((c2 - c1) / 1e9) / 1e6;
            }
        }
        System.out.printf("segment %d B: encrypt %.0f MB/s, decrypt %.0f MB/s (median thread CPU time)%n", seg,
                median(enc), median(dec));

        CryptoEraseBench b = new CryptoEraseBench();
        b.setup();
        double[] perCpuS = new double[8];
        double[] wallS = new double[8];
        for (int r = 0; r < 3 + perCpuS.length; r++) {
            b.record();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int n = b.erase10k();
            long c1 = mx.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            if (r >= 3) {
                perCpuS[r - 3] = n / ((c1 - c0) / 1e9);
                wallS[r - 3] = n / ((t1 - t0) / 1e9);
            }
        }
        b.tearDown();
        System.out.printf("crypto-erase: %.0f segments per CPU second, %.0f per wall-clock second (medians)%n",
                median(perCpuS), median(wallS));
    }
}
