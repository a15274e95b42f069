package jp.mimamori.retention.erase;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.crypto.Signer;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.internal.work.Parallel;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.internal.ErasureJournal;
import jp.mimamori.retention.internal.ErasureProbes.Probe;
import jp.mimamori.retention.internal.ErasureProbes.Step;
import jp.mimamori.retention.internal.ErasureProbes;

/**
 * Write-ahead erasure (invariant 6): for each batch, intents are journalled and forced, then appended to the
 * evidence log in one {@link EvidenceLog#appendAll} (so the log holds the intent before anything is erased);
 * the store erases; the outcome is journalled; receipts are appended in one batch; then the journal, with nothing
 * left pending, is compacted back to its header line (crash-safely: the old journal or the new one, never
 * neither), so it does not grow with the number of erasures (K3-2-3).
 * {@link #resume()} finishes every erasure a crash interrupted, repeating only idempotent steps, so a segment
 * is never lost track of: the log may hold an intent or receipt twice (same {@code erasure_id}), never none.
 *
 * <p>Nothing is erased without authority (K3-2-2, K3-2-3, K3-1-1): before any intent, the
 * {@link ErasureAuthority} (the operating rules, through the chain of authority) is asked for every camera of the
 * batch at the instant of the embedder's {@link Clock}, and one deny refuses the whole batch with an
 * {@link ErasureDeniedException}. The journal is authenticated (HMAC-SHA256 under the caller's journal key): a
 * forged or edited line is refused and never executed. Held segments are refused before any intent (invariant
 * 3); a segment that a hold came to cover between its intent and a resumed erasure is not erased and gets a
 * {@code failed} receipt saying so.
 *
 * <p>Thread-safe (one batch at a time). Its journal belongs to one process: open it through
 * {@link jp.mimamori.retention.service.RetentionService}, whose folder lock stops a second opener; an engine
 * opened directly on a journal another process uses would resume that process's erasures.
 *
 * <pre>{@code
 * ErasureEngine engine = ErasureEngine.open(stateDir.resolve("erasure.journal"), journalKey, store, log,
 *         holds::isHeld, ErasureAuthority.of(decisionEngine), clock, retentionKey);
 * engine.resume();
 * ErasureEngine.Batch b = engine.erase(dueSegments, ErasureReason.SCHEDULED, "svc-retention");
 * }</pre>
 */
public final class ErasureEngine implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Records per chunk of the work split over the cores (a signature is ~50 µs: chunks of a few ms). */
    private static final int CHUNK = 64;

    /**
     * Whether a hold covers a segment now.
     *
     * <p>Called by the engine while it erases, from the thread that erases; implementations must be thread-safe if that thread varies.
     */
    @FunctionalInterface
    public interface HoldCheck {
        /** True when an active hold covers {@code segment}. */
        boolean isHeld(SegmentRef segment);
    }

    /**
     * The result of one batch.
     *
     * <p>Immutable and thread-safe.
     *
     * @param receipts one per segment attempted, in order
     * @param refused  segments not attempted because a hold covers them
     */
    public record Batch(List<Erasure> receipts, List<SegmentRef> refused) {
        /** Copies. */
        public Batch {
            receipts = List.copyOf(receipts);
            refused = List.copyOf(refused);
        }
    }

    private final ErasureJournal journal;
    private final ErasableStore store;
    private final EvidenceLog log;
    private final HoldCheck holds;
    private final ErasureAuthority authority;
    private final Clock clock;
    private final Signer receiptKey;
    private volatile Probe probe = Probe.NONE;

    static {
        ErasureProbes.register(ErasureEngine.class, (e, p) -> e.probe = p);
    }

    private ErasureEngine(ErasureJournal journal, ErasableStore store, EvidenceLog log, HoldCheck holds,
                          ErasureAuthority authority, Clock clock, Signer receiptKey) {
        this.journal = journal;
        this.receiptKey = receiptKey;
        this.store = store;
        this.log = log;
        this.holds = holds;
        this.authority = authority;
        this.clock = clock;
    }

    /**
     * Opens the engine over its journal; call {@link #resume()} before new work.
     *
     * @param journalKey the key the journal's lines are authenticated under (at least 32 bytes; not kept beside
     *                   the journal)
     * @param receiptKey the retention service's signing key, which signs every receipt
     * @throws JournalTamperedException if a journal line fails authentication: nothing is executed
     */
    public static ErasureEngine open(Path journalFile, SecretBytes journalKey, ErasableStore store, EvidenceLog log,
                                     HoldCheck holds, ErasureAuthority authority, Clock clock, Signer receiptKey)
            throws IOException {
        requireParts(journalKey, store, log, holds, authority, clock);
        Objects.requireNonNull(receiptKey, "receiptKey");
        try {
            return new ErasureEngine(ErasureJournal.open(journalFile, journalKey), store, log, holds, authority,
                    clock, receiptKey);
        } catch (ErasureJournal.TamperedException e) {
            throw new JournalTamperedException(e.getMessage(), e.tampered().line());
        }
    }

    /**
     * Opens the engine to read its journal only: {@link #pending()} and {@link #tamperedLine()} report, nothing is
     * resumed, erased or signed ({@link #erase} and {@link #resume} throw {@link IllegalStateException}).
     */
    public static ErasureEngine openReadOnly(Path journalFile, SecretBytes journalKey, ErasableStore store,
                                             EvidenceLog log, HoldCheck holds, ErasureAuthority authority,
                                             Clock clock) throws IOException {
        requireParts(journalKey, store, log, holds, authority, clock);
        return new ErasureEngine(ErasureJournal.openReadOnly(journalFile, journalKey), store, log, holds, authority,
                clock, null);
    }

    private static void requireParts(SecretBytes journalKey, ErasableStore store, EvidenceLog log, HoldCheck holds,
                                     ErasureAuthority authority, Clock clock) {
        Objects.requireNonNull(journalKey, "journalKey");
        if (journalKey.size() < 32) {
            throw new IllegalArgumentException("journalKey: at least 32 bytes for HMAC-SHA256");
        }
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(holds, "holds");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The 1-based number of the journal line that failed authentication, when opened read-only (a writable open
     * refuses instead); the erasures before it are {@linkplain #pendingSegments() pending}, nothing from it on is.
     */
    public OptionalLong tamperedLine() {
        return journal.tampered().map(t -> OptionalLong.of(t.line())).orElse(OptionalLong.empty());
    }

    /**
     * Asks the rules whether {@code principal} may erase footage of {@code cameraId} now (the embedder's clock).
     *
     * @throws ErasureDeniedException naming the requirements and the reason, if not
     */
    public void requireAuthorised(String principal, String cameraId) throws ErasureDeniedException {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("principal: an erasure names who ran it");
        }
        Decision d = authority.decide(principal, cameraId, clock.instant());
        if (d instanceof Decision.Deny deny) {
            throw new ErasureDeniedException(principal, cameraId, deny);
        }
    }

    /**
     * Whether the engine runs on a {@link SimulatedClock}: every receipt it makes is then marked {@code simulated}
     * (K3-2-3), never one of a real erasure.
     */
    public boolean simulated() {
        return SimulatedClock.isSimulated(clock);
    }

    /** Number of erasures started and not yet receipted. */
    public synchronized int pending() {
        return journal.pendingCount();
    }

    /** The segments of erasures started and not yet receipted, in journal order (what a resume would finish). */
    public synchronized List<SegmentRef> pendingSegments() {
        List<SegmentRef> out = new ArrayList<>();
        journal.pending().forEach(p -> out.add(ref(p)));
        return out;
    }

    /**
     * Erases {@code segments} write-ahead and returns their receipts; held segments are refused.
     *
     * @param principal who runs the erasure: someone the operating rules allow to erase every camera of the batch
     * @throws ErasureDeniedException   if the rules do not allow {@code principal} to erase footage of one of the
     *                                  cameras now; nothing was journalled, logged or erased
     * @throws JournalTamperedException if, when the journal is compacted after the batch's receipts are logged, its
     *                                  file is not what the engine wrote (a line planted behind its back): the
     *                                  batch is done, the journal is left for the next open to report
     */
    public synchronized Batch erase(List<SegmentRef> segments, ErasureReason reason, String principal)
            throws IOException, ErasureDeniedException {
        Objects.requireNonNull(reason, "reason");
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("principal: an erasure names who ran it");
        }
        java.util.Set<String> cameras = new java.util.LinkedHashSet<>();
        segments.forEach(s -> cameras.add(s.cameraId()));
        for (String c : cameras) {
            requireAuthorised(principal, c);
        }
        List<SegmentRef> go = new ArrayList<>();
        List<SegmentRef> refused = new ArrayList<>();
        for (SegmentRef s : segments) {
            (holds.isHeld(s) ? refused : go).add(s);
        }
        if (go.isEmpty()) {
            return new Batch(List.of(), refused);
        }
        Instant at = clock.instant();
        ErasureMethod m = store.method();
        List<String> ids = new ArrayList<>(go.size());
        for (int i = 0; i < go.size(); i++) {
            byte[] r = new byte[8];
            RANDOM.nextBytes(r);
            ids.add("er-" + HexFormat.of().formatHex(r));
        }
        // The intent records are built on the other cores while the journal lines are written and forced: pure
        // work, appended only after the sync returns (write-ahead order unchanged).
        List<Integer> index = indices(go.size());
        Parallel.Split<EvidenceRecord, RuntimeException> intents = Parallel.start(index, CHUNK,
                i -> Erasure.intent(ids.get(i), go.get(i), m, reason, at, principal));
        try {
            for (int i = 0; i < go.size(); i++) {
                SegmentRef s = go.get(i);
                journal.intent(ids.get(i), s.cameraId(), s.sequence(), s.start().toEpochMilli(),
                        s.end().toEpochMilli(), s.sizeBytes(), s.manifestHash(), m.wireName(), reason.wireName(),
                        principal, at.toEpochMilli());
            }
            journal.sync();
            probe.after(Step.INTENT_JOURNALLED);
        } catch (IOException | RuntimeException e) {
            intents.cancel();
            throw e;
        }
        log.appendAll(intents.join());
        for (String id : ids) {
            journal.logged(id);
        }
        probe.after(Step.INTENT_LOGGED);
        List<ErasableStore.Result> results = store.erase(go);
        probe.after(Step.ERASED);
        Instant done = clock.instant();
        for (int i = 0; i < go.size(); i++) {
            journal.erased(ids.get(i), results.get(i).erased(), results.get(i).note(), done.toEpochMilli());
        }
        // The receipts are signed on every core while the outcome lines are forced: signing changes nothing
        // outside memory, and no receipt is appended before the sync returns (write-ahead order unchanged).
        boolean sim = simulated();
        Parallel.Split<Erasure, IOException> signing = Parallel.start(index, signingChunk(index),
                i -> signed(Erasure.of(ids.get(i), go.get(i), m, reason, done, principal, results.get(i).erased(),
                        results.get(i).note(), sim)));
        try {
            journal.sync();
            probe.after(Step.ERASED_JOURNALLED);
        } catch (IOException | RuntimeException e) {
            signing.cancel();
            throw e;
        }
        List<Erasure> receipts = signing.join();
        log.appendAll(records(receipts));
        probe.after(Step.RECEIPT_LOGGED);
        for (String id : ids) {
            journal.receipted(id);
        }
        // Every receipt is in the log: the journal goes back to its minimal size (K3-2-3, invariant 6).
        settle();
        return new Batch(receipts, refused);
    }

    /**
     * Finishes every erasure a crash interrupted: re-logs intents not known to be logged, erases (idempotent),
     * logs receipts. Returns the receipts it logged.
     */
    public synchronized List<Erasure> resume() throws IOException {
        List<ErasureJournal.Pending> todo = journal.pending();
        if (todo.isEmpty()) {
            return List.of();
        }
        List<EvidenceRecord> intents = new ArrayList<>();
        List<ErasureJournal.Pending> unlogged = new ArrayList<>();
        for (ErasureJournal.Pending p : todo) {
            if (!p.logged) {
                intents.add(Erasure.intent(p.intent[1], ref(p), ErasureMethod.fromWire(p.intent[8]),
                        ErasureReason.fromWire(p.intent[9]), Instant.ofEpochMilli(Long.parseLong(p.intent[11])),
                        ErasureJournal.text(p.intent[10])));
                unlogged.add(p);
            }
        }
        if (!intents.isEmpty()) {
            log.appendAll(intents);
            for (ErasureJournal.Pending p : unlogged) {
                journal.logged(p.intent[1]);
            }
        }
        List<ErasureJournal.Pending> toErase = new ArrayList<>();
        List<SegmentRef> refs = new ArrayList<>();
        Instant done = clock.instant();
        for (ErasureJournal.Pending p : todo) {
            if (p.erased == null) {
                SegmentRef s = ref(p);
                if (holds.isHeld(s)) {
                    journal.erased(p.intent[1], false,
                            "not erased: a hold placed after the intent covers it (invariant 3)",
                            done.toEpochMilli());
                } else {
                    toErase.add(p);
                    refs.add(s);
                }
            }
        }
        if (!refs.isEmpty()) {
            List<ErasableStore.Result> results = store.erase(refs);
            for (int i = 0; i < refs.size(); i++) {
                journal.erased(toErase.get(i).intent[1], results.get(i).erased(), results.get(i).note(),
                        done.toEpochMilli());
            }
        }
        journal.sync();
        boolean sim = simulated();
        List<ErasureJournal.Pending> finished = journal.pending();
        List<Erasure> receipts = Parallel.map(finished, signingChunk(finished), p -> signed(Erasure.of(p.intent[1],
                ref(p), ErasureMethod.fromWire(p.intent[8]), ErasureReason.fromWire(p.intent[9]),
                Instant.ofEpochMilli(p.erasedAt), ErasureJournal.text(p.intent[10]), Boolean.TRUE.equals(p.erased),
                p.note, sim)));
        log.appendAll(records(receipts));
        for (Erasure r : receipts) {
            journal.receipted(r.receipt().erasureId());
        }
        settle();
        return receipts;
    }

    /**
     * Compacts the journal once the batch's receipts are logged (nothing pending: back to its header alone); a
     * journal changed behind the engine's back is refused, never compacted away.
     */
    private void settle() throws IOException {
        try {
            journal.settle();
        } catch (ErasureJournal.TamperedException e) {
            throw new JournalTamperedException(e.getMessage(), e.tampered().line());
        }
    }

    /** The receipts' evidence records, in order. */
    private static List<EvidenceRecord> records(List<Erasure> receipts) {
        List<EvidenceRecord> out = new ArrayList<>(receipts.size());
        for (Erasure r : receipts) {
            out.add(r.toRecord());
        }
        return out;
    }

    /** Chunks for signing: one chunk (one call at a time) unless the retention key may sign concurrently. */
    private int signingChunk(List<?> items) {
        return receiptKey.concurrent() ? CHUNK : Math.max(1, items.size());
    }

    /** 0 … n-1, the positions of a batch's segments, for the work split over the cores. */
    private static List<Integer> indices(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    /**
     * The erasure with its receipt signed by the retention key; called on several cores at once only when the
     * key says it may be ({@link Signer#concurrent()}). A key that cannot sign leaves the erasure
     * pending in the journal, so {@link #resume()} logs its receipt once the key is back.
     */
    private Erasure signed(Erasure e) throws IOException {
        try {
            return new Erasure(e.segment(), e.receipt().signed(receiptKey));
        } catch (CryptoException x) {
            throw new IOException("erasure receipt " + e.receipt().erasureId() + ": the retention key cannot sign: "
                    + x.getMessage(), x);
        }
    }

    private static SegmentRef ref(ErasureJournal.Pending p) {
        String[] f = p.intent;
        return new SegmentRef(f[2], Long.parseLong(f[3]), Instant.ofEpochMilli(Long.parseLong(f[4])),
                Instant.ofEpochMilli(Long.parseLong(f[5])), Long.parseLong(f[6]), f[7]);
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
