package jp.mimamori.bench.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.recorder.erasure.SealedSegmentStore;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyVault;
import jp.mimamori.retention.erase.ErasureEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Retention erasure of sealed, encrypted store v2 segments (issue 11): 10,000 segments per invocation (10 cameras
 * × 1,000, one batch of 1,000 per camera) through the write-ahead {@link ErasureEngine} over
 * {@link SealedSegmentStore} and the real evidence log ({@link TransparentEvidenceLog}): intents journalled and
 * appended, each segment's manifest read and checked against its intent, each camera's data keys destroyed in one
 * crash-safe rewrite of its vault of 20,000 keys (the 14-day steady state of one-minute segments), signed receipts
 * appended, the journal compacted. The vaults are opened by the first erasure of each invocation (as in a retention
 * run).
 *
 * <p>{@link #erase10k()} ends when the last receipt is logged: the erasure is complete once the keys are destroyed
 * (NIST SP 800-88 cryptographic erase), and the segments' files are removed by the store's cleanup thread, which
 * runs beside the measured batches and is waited for in the next invocation's setup, outside the measurement.
 * {@link #erase10kThenCleanup()} also waits for the files to be gone. Segments/s = 10,000 / time; target ≥ 10,000/s.
 * Each segment's media file is 4 KiB: deleting a real 50 MB ciphertext costs the file system more (extents freed),
 * which this does not measure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 8)
@Fork(1)
public class SealedCryptoEraseBench {
    static final int CAMERAS = 10;
    static final int LIVE = 20_000;
    static final int BATCH = 1_000;
    static final byte[] MEDIA = new byte[4096];
    static final SecretBytes JOURNAL_KEY = SecretBytes.random(32);

    Path dir;
    Path store;
    KeyEncryptionKey kek;
    SigningKey recorderKey;
    SigningKey retentionKey;
    TransparentEvidenceLog log;
    long[] next = new long[CAMERAS];
    SealedSegmentStore sealed;
    ErasureEngine engine;
    List<List<SegmentRef>> batches;

    /** An encrypted store v2 and vaults of 20,000 keys per camera. */
    @Setup(Level.Trial)
    public void setup() throws IOException, CryptoException {
        dir = Files.createTempDirectory("mimamori-sealed-erase-bench");
        store = dir.resolve("store");
        kek = KeyEncryptionKey.generate();
        recorderKey = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        retentionKey = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        Recorder.open(store, RecorderOptions.encrypted(recorderKey, kek)).close(); // the marker
        log = TransparentEvidenceLog.open(dir.resolve("log"));
        for (int c = 0; c < CAMERAS; c++) {
            KeyVault v = KeyVault.open(store.resolve("cam-" + c).resolve("keys.vault"), kek);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < LIVE; i++) {
                ids.add(String.format("%012d", 1_000_000_000L + i)); // older footage, kept
            }
            v.createAll(ids);
        }
        sealed = SealedSegmentStore.open(store, Optional.of(kek));
        engine = ErasureEngine.open(dir.resolve("erasure.journal"), JOURNAL_KEY, sealed, log, s -> false,
                (p, c, t) -> new Decision.Permit(List.of("K3-2-2"), List.of(), LocalizedText.of("ベンチマーク",
                        "benchmark"), List.of(), "bench@1", "bench@1"), Clock.systemUTC(), retentionKey);
    }

    /** Records the next 1,000 sealed segments per camera (files and keys). */
    @Setup(Level.Invocation)
    public void record() throws IOException, CryptoException {
        sealed.close(); // gives the vaults back (reopened at the next erasure), so this setup may add keys
        batches = new ArrayList<>();
        long us = 1_775_000_000_000_000L;
        for (int c = 0; c < CAMERAS; c++) {
            String cam = "cam-" + c;
            KeyVault v = KeyVault.open(store.resolve(cam).resolve("keys.vault"), kek);
            List<String> ids = new ArrayList<>();
            List<SegmentRef> b = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                long seq = next[c] + i;
                String name = String.format("%012d", seq);
                ids.add(name);
                Path seg = Files.createDirectories(store.resolve(cam).resolve(name));
                long start = us + seq * 60_000_000L;
                SignedManifest m = SignedManifest.sign(new SegmentManifest(cam, seq, start, start + 59_000_000L, 1,
                        SegmentManifest.KIND_CHUNK, new byte[32], Optional.empty(),
                        recorderKey.algorithm().wireName(), recorderKey.verifyingKey().keyId(), List.of()), recorderKey);
                Files.write(seg.resolve("media.enc"), MEDIA);
                Files.write(seg.resolve("units.idx"), new byte[192]);
                Files.write(seg.resolve("manifest.sig.json"), m.signature().encode());
                Files.write(seg.resolve("manifest.json"), m.bytes());
                b.add(new SegmentRef(cam, seq, m.manifest().start(), m.manifest().end(), MEDIA.length, m.hashHex()));
            }
            v.createAll(ids);
            next[c] += BATCH;
            batches.add(b);
        }
    }

    /** Erases 10,000 sealed segments write-ahead, by destroying their data keys. */
    @Benchmark
    public int erase10k() throws IOException, jp.mimamori.retention.erase.ErasureDeniedException {
        int n = 0;
        for (List<SegmentRef> b : batches) {
            for (var r : engine.erase(b, ErasureReason.SCHEDULED, "svc-retention").receipts()) {
                n += r.erased() ? 1 : 0;
            }
        }
        if (n != CAMERAS * BATCH) {
            throw new IllegalStateException("erased " + n);
        }
        return n;
    }

    /** The same, until the erased segments' files are removed too. */
    @Benchmark
    public int erase10kThenCleanup() throws IOException, jp.mimamori.retention.erase.ErasureDeniedException {
        int n = erase10k();
        sealed.awaitCleanup();
        return n;
    }

    /** Removes the temporary folder. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        engine.close();
        sealed.close();
        log.close();
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
