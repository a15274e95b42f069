package jp.mimamori.bench.seal;

import java.nio.file.*; import java.security.*; import java.util.*;
import jp.mimamori.integrity.keys.*; import jp.mimamori.integrity.seal.*; import jp.mimamori.integrity.manifest.*;
/**
 * For a shared, noisy machine: interleaves sealing 64 MiB segments with `openssl speed -elapsed -bytes 1048576 -seconds 1 sha256`; best of N (after 3 warm-up rounds)
 * each, so both see the same load. {@code java -cp bench/target/benchmarks.jar jp.mimamori.bench.seal.InterleavedSeal UNIT_BYTES ROUNDS}.
 */
public final class InterleavedSeal {
  private InterleavedSeal() {}

  /** Runs it. */
  public static void main(String[] a) throws Exception {
    int unit = Integer.parseInt(a[0]); int N = 64<<20; byte[] data = new byte[N]; new Random(1).nextBytes(data);
    CameraChain chain = CameraChain.open("bench", SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom()), Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir")),"ab").resolve("c.json"), ManifestSink.none(), java.util.Optional.empty());
    double bestSeal = 0, bestO = 0, bestJdk = 0; long t = 0;
    for (int r = 0; r < Integer.parseInt(a[1]); r++) {
      long t0 = System.nanoTime();
      SegmentSealer s = chain.begin(SegmentManifest.KIND_CHUNK);
      for (int off = 0; off < N; off += unit) s.unit(data, off, unit, t += 40000);
      s.close();
      long t1 = System.nanoTime();
      MessageDigest md = MessageDigest.getInstance("SHA-256"); byte[] sink = null;
      for (int off = 0; off < N; off += unit) { md.update(data, off, unit); sink = md.digest(); }
      long tj = System.nanoTime() - t1;
      if (sink.length != 32) throw new IllegalStateException();
      Process p = new ProcessBuilder("openssl","speed","-elapsed","-bytes","1048576","-seconds","1","sha256").redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes()); p.waitFor();
      String last = out.strip().lines().reduce((x,y)->y).orElse("");
      double kps = Double.parseDouble(last.replaceAll(".*\\s([0-9.]+)k$", "$1"));
      double mbps = kps * 1000 / 1e6;
      if (r >= 3) { bestSeal = Math.max(bestSeal, N / ((t1 - t0) / 1e3)); bestO = Math.max(bestO, mbps); bestJdk = Math.max(bestJdk, N / (tj / 1e3)); }
    }
    System.out.printf("unit %d: best seal %.0f MB/s, best JDK SHA-256 alone %.0f MB/s, best openssl sha256 %.0f MB/s, seal/openssl %.2f, seal/JDK %.2f%n", unit, bestSeal, bestJdk, bestO, bestSeal / bestO, bestSeal / bestJdk);
  }
}
