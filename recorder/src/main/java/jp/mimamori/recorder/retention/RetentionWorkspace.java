package jp.mimamori.recorder.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.SecretBytes;
import jp.mimamori.retention.policy.CameraRetention;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionPolicy;
import jp.mimamori.retention.service.RetentionService;
import jp.mimamori.retention.store.FileSegmentStore;

/**
 * One retention folder opened: its policy, crypto-erase store, evidence log and service.
 *
 * <pre>
 * policy.json    {"format":"mimamori-retention-policy","version":1,"profile":…,"principle_days":…,
 *                 "ceiling_days":…,"floor_days":…,"grace_hours":…,"default_days":…,
 *                 "cameras":[{"camera":…,"days":…,"justification":…}],"hold_principals":[…]}
 * kek.bin        the 32-byte key-encryption key (demo only: keep a real one in an HSM or key store)
 * store/         segments, index entries and per-camera key vaults
 * state/         holds.json and erasure.journal
 * log/           the tamper-evident evidence log (integrity's TransparentEvidenceLog), unless the caller
 *                passes its own (the demo passes the workspace's log)
 * </pre>
 *
 * <pre>{@code
 * try (RetentionWorkspace ws = RetentionWorkspace.open(Path.of("retention/saku"), Clock.systemUTC())) {
 *     List<ErasureReceipt> receipts = ws.service().runScheduled("svc-retention");
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread at a time uses a workspace. A second process opening the same folder with its
 * own log is refused by that log's file lock ({@code IOException}); with a shared log, the caller keeps a
 * folder to one process.
 */
public final class RetentionWorkspace implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key-encryption key's length; {@code kek.bin} holds exactly these bytes. */
    private static final int KEK_BYTES = 32;
    private final RetentionPolicy policy;
    private final FileSegmentStore store;
    private final EvidenceLog log;
    private final TransparentEvidenceLog ownLog;
    private final RetentionService service;

    private RetentionWorkspace(RetentionPolicy policy, FileSegmentStore store, EvidenceLog log,
                               TransparentEvidenceLog ownLog, RetentionService service) {
        this.policy = policy;
        this.store = store;
        this.log = log;
        this.ownLog = ownLog;
        this.service = service;
    }

    /**
     * Opens a retention folder recording into its own tamper-evident evidence log, {@code DIR/log}.
     *
     * @throws IOException if the folder holds no {@code policy.json} or it cannot be read
     */
    public static RetentionWorkspace open(Path dir, Clock clock) throws IOException {
        return open(dir, clock, Optional.empty());
    }

    /**
     * Opens a retention folder recording into {@code shared} (the demo passes the workspace's log) instead of
     * the folder's own log.
     *
     * @throws IOException if the folder holds no {@code policy.json} or it cannot be read
     */
    public static RetentionWorkspace open(Path dir, Clock clock, EvidenceLog shared) throws IOException {
        return open(dir, clock, Optional.of(Objects.requireNonNull(shared, "shared")));
    }

    private static RetentionWorkspace open(Path dir, Clock clock, Optional<EvidenceLog> shared) throws IOException {
        if (!Files.isRegularFile(dir.resolve("policy.json"))) {
            throw new IOException(dir.resolve("policy.json") + ": no retention policy here (run the demo first, "
                    + "or write one; see docs/FORMATS.md)");
        }
        JsonNode p = JSON.readTree(BoundedFiles.read(dir.resolve("policy.json"), JsonInput.MAX_BYTES));
        RetentionPolicy policy = policy(p);
        List<String> holders = new ArrayList<>();
        p.path("hold_principals").forEach(n -> holders.add(n.asText()));
        KeyEncryptionKey kek;
        byte[] k = BoundedFiles.read(dir.resolve("kek.bin"), KEK_BYTES);
        try {
            kek = KeyEncryptionKey.create(SecretBytes.copyOf(k));
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
        FileSegmentStore store = FileSegmentStore.cryptoErase(dir.resolve("store"), kek);
        TransparentEvidenceLog own = shared.isEmpty() ? openLog(dir) : null;
        EvidenceLog log = shared.isEmpty() ? own : shared.get();
        RetentionService svc = RetentionService.open(dir.resolve("state"), store, log, policy,
                (who, cam) -> holders.contains(who), clock);
        return new RetentionWorkspace(policy, store, log, own, svc);
    }

    /** Opens the retention folder's own tamper-evident evidence log, {@code DIR/log}. */
    public static TransparentEvidenceLog openLog(Path dir) throws IOException {
        return TransparentEvidenceLog.open(dir.resolve("log"));
    }

    /** The evidence log this workspace records into. */
    public EvidenceLog evidence() {
        return log;
    }

    /** Reads a whole-number field of days (or hours) within 0..36500, naming the field otherwise. */
    private static long number(JsonNode n, String path) {
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0 || n.asLong() > 36_500) {
            throw new IllegalArgumentException("policy.json " + path + ": must be a whole number within 0..36500");
        }
        return n.asLong();
    }

    static RetentionPolicy policy(JsonNode p) throws IOException {
        if (!"mimamori-retention-policy".equals(p.path("format").asText()) || p.path("version").asInt() != 1) {
            throw new IOException("policy.json: format must be mimamori-retention-policy, version 1");
        }
        RetentionBounds b = new RetentionBounds(p.path("profile").asText("unnamed"),
                days(p, "principle_days"), days(p, "ceiling_days"),
                p.hasNonNull("floor_days") ? Duration.ofDays(number(p.get("floor_days"), "floor_days"))
                        : Duration.ZERO,
                p.path("principle_requirement").asText("K3-2-2"), p.path("ceiling_requirement").asText("S1"),
                p.path("floor_requirement").asText("S2"));
        RetentionPolicy.Builder builder = RetentionPolicy.builder(b)
                .grace(Duration.ofHours(p.hasNonNull("grace_hours") ? number(p.get("grace_hours"), "grace_hours")
                        : 0));
        if (p.hasNonNull("default_days")) {
            builder.defaultPeriod(Duration.ofDays(number(p.get("default_days"), "default_days")));
        }
        int i = 0;
        for (JsonNode c : p.path("cameras")) {
            builder.camera(new CameraRetention(c.path("camera").asText(),
                    Duration.ofDays(number(c.path("days"), "cameras[" + i + "].days")),
                    c.hasNonNull("justification") ? c.get("justification").asText() : null));
            i++;
        }
        return builder.build();
    }

    private static Duration days(JsonNode p, String f) {
        return p.hasNonNull(f) ? Duration.ofDays(number(p.get(f), f)) : null;
    }

    /** Creates a retention folder with a policy and a fresh KEK (the demo does this). */
    public static void create(Path dir, Map<String, Object> policy) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("format", "mimamori-retention-policy");
        p.put("version", 1);
        p.putAll(policy);
        Files.write(dir.resolve("policy.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(p));
        if (!Files.exists(dir.resolve("kek.bin"))) {
            byte[] k = new byte[KEK_BYTES];
            new SecureRandom().nextBytes(k);
            Files.write(dir.resolve("kek.bin"), k);
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    /** The policy. */
    public RetentionPolicy policy() {
        return policy;
    }

    /** The store. */
    public FileSegmentStore store() {
        return store;
    }

    /** The service. */
    public RetentionService service() {
        return service;
    }

    @Override
    public void close() throws IOException {
        service.close();
        if (ownLog != null) {
            ownLog.close();
        }
    }
}
