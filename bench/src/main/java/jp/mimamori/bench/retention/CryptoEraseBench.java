package jp.mimamori.bench.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyVault;
import jp.mimamori.retention.erase.ErasureDeniedException;
import jp.mimamori.retention.erase.ErasureEngine;
import jp.mimamori.retention.erase.ErasableStore;
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
 * Crypto-erase of 10,000 segments per invocation (10 cameras × 1,000, in batches of 1,000) through the
 * write-ahead engine: intents journalled and appended to a durable (fsync per batch) JSON-lines log, data keys
 * destroyed in per-camera vaults of 20,000 keys (the 14-day steady state of one-minute segments: each destroy
 * rewrites the vault crash-safely and overwrites the old records), receipts appended. Segments/s =
 * 10,000 / time. Independent of segment size: the ciphertext is not touched. Target ≥ 10,000/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class CryptoEraseBench {
    static final int CAMERAS = 10;
    static final int LIVE = 20_000;
    static final int BATCH = 1_000;

    Path dir;
    VaultStore store;
    ErasureEngine engine;
    DurableLog log;
    long[] next = new long[CAMERAS];
    List<List<SegmentRef>> batches;

    /** A store whose erase is destroying keys in per-camera vaults. */
    static final class VaultStore implements ErasableStore {
        final Map<String, KeyVault> vaults = new LinkedHashMap<>();

        @Override
        public List<SegmentRef> list() {
            return List.of();
        }

        @Override
        public Optional<SegmentRef> find(String cameraId, long sequence) {
            return Optional.empty();
        }

        @Override
        public ErasureMethod method() {
            return ErasureMethod.CRYPTO_ERASE;
        }

        @Override
        public List<Result> erase(List<SegmentRef> segments) throws IOException {
            Map<String, List<String>> ids = new LinkedHashMap<>();
            for (SegmentRef s : segments) {
                ids.computeIfAbsent(s.cameraId(), c -> new ArrayList<>()).add(s.cameraId() + "/" + s.sequence());
            }
            for (Map.Entry<String, List<String>> e : ids.entrySet()) {
                vaults.get(e.getKey()).destroy(e.getValue());
            }
            List<Result> out = new ArrayList<>(segments.size());
            for (int i = 0; i < segments.size(); i++) {
                out.add(new Result(true, "data key destroyed"));
            }
            return out;
        }

        @Override
        public List<String> fileKeys() {
            return List.of();
        }

        @Override
        public List<String> entryKeys() {
            return List.of();
        }

        @Override
        public List<String> erasedKeys() {
            return List.of();
        }
    }

    /** A JSON-lines log forced once per batch, standing in for the durable evidence log. */
    static final class DurableLog implements EvidenceLog {
        private static final ObjectMapper JSON = new ObjectMapper();
        final FileChannel ch;
        long size;

        DurableLog(Path f) throws IOException {
            ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        @Override
        public EvidenceReceipt append(EvidenceRecord r) throws IOException {
            return appendAll(List.of(r)).get(0);
        }

        @Override
        public List<EvidenceReceipt> appendAll(List<EvidenceRecord> rs) throws IOException {
            StringBuilder sb = new StringBuilder(rs.size() * 300);
            for (EvidenceRecord r : rs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", r.type());
                m.put("at", r.occurredAt().toString());
                m.put("body", r.body());
                sb.append(JSON.writeValueAsString(m)).append('\n');
            }
            ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
            List<EvidenceReceipt> out = new ArrayList<>(rs.size());
            String h = "0".repeat(64);
            for (int i = 0; i < rs.size(); i++) {
                out.add(new EvidenceReceipt(size++, h));
            }
            return out;
        }

        @Override
        public long size() {
            return size;
        }
    }

    /** Vaults with 20,000 keys per camera. */
    @Setup(Level.Trial)
    public void setup() throws IOException, CryptoException {
        dir = Files.createTempDirectory("mimamori-erase-bench");
        store = new VaultStore();
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        for (int c = 0; c < CAMERAS; c++) {
            KeyVault v = KeyVault.open(dir.resolve("cam-" + c + ".vault"), kek);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < LIVE; i++) {
                ids.add("cam-" + c + "/" + i);
            }
            v.createAll(ids);
            store.vaults.put("cam-" + c, v);
        }
        log = new DurableLog(dir.resolve("log.jsonl"));
        // The benchmark measures erasure, not authority: every erasure is permitted by hand.
        engine = ErasureEngine.open(dir.resolve("erasure.journal"), SecretBytes.random(32), store, log, s -> false,
                (p, c, t) -> new Decision.Permit(List.of("K3-2-2"), List.of(), LocalizedText.of("ベンチマーク", "benchmark"),
                        List.of(), "bench@1", "bench@1"), Clock.systemUTC(),
                jp.mimamori.integrity.keys.SigningKey.generate(jp.mimamori.integrity.keys.SignatureAlgorithm.ED25519,
                        new java.security.SecureRandom()));
    }

    /** Records the next 1,000 segments per camera (keys appended) and prepares the oldest 1,000 to erase. */
    @Setup(Level.Invocation)
    public void record() throws IOException, CryptoException {
        batches = new ArrayList<>();
        String hash = HexFormat.of().formatHex(new byte[32]);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int c = 0; c < CAMERAS; c++) {
            String cam = "cam-" + c;
            List<String> ids = new ArrayList<>();
            List<SegmentRef> b = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                long seq = next[c] + i;
                ids.add(cam + "/" + (seq + LIVE));
                Instant s = t.plus(Duration.ofMinutes(seq));
                b.add(new SegmentRef(cam, seq, s, s.plusSeconds(60), 50_000_000L, hash));
            }
            store.vaults.get(cam).createAll(ids);
            next[c] += BATCH;
            batches.add(b);
        }
    }

    /** Erases 10,000 segments write-ahead. */
    @Benchmark
    public int erase10k() throws IOException, ErasureDeniedException {
        int n = 0;
        for (List<SegmentRef> b : batches) {
            n += engine.erase(b, ErasureReason.SCHEDULED, "svc-retention").receipts().size();
        }
        return n;
    }

    /** Removes the temporary folder. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        engine.close();
        log.ch.close();
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
