package jp.mimamori.retention.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.crypto.Signer;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.RetentionCode;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.internal.io.FolderLock;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.retention.decommission.Decommissioning;
import jp.mimamori.retention.erase.ErasableStore;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.erase.Erasure;
import jp.mimamori.retention.erase.ErasureAuthority;
import jp.mimamori.retention.erase.ErasureDeniedException;
import jp.mimamori.retention.erase.JournalTamperedException;
import jp.mimamori.retention.erase.ErasureEngine;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.hold.HoldAuthority;
import jp.mimamori.retention.hold.HoldDeniedException;
import jp.mimamori.retention.hold.HoldRegistry;
import jp.mimamori.retention.internal.ErasureProbes;
import jp.mimamori.retention.internal.Hkdf;
import jp.mimamori.retention.plan.DueSegment;
import jp.mimamori.retention.plan.OrphanScan;
import jp.mimamori.retention.plan.RetentionPlan;
import jp.mimamori.retention.plan.RetentionPlanner;
import jp.mimamori.retention.plan.StorageForecast;
import jp.mimamori.retention.policy.RetentionSchedule;

/**
 * Retention for one store: plan, hold, erase, forecast, decommission.
 *
 * <p>Erasure is done only by a principal the operating rules allow to run retention, at the instant the
 * embedder's {@link Clock} gives (the library reads no other time): every erasure — scheduled, forced by the
 * storage budget, or decommissioning a camera (K4-3-2) — asks the {@link ErasureAuthority} first and erases
 * nothing on a deny ({@link ErasureDeniedException}). The erasure journal is authenticated under the caller's
 * journal key ({@link #journalKey(KeyEncryptionKey)} derives one from the store's key-encryption key).
 *
 * <p>Thread-safe: one lock serialises its acts. One process owns a state folder: {@link #open} takes an
 * exclusive file lock on {@code .lock} in it until {@link #close()}, so a second open of the same folder, from
 * another process or from this one, fails at once with an {@link IOException}. {@link #openReadOnly} takes no
 * lock and changes nothing: it plans and reports pending erasures and holds, and never resumes or erases.
 *
 * <pre>{@code
 * try (RetentionService r = RetentionService.open(stateDir, store, log, policy, holdAuthority,
 *         ErasureAuthority.of(decisionEngine), RetentionService.journalKey(kek), clock, retentionKey)) {
 *     r.placeHold("cam-1", from, to, "manager-1", "police request 2026-118", Optional.empty());
 *     List<Erasure> done = r.runScheduled("svc-retention");
 * }
 * }</pre>
 */
public final class RetentionService implements AutoCloseable {
    /** Segments per erasure batch (one journal sync, one log batch, one vault rewrite per camera). */
    public static final int BATCH = 1000;

    private final ErasableStore store;
    private final EvidenceLog log;
    private final Clock clock;
    private final HoldRegistry holds;
    private final ErasureEngine engine;
    private final RetentionPlanner planner;
    private final List<Erasure> resumed;
    private final FolderLock lock;
    private final boolean readOnly;

    static {
        ErasureProbes.register(RetentionService.class, (s, p) -> ErasureProbes.set(s.engine, p));
    }

    private RetentionService(ErasableStore store, EvidenceLog log, Clock clock, HoldRegistry holds,
                             ErasureEngine engine, RetentionPlanner planner, List<Erasure> resumed,
                             FolderLock lock, boolean readOnly) {
        this.readOnly = readOnly;
        this.store = store;
        this.log = log;
        this.clock = clock;
        this.holds = holds;
        this.engine = engine;
        this.planner = planner;
        this.resumed = resumed;
        this.lock = lock;
    }

    /**
     * Opens retention over {@code store}, keeping its state in {@code stateDir}: finishes interrupted hold acts
     * and erasures (invariants 3 and 6), then indexes the store's live segments.
     *
     * @param holdAuthority    who may place and release holds
     * @param erasureAuthority who may erase footage of which camera: the operating rules
     *                         ({@link ErasureAuthority#of})
     * @param journalKey       the erasure journal's authentication key (see {@link #journalKey})
     * @param clock            the only source of time: periods, receipts and authority are judged at its instant
     * @param receiptKey       the retention service's signing key: every erasure receipt and every hold record is
     *                         signed with it (K3-2-3, K3-2-2)
     * @throws JournalTamperedException if a journal line fails authentication: nothing is resumed
     */
    public static RetentionService open(Path stateDir, ErasableStore store, EvidenceLog log, RetentionSchedule policy,
                                        HoldAuthority holdAuthority, ErasureAuthority erasureAuthority,
                                        SecretBytes journalKey, Clock clock, Signer receiptKey) throws IOException {
        Objects.requireNonNull(stateDir, "stateDir");
        FolderLock lock = FolderLock.acquire(stateDir, "retention state folder");
        try {
            HoldRegistry holds = HoldRegistry.open(stateDir.resolve("holds.json"), log, holdAuthority, receiptKey);
            ErasureEngine engine = ErasureEngine.open(stateDir.resolve("erasure.journal"), journalKey, store, log,
                    s -> holds.isHeld(s.cameraId(), s.start(), s.end()), erasureAuthority, clock, receiptKey);
            List<Erasure> resumed = engine.resume();
            return open(store, log, policy, clock, holds, engine, resumed, lock, false);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Opens retention over {@code store} to read only (for {@code retention plan}, {@code hold list}): takes no
     * lock, finishes nothing, resumes no erasure and writes nothing; {@link #pendingErasureSegments()} and
     * {@link #journalFindings()} report what a writer would find. Holding, erasing and decommissioning throw
     * {@link IllegalStateException}.
     */
    public static RetentionService openReadOnly(Path stateDir, ErasableStore store, EvidenceLog log,
                                                RetentionSchedule policy, HoldAuthority holdAuthority,
                                                ErasureAuthority erasureAuthority, SecretBytes journalKey,
                                                Clock clock) throws IOException {
        Objects.requireNonNull(stateDir, "stateDir");
        HoldRegistry holds = HoldRegistry.openReadOnly(stateDir.resolve("holds.json"), log, holdAuthority);
        ErasureEngine engine = ErasureEngine.openReadOnly(stateDir.resolve("erasure.journal"), journalKey, store,
                log, s -> holds.isHeld(s.cameraId(), s.start(), s.end()), erasureAuthority, clock);
        try {
            return open(store, log, policy, clock, holds, engine, List.of(), null, true);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /**
     * The erasure journal's key derived from the store's key-encryption key (HKDF-SHA256, info
     * {@code "mimamori erasure journal v1"}): kept wherever the KEK is, never beside the journal.
     */
    public static SecretBytes journalKey(KeyEncryptionKey kek) {
        byte[] k = kek.exportBytes();
        try {
            byte[] out = Hkdf.sha256(k, new byte[0],
                    "mimamori erasure journal v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32);
            try {
                return SecretBytes.copyOf(out);
            } finally {
                java.util.Arrays.fill(out, (byte) 0);
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 unavailable", e);
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    private static RetentionService open(ErasableStore store, EvidenceLog log, RetentionSchedule policy, Clock clock,
                                         HoldRegistry holds, ErasureEngine engine, List<Erasure> resumed,
                                         FolderLock lock, boolean readOnly) throws IOException {
        RetentionPlanner planner = new RetentionPlanner(policy);
        for (SegmentRef s : store.list()) {
            planner.add(s);
        }
        Set<String> cams = new HashSet<>();
        holds.active().forEach(h -> cams.add(h.cameraId()));
        for (String c : cams) {
            planner.holdsChanged(c, holds.activeOn(c));
        }
        holds.addListener(c -> planner.holdsChanged(c, holds.activeOn(c)));
        RetentionService s = new RetentionService(store, log, clock, holds, engine, planner, resumed, lock, readOnly);
        planner.plan(clock.instant());
        return s;
    }

    private void requireWritable() {
        if (readOnly) {
            throw new IllegalStateException("this retention service was opened read-only");
        }
    }

    /** Erasures started and not yet receipted (a read-only open reports them; a writable open finished them). */
    public synchronized List<SegmentRef> pendingErasureSegments() {
        return engine.pendingSegments();
    }

    /**
     * What the erasure journal holds that no command has finished: an INFO {@code ERASURE_PENDING} per erasure
     * started and not receipted (read-only opens report them; {@code retention run} finishes them), and an ERROR
     * {@code JOURNAL_TAMPERED} for a line that fails authentication (never executed).
     */
    public synchronized List<Finding> journalFindings() {
        List<Finding> out = new ArrayList<>();
        for (SegmentRef s : engine.pendingSegments()) {
            out.add(Finding.of(RetentionCode.ERASURE_PENDING, Severity.INFO,
                    Location.entry(s.cameraId() + "/" + s.sequence()), "K3-2-3",
                    LocalizedText.of("消去の意図が記録されたまま完了していません(retention run で完了します。不変条件6)",
                            "erasure intended and not finished (retention run finishes it; invariant 6)")));
        }
        engine.tamperedLine().ifPresent(line -> out.add(Finding.of(RetentionCode.JOURNAL_TAMPERED, Severity.ERROR,
                Location.entry("erasure.journal"), "K3-2-3",
                LocalizedText.of("消去ジャーナルの " + line + " 行目が認証に失敗しました(偽造又は改変)。この行以降は実行しません"
                                + "(不変条件6)",
                        "line " + line + " of the erasure journal fails its HMAC-SHA256 (forged or edited); it"
                                + " and what follows are never executed (invariant 6)"))));
        return out;
    }

    /** Receipts logged on open for erasures a crash had interrupted. */
    public List<Erasure> resumedOnOpen() {
        return List.copyOf(resumed);
    }

    /** Indexes a newly recorded segment. */
    public synchronized void recorded(SegmentRef s) {
        planner.add(s);
    }

    /** The full plan now. */
    public synchronized RetentionPlan plan() {
        return planner.plan(clock.instant());
    }

    /** Moves the clock: segments that became due since the last plan or tick. */
    public synchronized List<DueSegment> tick() {
        return planner.tick(clock.instant());
    }

    /** Policy findings (unjustified periods, periods below the floor). */
    public List<Finding> policyFindings() {
        return planner.policy().check();
    }

    /**
     * Expires holds whose recorded expiry passed, then erases every due, unheld segment.
     *
     * @throws ErasureDeniedException if the rules do not allow {@code principal} to erase a camera's footage now;
     *                                nothing was erased
     */
    public synchronized List<Erasure> runScheduled(String principal) throws IOException, ErasureDeniedException {
        requireWritable();
        holds.expire(clock.instant());
        RetentionPlan p = planner.plan(clock.instant());
        return erase(p.segments(), ErasureReason.SCHEDULED, principal);
    }

    /**
     * Erases what the storage budget forces out (never held segments), recorded as {@code forced}, and
     * returns the receipts with a finding per segment citing S2.
     */
    public synchronized Forced enforceBudget(long budgetBytes, String principal)
            throws IOException, ErasureDeniedException {
        requireWritable();
        List<DueSegment> cand = planner.forcedCandidates(budgetBytes);
        List<Erasure> receipts = erase(cand, ErasureReason.FORCED, principal);
        List<Finding> findings = new ArrayList<>();
        Duration floor = planner.policy().floor();
        Instant now = clock.instant();
        for (Erasure r : receipts) {
            Duration age = Duration.between(r.segment().end(), now);
            boolean below = age.compareTo(floor) < 0;
            findings.add(Finding.of(RetentionCode.FORCED_ERASURE,
                    below ? Severity.ERROR : Severity.WARNING, Location.entry(r.segment().cameraId() + "/" + r.segment().sequence()),
                    "S2",
                    LocalizedText.of("容量超過のため保存期間前に消去しました(経過 " + age.toHours() + " 時間"
                                    + (below ? "、下限未満" : "") + ")",
                            "erased before its period because the storage budget was exceeded (age "
                                    + age.toHours() + " h" + (below ? ", below the floor" : "") + ")")));
        }
        if (planner.liveBytes() > budgetBytes) {
            findings.add(Finding.of(RetentionCode.HELD_EXCEEDS_BUDGET,
                    Severity.ERROR, Location.entry("store"), "S2",
                    LocalizedText.of("保全中の映像が残るため容量内に収まりません(保全中の映像は消去しません)",
                            "still over budget: held footage is never erased to make room")));
        }
        return new Forced(receipts, findings);
    }

    /**
     * Forced erasures and their findings.
     *
     * <p>Immutable and thread-safe.
     *
     * @param receipts the receipts (reason {@code forced})
     * @param findings one per segment erased early, plus one if held footage still exceeds the budget
     */
    public record Forced(List<Erasure> receipts, List<Finding> findings) {
        /** Copies. */
        public Forced {
            receipts = List.copyOf(receipts);
            findings = List.copyOf(findings);
        }
    }

    /** Forecast of storage pressure over the longest period, in hourly steps. */
    public synchronized StorageForecast forecast(long budgetBytes) {
        Duration horizon = planner.policy().defaultPeriod();
        for (var c : planner.policy().cameras().values()) {
            horizon = c.period().compareTo(horizon) > 0 ? c.period() : horizon;
        }
        return StorageForecast.of(planner, clock.instant(), budgetBytes, horizon.plus(planner.policy().grace()),
                Duration.ofHours(1), planner.policy().floor());
    }

    /** Orphans between store files and index entries. */
    public synchronized List<Finding> orphans() throws IOException {
        return OrphanScan.scan(store.fileKeys(), store.entryKeys(), store.erasedKeys());
    }

    private List<Erasure> erase(List<DueSegment> due, ErasureReason reason, String principal)
            throws IOException, ErasureDeniedException {
        // Every camera is asked before the first batch, so a deny for one erases nothing at all.
        Set<String> cameras = new java.util.LinkedHashSet<>();
        due.forEach(d -> cameras.add(d.cameraId()));
        for (String c : cameras) {
            engine.requireAuthorised(principal, c);
        }
        List<Erasure> out = new ArrayList<>();
        List<SegmentRef> batch = new ArrayList<>(BATCH);
        for (DueSegment d : due) {
            Optional<SegmentRef> r = store.find(d.cameraId(), d.sequence());
            if (r.isEmpty()) {
                planner.markErased(d.cameraId(), d.sequence(), d.end());
                continue;
            }
            batch.add(r.get());
            if (batch.size() == BATCH) {
                out.addAll(flush(batch, reason, principal));
                batch.clear();
            }
        }
        out.addAll(flush(batch, reason, principal));
        return out;
    }

    private List<Erasure> flush(List<SegmentRef> batch, ErasureReason reason, String principal)
            throws IOException, ErasureDeniedException {
        if (batch.isEmpty()) {
            return List.of();
        }
        ErasureEngine.Batch b = engine.erase(batch, reason, principal);
        for (Erasure r : b.receipts()) {
            if (r.erased()) {
                planner.markErased(r.segment().cameraId(), r.segment().sequence(), r.segment().end());
            }
        }
        return b.receipts();
    }

    /** Places a hold (see {@link HoldRegistry#place}). */
    public synchronized Hold placeHold(String cameraId, Instant from, Instant to, String principal, String reason,
                                       Optional<Instant> expires) throws HoldDeniedException, IOException {
        requireWritable();
        return holds.place(cameraId, from, to, principal, reason, expires, clock.instant());
    }

    /** Releases a hold (see {@link HoldRegistry#release}). */
    public synchronized void releaseHold(String holdId, String principal, String reason)
            throws HoldDeniedException, IOException {
        requireWritable();
        holds.release(holdId, principal, reason, clock.instant());
    }

    /** Ends holds whose recorded expiry passed, logging each. */
    public synchronized List<Hold> expireHolds() throws IOException {
        requireWritable();
        return holds.expire(clock.instant());
    }

    /** The holds in force. */
    public synchronized List<Hold> holds() {
        return holds.active();
    }

    /**
     * Decommissions a camera (K4-3-2), erasing its footage the same way as retention does.
     *
     * @throws ErasureDeniedException if the rules do not allow the request's principal to erase the camera's
     *                                footage now; nothing was erased or logged
     */
    public synchronized Decommissioning.Result decommission(Decommissioning.Request req)
            throws IOException, ErasureDeniedException {
        requireWritable();
        Decommissioning.Result r = Decommissioning.run(req, store, engine, log, clock);
        for (Erasure e : r.receipts()) {
            if (e.erased()) {
                planner.markErased(e.segment().cameraId(), e.segment().sequence(), e.segment().end());
            }
        }
        return r;
    }

    /** The planner (read access for reports and benchmarks). */
    public RetentionPlanner planner() {
        return planner;
    }

    /** Erasures started but not yet receipted. */
    public int pendingErasures() {
        return engine.pending();
    }

    @Override
    public void close() throws IOException {
        try {
            engine.close();
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
