package jp.mimamori.recorder.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.EngineOptions;
import jp.mimamori.core.decision.ErasureRequest;
import jp.mimamori.core.decision.NonCompliantRulesException;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.RetentionSetting;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.erase.ErasureAuthority;
import jp.mimamori.retention.erase.SimulatedClock;
import jp.mimamori.retention.hold.HoldAuthority;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import jp.mimamori.retention.policy.CameraRetention;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionSchedule;
import jp.mimamori.retention.service.RetentionService;
import jp.mimamori.retention.store.FileSegmentStore;

/**
 * One retention folder opened: the site's operating rules, its crypto-erase store, evidence log and service.
 * Retention periods, floors and who may erase and hold footage all come from the operating rules and the
 * guideline profile they follow — there is no second policy file: each camera keeps the period its
 * {@code retention} gives (the profile's shortest when it gives none, K1-1), the profile's ceiling and floor
 * bound it, and the erasure and hold authority is core's decision on {@link ErasureRequest} (the operation
 * manager by the role, anyone else by a manager's permit to erase, invariant 8).
 *
 * <pre>
 * rules.json      the site's operating rules (docs/RULES.md), read strictly; non-compliant rules are refused
 * workspace.json  {"format":"mimamori-retention-workspace","version":1,"simulation":false}: a simulation
 *                 workspace is the only kind a command may run at a time of its choosing ({@code --now}); it
 *                 is opened on a {@link SimulatedClock}, and a real one refuses such a clock
 * retention.private.pem  the retention service's signing key (PKCS#8), which signs every erasure receipt and
 *                 hold record
 *                 (demo only: keep a real one in an HSM or key store)
 * retention.public.pem   its public key (SPKI): give it to verifiers as a trusted retention key
 * store/          segments, index entries and per-camera key vaults
 * state/          holds.json and erasure.journal (HMAC-SHA256 authenticated under a key derived from the KEK)
 * log/            the tamper-evident evidence log (integrity's TransparentEvidenceLog), unless the caller
 *                 passes its own (the demo passes the workspace's log)
 * </pre>
 * The key-encryption key is not in the folder: it comes from the caller's {@link KeyEncryptionKeyProvider}
 * (a file elsewhere, an environment secret, an HSM), so a copy of the folder opens no erased segment
 * (docs/ERASURE.md).
 *
 * <pre>{@code
 * KeyEncryptionKeyProvider kek = KeyEncryptionKeyProvider.file(Path.of("/etc/mimamori/secrets/saku.kek"));
 * try (RetentionWorkspace ws = RetentionWorkspace.open(Path.of("retention/saku"), Clock.systemUTC(), kek)) {
 *     List<Erasure> done = ws.service().runScheduled("svc-retention");   // ErasureDeniedException unless allowed
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread at a time uses a workspace. A second process opening the same folder for
 * writing is refused by the retention state folder's lock (and by the own log's lock); {@link #openReadOnly}
 * takes neither.
 */
public final class RetentionWorkspace implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The workspace file's format name. */
    private static final String FORMAT = "mimamori-retention-workspace";

    private final OperatingRules rules;
    private final boolean simulation;
    /** The retention service's signing key in the folder (PKCS#8 PEM). */
    public static final String RETENTION_KEY = "retention.private.pem";
    /** Its public key (SPKI PEM), what verifiers trust for the retention role. */
    public static final String RETENTION_PUBLIC_KEY = "retention.public.pem";
    private final RetentionSchedule policy;
    private final FileSegmentStore store;
    private final EvidenceLog log;
    private final TransparentEvidenceLog ownLog;
    private final RetentionService service;
    private final List<Finding> logFindings;

    private RetentionWorkspace(OperatingRules rules, boolean simulation, RetentionSchedule policy,
                               FileSegmentStore store, EvidenceLog log, TransparentEvidenceLog ownLog,
                               RetentionService service, List<Finding> logFindings) {
        this.logFindings = List.copyOf(logFindings);
        this.rules = rules;
        this.simulation = simulation;
        this.policy = policy;
        this.store = store;
        this.log = log;
        this.ownLog = ownLog;
        this.service = service;
    }

    /**
     * Opens a retention folder recording into its own tamper-evident evidence log, {@code DIR/log}: finishes
     * interrupted holds and erasures (an explicit writer's open).
     *
     * @throws IOException if the folder holds no valid workspace, rules or key, its erasure journal fails
     *                     authentication, or its holds file lacks or changes a hold the evidence log's signed
     *                     hold records show in force, or carries a pending release the retention key did not
     *                     sign (nothing is then executed or erased); hold records without that signature are
     *                     not errors here but {@link #logFindings()}
     */
    public static RetentionWorkspace open(Path dir, Clock clock, KeyEncryptionKeyProvider kek) throws IOException {
        return open(dir, clock, kek, Optional.empty(), false);
    }

    /**
     * Opens a retention folder recording into {@code shared} (the demo passes the workspace's log) instead of
     * the folder's own log.
     *
     * @throws IOException as {@link #open(Path, Clock, KeyEncryptionKeyProvider)}
     */
    public static RetentionWorkspace open(Path dir, Clock clock, KeyEncryptionKeyProvider kek, EvidenceLog shared)
            throws IOException {
        return open(dir, clock, kek, Optional.of(Objects.requireNonNull(shared, "shared")), false);
    }

    /**
     * Opens a retention folder to read: plans, holds and pending erasures are reported, nothing is resumed,
     * erased or written to the state folder ({@code retention plan}, {@code hold list}).
     *
     * @throws IOException as {@link #open(Path, Clock, KeyEncryptionKeyProvider)}, except that a journal line
     *                     failing authentication is reported by {@link RetentionService#journalFindings()} instead
     */
    public static RetentionWorkspace openReadOnly(Path dir, Clock clock, KeyEncryptionKeyProvider kek)
            throws IOException {
        return open(dir, clock, kek, Optional.empty(), true);
    }

    private static RetentionWorkspace open(Path dir, Clock given, KeyEncryptionKeyProvider kekProvider,
            Optional<EvidenceLog> shared, boolean readOnly) throws IOException {
        Objects.requireNonNull(given, "clock");
        Objects.requireNonNull(kekProvider, "kek");
        boolean simulation = simulation(dir);
        if (!simulation && SimulatedClock.isSimulated(given)) {
            throw new IllegalArgumentException("clock: a simulated clock is for simulation folders only; " + dir
                    + " is a real retention folder and takes its time from the clock (K3-2-2, K3-2-3)");
        }
        // Every receipt a simulation folder produces is marked simulated, whatever clock it was opened on.
        Clock clock = simulation ? SimulatedClock.of(given) : given;
        byte[] rulesJson = rulesBytes(dir.resolve("rules.json"));
        OperatingRules rules = parseRules(dir.resolve("rules.json"), rulesJson);
        GuidelineProfile profile = profileOf(dir.resolve("rules.json"), rules);
        DecisionEngine engine;
        try {
            engine = DecisionEngine.create(rules, profile, EngineOptions.defaults().withClock(clock));
        } catch (NonCompliantRulesException e) {
            throw new IOException(dir.resolve("rules.json") + ": the rules have ERROR findings; retention does not"
                    + " run under rules that break the guideline (K4-1): " + e.getMessage(), e);
        }
        RetentionSchedule policy = schedule(rules, profile);
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
        ErasureAuthority erasure = ErasureAuthority.of(engine);
        // Whoever the rules allow to erase a camera's footage decides on keeping it too (invariant 3).
        HoldAuthority holds = (who, camera) -> engine.decide(new ErasureRequest(who, camera, clock.instant()))
                .permitted();
        try (SecretBytes journalKey = RetentionService.journalKey(kek)) {
            // The folder against the log (G7, G8): a hold removed from the holds file, or the file rolled back, is
            // refused before anything is resumed or erased; rules that differ from those last recorded are recorded
            // (rules.changed) by a writer's open before they act.
            // Only hold records signed by this folder's retention key count (G7): a release appended by hand
            // releases nothing and is reported.
            TransparentEvidenceLog readable = own != null ? own
                    : shared.get() instanceof TransparentEvidenceLog t ? t : null;
            List<Finding> logFindings = readable == null ? List.of()
                    : FolderInLog.check(readable, dir.resolve("state").resolve("holds.json"), rules, rulesJson,
                            receiptKey.verifyingKey(), clock.instant(), !readOnly);
            RetentionService svc = readOnly
                    ? RetentionService.openReadOnly(dir.resolve("state"), store, log, policy, holds, erasure,
                            journalKey, clock)
                    : RetentionService.open(dir.resolve("state"), store, log, policy, holds, erasure, journalKey,
                            clock, receiptKey);
            return new RetentionWorkspace(rules, simulation, policy, store, log, own, svc, logFindings);
        } catch (IOException | RuntimeException e) {
            if (own != null) {
                own.close();
            }
            throw e;
        }
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

    /**
     * What opening the folder found in its evidence log: an ERROR {@code HOLD_RECORD_REFUSED} per hold record
     * without a valid signature by the folder's retention key that names one of its holds or cameras, naming its
     * index and why (it places, releases and expires nothing; docs/SECURITY.md G7, K3-4, K3-2-2). Empty when the
     * log cannot be read back.
     */
    public List<Finding> logFindings() {
        return logFindings;
    }

    /** The evidence log this workspace records into. */
    public EvidenceLog evidence() {
        return log;
    }

    /**
     * The retention schedule the rules give: each camera's period in days from its {@code retention} (the
     * profile's shortest when it has none, K1-1), with its justification; the profile's ceiling (or principle)
     * and floor as bounds; a camera the rules do not name keeps the profile's shortest period.
     */
    public static RetentionSchedule schedule(OperatingRules rules, GuidelineProfile profile) {
        RetentionSchedule.Builder b = RetentionSchedule.builder(RetentionBounds.of(profile))
                .defaultPeriod(Duration.ofDays(profile.retentionDays(RetentionSetting.profileShortest())));
        for (Camera c : rules.cameras()) {
            b.camera(new CameraRetention(c.id(), Duration.ofDays(profile.retentionDays(c.retention())),
                    c.retention().justification()));
        }
        return b.build();
    }

    private static byte[] rulesBytes(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no operating rules here; a retention folder is created with them"
                    + " (RetentionWorkspace.create, or mimamori demo), see docs/FORMATS.md");
        }
        // Never through a link, never a FIFO or device: the rules decide what is erased and by whom.
        return BoundedFiles.read(file.getParent(), file, JsonInput.MAX_BYTES);
    }

    private static OperatingRules parseRules(Path file, byte[] json) throws IOException {
        try {
            return RulesReader.parse(json);
        } catch (InvalidDocumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static GuidelineProfile profileOf(Path file, OperatingRules rules) throws IOException {
        return ProfileRegistry.builtIn().find(rules.profileId(), rules.profileVersion()).orElseThrow(() ->
                new IOException(file + ": profile " + rules.profileRef() + " is not a built-in profile (K5-2)"));
    }

    /**
     * Whether the folder {@code dir} was created as a simulation, read from its {@code workspace.json} alone
     * (strictly: duplicate keys, unknown fields and limits refused, naming the field) without opening anything:
     * a command checks it before acting at a time of its choosing.
     *
     * @throws IOException if the folder holds no valid workspace file
     */
    public static boolean isSimulation(Path dir) throws IOException {
        return simulation(dir);
    }

    private static boolean simulation(Path dir) throws IOException {
        Path file = dir.resolve("workspace.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no retention workspace here (run the demo first, or create one; see"
                    + " docs/FORMATS.md)");
        }
        try {
            return simulation(BoundedFiles.read(dir, file, JsonInput.MAX_BYTES)); // never through a link
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a workspace document strictly (duplicate keys, unknown fields and limits rejected, every problem
     * named with its field path).
     *
     * @throws IllegalArgumentException listing every problem, each with its field path
     */
    static boolean simulation(byte[] json) {
        JsonInput in = new JsonInput("workspace.json", "K3-2-3");
        Optional<Obj> parsed = in.parse(json, JsonInput.MAX_BYTES);
        if (parsed.isEmpty()) {
            throw invalid(in);
        }
        Obj p = parsed.get();
        p.constant("format", FORMAT);
        p.integer("version", 1, 1);
        Optional<Boolean> simulation = p.bool("simulation");
        p.end();
        if (!in.ok() || simulation.isEmpty()) {
            throw invalid(in);
        }
        return simulation.get();
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
     * Creates a retention folder for the site whose operating rules are {@code rulesJson} (read strictly and
     * checked against its built-in profile first), with a fresh retention signing key, owner-only (an existing
     * key is kept). The key-encryption key is not created here: it lives elsewhere
     * ({@link KeyEncryptionKeyProvider#generateFile}). A {@code simulation} folder is one whose commands may act
     * at a time of their choosing and mark every receipt as simulated (the demo makes these); a real one takes
     * time only from the clock.
     *
     * @throws IOException if the rules cannot be read or follow no built-in profile, or the folder cannot be
     *                     written
     */
    public static void create(Path dir, byte[] rulesJson, boolean simulation) throws IOException {
        OperatingRules rules;
        try {
            rules = RulesReader.parse(rulesJson);
        } catch (InvalidDocumentException e) {
            throw new IOException("rules.json: " + e.getMessage(), e);
        }
        profileOf(dir.resolve("rules.json"), rules);
        Files.createDirectories(dir);
        DurableFiles.replace(dir.resolve("rules.json"), rulesJson);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("format", FORMAT);
        w.put("version", 1);
        w.put("simulation", simulation);
        DurableFiles.replace(dir.resolve("workspace.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(w));
        if (!Files.exists(dir.resolve(RETENTION_KEY))) {
            SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
            key.writePemFile(dir.resolve(RETENTION_KEY));
            Files.writeString(dir.resolve(RETENTION_PUBLIC_KEY), key.verifyingKey().toPem(),
                    java.nio.charset.StandardCharsets.US_ASCII);
            key.destroy();
        }
    }

    /** The site's operating rules, as read from {@code rules.json}. */
    public OperatingRules rules() {
        return rules;
    }

    /** Whether the folder was created as a simulation (the only kind {@code --now} may act on). */
    public boolean simulation() {
        return simulation;
    }

    /** The retention schedule the rules give ({@link #schedule}). */
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
