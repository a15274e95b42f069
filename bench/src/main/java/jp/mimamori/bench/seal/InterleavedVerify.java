package jp.mimamori.bench.seal;

import java.nio.file.*; import java.util.*; import java.util.stream.*;
import jp.mimamori.integrity.keys.*; import jp.mimamori.integrity.verify.*; import jp.mimamori.integrity.report.*;
/**
 * For a shared, noisy machine: interleaves verifying the 1 GiB store of {@link VerifyBench} with `openssl dgst -sha256` over the same unit files; best of N
 * each (after 2 warm-up rounds). Creates the store first. {@code java -Xmx2g -cp bench/target/benchmarks.jar
 * jp.mimamori.bench.seal.InterleavedVerify ROUNDS}.
 */
public final class InterleavedVerify {
  private InterleavedVerify() {}

  /** Runs it. */
  public static void main(String[] a) throws Exception {
    new VerifyBench().setup();
    Path store = Path.of(System.getProperty("java.io.tmpdir"), "mimamori-bench-verify", "store");
    // the bench store's key is not kept: trust whatever signed it, read from the signature file (timing only)
    byte[] spki = jp.mimamori.integrity.manifest.ManifestSignature.parse(Files.readAllBytes(store.resolve("bench/000000000000/manifest.sig.json"))).publicKey();
    VerifyContext ctx = VerifyContext.of(TrustStore.of(List.of(VerifyingKey.fromSpkiDer(spki))));
    List<String> cmd = new ArrayList<>(List.of("openssl", "dgst", "-sha256"));
    try (Stream<Path> s = Files.walk(store)) { s.filter(p -> p.getFileName().toString().startsWith("media.")).sorted().forEach(p -> cmd.add(p.toString())); }
    long bestJ = Long.MAX_VALUE, bestO = Long.MAX_VALUE; RecordingVerifier v = new RecordingVerifier();
    for (int r = 0; r < Integer.parseInt(a[0]); r++) {
      long t0 = System.nanoTime(); VerificationReport rep = v.verify(store, ctx); long t1 = System.nanoTime();
      if (!rep.isValid()) throw new IllegalStateException(rep.toJson());
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start(); p.waitFor(); long t2 = System.nanoTime();
      if (r >= 2) { bestJ = Math.min(bestJ, t1 - t0); bestO = Math.min(bestO, t2 - t1); }
      System.out.printf("round %d: verify %.0f ms, openssl dgst %.0f ms%n", r, (t1-t0)/1e6, (t2-t1)/1e6);
    }
    System.out.printf("best: verify %.0f ms, openssl dgst -sha256 %.0f ms, ratio (openssl time / verify time) %.2f%n", bestJ/1e6, bestO/1e6, (double) bestO / bestJ);
  }
}
