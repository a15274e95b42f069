package jp.mimamori.recorder.retention;

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
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import jp.mimamori.retention.policy.CameraRetention;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionSchedule;
import jp.mimamori.retention.service.RetentionService;
import jp.mimamori.retention.store.FileSegmentStore;

/**
 * One retention folder opened: its policy, crypto-erase store, evidence log and service.
 *
 * <pre>
 * policy.json    {"format":"mimamori-retention-policy","version":1,"profile":…,"principle_days":…,
 *                 "ceiling_days":…,"floor_days":…,"grace_hours":…,"default_days":…,
 *                 "cameras":[{"camera":…,"days":…,"justification":…}],"hold_principals":[…]}
 * retention.private.pem   the retention service's signing key (PKCS#8), which signs every erasure receipt
 *                (demo only: keep a real one in an HSM or key store)
 * retention.public.pem    its public key (SPKI): give it to verifiers as a trusted retention key
 * store/         segments, index entries and per-camera key vaults
 * state/         holds.json and erasure.journal
 * log/           the tamper-evident evidence log (integrity's TransparentEvidenceLog), unless the caller
 *                passes its own (the demo passes the workspace's log)
 * </pre>
 * The key-encryption key is not in the folder: it comes from the caller's {@link KeyEncryptionKeyProvider}
 * (a file elsewhere, an environment secret, an HSM), so a copy of the folder opens no erased segment
 * (docs/ERASURE.md).
 *
 * <pre>{@code
 * KeyEncryptionKeyProvider kek = KeyEncryptionKeyProvider.file(Path.of("/etc/mimamori/secrets/saku.kek"));
 * try (RetentionWorkspace ws = RetentionWorkspace.open(Path.of("retention/saku"), Clock.systemUTC(), kek)) {
 *     List<Erasure> done = ws.service().runScheduled("svc-retention");
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread at a time uses a workspace. A second process opening the same folder with its
 * own log is refused by that log's file lock ({@code IOException}); with a shared log, the caller keeps a
 * folder to one process.
 */
public final class RetentionWorkspace implements AutoCloseable {
    /** Largest number of days (or hours) a policy field may hold: a hundred years. */
    private static final long MAX_DAYS = 36_500;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The retention service's signing key in the folder (PKCS#8 PEM). */
    public static final String RETENTION_KEY = "retention.private.pem";
    /** Its public key (SPKI PEM), what verifiers trust for the retention role. */
    public static final String RETENTION_PUBLIC_KEY = "retention.public.pem";
    private final RetentionSchedule policy;
    private final FileSegmentStore store;
    private final EvidenceLog log;
    private final TransparentEvidenceLog ownLog;
    private final RetentionService service;

    private RetentionWorkspace(RetentionSchedule policy, FileSegmentStore store, EvidenceLog log,
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
    public static RetentionWorkspace open(Path dir, Clock clock, KeyEncryptionKeyProvider kek) throws IOException {
        return open(dir, clock, kek, Optional.empty());
    }

    /**
     * Opens a retention folder recording into {@code shared} (the demo passes the workspace's log) instead of
     * the folder's own log.
     *
     * @throws IOException if the folder holds no {@code policy.json} or it cannot be read
     */
    public static RetentionWorkspace open(Path dir, Clock clock, KeyEncryptionKeyProvider kek, EvidenceLog shared)
            throws IOException {
        return open(dir, clock, kek, Optional.of(Objects.requireNonNull(shared, "shared")));
    }

    private static RetentionWorkspace open(Path dir, Clock clock, KeyEncryptionKeyProvider kekProvider,
            Optional<EvidenceLog> shared) throws IOException {
        Objects.requireNonNull(kekProvider, "kek");
        if (!Files.isRegularFile(dir.resolve("policy.json"))) {
            throw new IOException(dir.resolve("policy.json") + ": no retention policy here (run the demo first, "
                    + "or write one; see docs/FORMATS.md)");
        }
        List<String> holders = new ArrayList<>();
        // Never through a link, never a FIFO or device: the policy decides what is erased, the KEK what is readable.
        RetentionSchedule policy = policy(BoundedFiles.read(dir, dir.resolve("policy.json"), JsonInput.MAX_BYTES),
                holders);
        KeyEncryptionKey kek;
        try {
            kek = kekProvider.get();
        } catch (CryptoException e) {
            throw new IOException("key-encryption key: " + e.getMessage(), e);
        }
        SigningKey receiptKey = retentionKey(dir);
        FileSegmentStore store = FileSegmentStore.cryptoErase(dir.resolve("store"), kek);
        TransparentEvidenceLog own = shared.isEmpty() ? openLog(dir) : null;
        EvidenceLog log = shared.isEmpty() ? own : shared.get();
        RetentionService svc = RetentionService.open(dir.resolve("state"), store, log, policy,
                (who, cam) -> holders.contains(who), clock, receiptKey);
        return new RetentionWorkspace(policy, store, log, own, svc);
    }

    /** The folder's retention signing key; IOException naming the file if it is missing or not a key. */
    private static SigningKey retentionKey(Path dir) throws IOException {
        Path f = dir.resolve(RETENTION_KEY);
        if (!Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(f + ": no retention signing key here (it signs every erasure receipt, K3-2-3; "
                    + "RetentionWorkspace.create writes one)");
        }
        try {
            // Never through a link planted in the folder; refused, naming the file, when group or others can
            // read it (K3-2-3).
            if (Files.isSymbolicLink(f)) {
                throw new IOException(f + ": is a link; a retention signing key is read only as a regular file");
            }
            return SigningKey.fromPemFile(f);
        } catch (CryptoException e) {
            throw new IOException(f + ": not a retention signing key: " + e.getMessage(), e);
        }
    }

    /** Opens the retention folder's own tamper-evident evidence log, {@code DIR/log}. */
    public static TransparentEvidenceLog openLog(Path dir) throws IOException {
        return TransparentEvidenceLog.open(dir.resolve("log"));
    }

    /** The evidence log this workspace records into. */
    public EvidenceLog evidence() {
        return log;
    }

    /**
     * Reads {@code policy.json} strictly (duplicate keys, unknown fields and limits rejected, every problem
     * named with its field path), adding its {@code hold_principals} to {@code holders}.
     *
     * @throws IllegalArgumentException listing every problem, each with its field path
     */
    static RetentionSchedule policy(byte[] json, List<String> holders) {
        JsonInput in = new JsonInput("policy.json", "K3-2-2");
        Optional<Obj> parsed = in.parse(json, JsonInput.MAX_BYTES);
        if (parsed.isEmpty()) {
            throw invalid(in);
        }
        Obj p = parsed.get();
        p.constant("format", "mimamori-retention-policy");
        p.integer("version", 1, 1);
        String profile = p.optText("profile").orElse("unnamed");
        Optional<Duration> principle = p.optLongInteger("principle_days", 0, MAX_DAYS).map(Duration::ofDays);
        Optional<Duration> ceiling = p.optLongInteger("ceiling_days", 0, MAX_DAYS).map(Duration::ofDays);
        Duration floor = p.optLongInteger("floor_days", 0, MAX_DAYS).map(Duration::ofDays).orElse(Duration.ZERO);
        String principleReq = p.optText("principle_requirement").orElse("K3-2-2");
        String ceilingReq = p.optText("ceiling_requirement").orElse("S1");
        String floorReq = p.optText("floor_requirement").orElse("S2");
        long grace = p.optLongInteger("grace_hours", 0, MAX_DAYS).orElse(0L);
        Optional<Long> defaultDays = p.optLongInteger("default_days", 0, MAX_DAYS);
        List<CameraRetention> cameras = new ArrayList<>();
        for (Obj c : p.objects("cameras", false)) {
            Optional<String> camera = c.text("camera");
            Optional<Long> days = c.longInteger("days", 0, MAX_DAYS);
            Optional<String> justification = c.optText("justification");
            c.end();
            if (camera.isPresent() && days.isPresent()) {
                cameras.add(new CameraRetention(camera.get(), Duration.ofDays(days.get()), justification));
            }
        }
        holders.addAll(p.textSet("hold_principals", false));
        p.end();
        if (!in.ok()) {
            throw invalid(in);
        }
        RetentionSchedule.Builder builder = RetentionSchedule.builder(new RetentionBounds(profile, principle,
                ceiling, floor, principleReq, ceilingReq, floorReq)).grace(Duration.ofHours(grace));
        defaultDays.ifPresent(d -> builder.defaultPeriod(Duration.ofDays(d)));
        cameras.forEach(builder::camera);
        return builder.build();
    }

    private static IllegalArgumentException invalid(JsonInput in) {
        try {
            in.throwIfProblems();
        } catch (InvalidDocumentException e) {
            return new IllegalArgumentException(e.getMessage(), e);
        }
        throw new IllegalStateException("no problem recorded");
    }

    /**
     * Creates a retention folder with a policy and a fresh retention signing key, owner-only (the demo does
     * this); an existing key is kept. The key-encryption key is not created here: it lives elsewhere
     * ({@link KeyEncryptionKeyProvider#generateFile}).
     */
    public static void create(Path dir, Map<String, Object> policy) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("format", "mimamori-retention-policy");
        p.put("version", 1);
        p.putAll(policy);
        Files.write(dir.resolve("policy.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(p));
        if (!Files.exists(dir.resolve(RETENTION_KEY))) {
            SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
            key.writePemFile(dir.resolve(RETENTION_KEY));
            Files.writeString(dir.resolve(RETENTION_PUBLIC_KEY), key.verifyingKey().toPem(),
                    java.nio.charset.StandardCharsets.US_ASCII);
            key.destroy();
        }
    }

    /** The policy. */
    public RetentionSchedule policy() {
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
