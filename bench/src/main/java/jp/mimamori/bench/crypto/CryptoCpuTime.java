package jp.mimamori.bench.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Random;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.VerifyingKey;

/**
 * The same operations as {@link SignatureBench} and {@link HashBench}, counted per second of <em>this
 * thread's CPU time</em> rather than wall-clock time. {@code openssl speed} divides by CPU user time unless
 * given {@code -elapsed}, so on a shared, overloaded machine (where wall-clock figures swing by 2× from one
 * second to the next) this is the like-for-like comparison with its default output.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar jp.mimamori.bench.crypto.CryptoCpuTime [seconds]}.
 * Each operation is warmed up for the same CPU time first (so the JIT has compiled it), then measured.
 */
public final class CryptoCpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static volatile int sink;

    private CryptoCpuTime() {}

    /** An operation that returns something to keep it alive. */
    @FunctionalInterface
    interface Op {
        int run() throws Exception;
    }

    /** Prints ops per CPU-second for each operation. */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        SecureRandom rnd = new SecureRandom();
        SigningKey ed = SigningKey.generate(SignatureAlgorithm.ED25519, rnd);
        SigningKey ec = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, rnd);
        VerifyingKey edPub = ed.verifyingKey();
        VerifyingKey ecPub = ec.verifyingKey();
        byte[] mib = new byte[1 << 20];
        new Random(1).nextBytes(mib);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] out = new byte[32];
        double shaOps = measure("sha256OneMiB", seconds, () -> {
            md.update(mib);
            md.digest(out, 0, 32);
            return out[0];
        });
        System.out.printf(Locale.ROOT, "%-22s %12.1f MB/s (10^6 bytes per CPU-second, as openssl's k = 1000)%n",
                "sha256OneMiB", shaOps * (1 << 20) / 1e6);
        // Merkle: 4095 interior nodes of 65 bytes (two SHA-256 blocks, as a 64-byte message).
        java.util.List<byte[]> leaves = new java.util.ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            byte[] h = new byte[32];
            rnd.nextBytes(h);
            leaves.add(h);
        }
        jp.mimamori.integrity.merkle.MerkleAccumulator acc = new jp.mimamori.integrity.merkle.MerkleAccumulator();
        byte[] root = new byte[32];
        double roots = measure("merkleRoot4096", seconds, () -> {
            acc.reset();
            for (int i = 0; i < leaves.size(); i++) {
                acc.append(leaves.get(i));
            }
            acc.root(root, 0);
            return root[0];
        });
        System.out.printf(Locale.ROOT, "%-22s %12.1f node hashes per CPU-second (compare: openssl speed -bytes 64"
                + " sha256, k/64)%n", "merkleRoot4096", roots * 4095);
        if (args.length > 1 && args[1].equals("merkle")) {
            return;
        }
        // 20 bytes: what openssl speed signs; 400 bytes: a manifest.
        for (int len : new int[] {20, 400}) {
            byte[] message = new byte[len];
            rnd.nextBytes(message);
            byte[] edSig = ed.sign(message);
            byte[] ecSig = ec.sign(message);
            measure("ed25519Sign/" + len, seconds, () -> ed.sign(message)[0]);
            measure("ed25519Verify/" + len, seconds, () -> edPub.isValid(edSig, message) ? 1 : 0);
            measure("p256Sign/" + len, seconds, () -> ec.sign(message)[0]);
            measure("p256Verify/" + len, seconds, () -> ecPub.isValid(ecSig, message) ? 1 : 0);
        }
    }

    private static double measure(String name, double seconds, Op op) throws Exception {
        run(op, seconds); // warm-up
        double rate = run(op, seconds);
        System.out.printf(Locale.ROOT, "%-22s %12.1f ops per CPU-second%n", name, rate);
        return rate;
    }

    private static double run(Op op, double seconds) throws Exception {
        long budget = (long) (seconds * 1e9);
        long start = MX.getCurrentThreadCpuTime();
        long ops = 0;
        int acc = 0;
        long used;
        do {
            for (int i = 0; i < 16; i++) {
                acc += op.run();
            }
            ops += 16;
            used = MX.getCurrentThreadCpuTime() - start;
        } while (used < budget);
        sink = acc;
        return ops * 1e9 / used;
    }
}
