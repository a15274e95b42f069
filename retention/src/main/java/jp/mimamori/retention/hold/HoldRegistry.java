package jp.mimamori.retention.hold;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.time.temporal.ChronoUnit;
import jp.mimamori.core.crypto.DocumentSignature;
import jp.mimamori.core.crypto.Signer;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.evidence.HoldRecord;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;
import jp.mimamori.core.text.LocalizedText;

/**
 * The holds in force, kept in a state file that is rewritten crash-safely, with every act logged
 * ({@link EvidenceTypes#HOLD_PLACED}, {@link EvidenceTypes#HOLD_RELEASED}, {@link EvidenceTypes#HOLD_EXPIRED})
 * as a {@link HoldRecord} signed by the retention service's key, the key that signs erasure receipts
 * (docs/SECURITY.md G7): a reader of the log counts only hold records signed by the retention key it trusts, so
 * a release appended to the log without that key releases nothing.
 *
 * <p>Invariant 3, holds are never silently dropped, follows from the order of steps: a hold is written to the
 * state file as {@code placing} before it is logged and counts as in force from then on; a release or expiry
 * is written as {@code releasing}/{@code expiring} (still in force) before it is logged, and the hold leaves
 * the file only after the log acknowledged the act. {@link #open} finishes any act a crash interrupted, so the
 * log may show an act twice (same {@code hold_id}) but never miss one, and a hold leaves force only after its
 * release or expiry is in the log. A hold's expiry is only ever the one recorded at placement and only takes
 * effect through {@link #expire}, which logs it. A pending release or expiry is written to the state file with
 * the signature of the record it will log ({@code act_signature}), so a reader holding the retention public key
 * can tell an interrupted act from one an insider wrote into the file ({@link #pendingActs()}).
 *
 * <p>Thread-safe (its methods are synchronised). Its holds file belongs to one process: open it through
 * {@link jp.mimamori.retention.service.RetentionService}, whose folder lock stops a second opener.
 */
public final class HoldRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] REQS = {"K3-2-2"};
    /** The ids this registry gives holds (and the only ones a hold record names). */
    private static final java.util.regex.Pattern HOLD_ID = java.util.regex.Pattern.compile("hold-[0-9a-f]{12}");

    private final Path stateFile;
    private final boolean readOnly;
    private final EvidenceLog log;
    private final HoldAuthority authority;
    /** Signs every hold record this registry logs; null for a read-only registry, which logs nothing. */
    private final Signer retentionKey;
    private final LinkedHashMap<String, Entry> holds = new LinkedHashMap<>();
    private final List<Consumer<String>> listeners = new ArrayList<>();

    private enum State { PLACING, ACTIVE, RELEASING, EXPIRING }

    private static final class Entry {
        final Hold hold;
        State state;
        String actor;
        String actReason;
        Instant actAt;
        /** The signature of the pending release or expiry record, made before it was written to the file. */
        DocumentSignature actSignature;

        Entry(Hold hold, State state) {
            this.hold = hold;
            this.state = state;
        }
    }

    private HoldRegistry(Path stateFile, EvidenceLog log, HoldAuthority authority, Signer retentionKey,
                         boolean readOnly) {
        this.readOnly = readOnly;
        this.retentionKey = retentionKey;
        this.stateFile = stateFile;
        this.log = Objects.requireNonNull(log, "log");
        this.authority = Objects.requireNonNull(authority, "authority");
    }

    /**
     * Opens the registry kept in {@code stateFile} (created when absent) and finishes interrupted acts.
     *
     * @param stateFile    the holds file
     * @param retentionKey the retention service's signing key: every hold record logged is signed with it
     */
    public static HoldRegistry open(Path stateFile, EvidenceLog log, HoldAuthority authority, Signer retentionKey)
            throws IOException {
        return open(Optional.of(Objects.requireNonNull(stateFile, "stateFile")), log, authority, retentionKey);
    }

    /** Opens a registry kept in memory only (tests, demo): nothing survives the process. */
    public static HoldRegistry open(EvidenceLog log, HoldAuthority authority, Signer retentionKey)
            throws IOException {
        return open(Optional.empty(), log, authority, retentionKey);
    }

    private static HoldRegistry open(Optional<Path> stateFile, EvidenceLog log, HoldAuthority authority,
                                     Signer retentionKey) throws IOException {
        HoldRegistry r = new HoldRegistry(stateFile.orElse(null), log, authority,
                Objects.requireNonNull(retentionKey, "retentionKey"), false);
        if (stateFile.isPresent() && Files.exists(stateFile.get())) {
            r.load();
        }
        r.finishPending();
        return r;
    }

    /**
     * Reads the registry kept in {@code stateFile} without finishing interrupted acts or writing anything: a hold
     * whose act is still pending counts as in force, as always. Placing, releasing and expiring through it throw
     * {@link IllegalStateException}.
     */
    public static HoldRegistry openReadOnly(Path stateFile, EvidenceLog log, HoldAuthority authority)
            throws IOException {
        HoldRegistry r = new HoldRegistry(Objects.requireNonNull(stateFile, "stateFile"), log, authority, null,
                true);
        if (Files.exists(stateFile)) {
            r.load();
        }
        return r;
    }

    /** Called with a camera id whenever the holds on that camera change (the planner listens). */
    public synchronized void addListener(Consumer<String> onCameraChanged) {
        listeners.add(onCameraChanged);
    }

    /**
     * Places a hold, logging {@link EvidenceTypes#HOLD_PLACED}.
     *
     * @param expires an expiry to record now, or empty for a hold that lasts until released
     * @throws HoldDeniedException if {@code principal} may not hold footage of {@code cameraId}
     */
    public synchronized Hold place(String cameraId, Instant from, Instant to, String principal, String reason,
                                   Optional<Instant> expires, Instant now) throws HoldDeniedException, IOException {
        requireAuthorised(principal, cameraId, "place");
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        // Kept to the millisecond, as the signed record writes times, so the file and the log agree exactly.
        Hold h = new Hold("hold-" + HexFormat.of().formatHex(id), cameraId, millis(from), millis(to), principal,
                reason, millis(now), expires.map(HoldRegistry::millis));
        Entry e = new Entry(h, State.PLACING);
        holds.put(h.holdId(), e);
        save();
        notifyChanged(cameraId);
        finish(e);
        return h;
    }

    /**
     * Releases a hold, logging {@link EvidenceTypes#HOLD_RELEASED}.
     *
     * @throws HoldDeniedException if there is no such hold or {@code principal} may not release it
     */
    public synchronized void release(String holdId, String principal, String reason, Instant now)
            throws HoldDeniedException, IOException {
        Entry e = holds.get(holdId);
        if (e == null) {
            throw new HoldDeniedException(LocalizedText.of("保全 " + holdId + " はありません",
                    "no hold " + holdId + " is in force"));
        }
        requireAuthorised(principal, e.hold.cameraId(), "release");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: releasing a hold needs a reason (invariant 3)");
        }
        if (e.state == State.PLACING) {
            finish(e);
        }
        Instant at = millis(now);
        // Signed before it is written: the file then carries the signature of exactly the record to be logged.
        DocumentSignature sig = sign(new HoldRecord.Released(holdId, e.hold.cameraId(), principal, reason, at))
                .signature().orElseThrow();
        e.state = State.RELEASING;
        e.actor = principal;
        e.actReason = reason;
        e.actAt = at;
        e.actSignature = sig;
        save();
        finish(e);
    }

    /** Ends, with {@link EvidenceTypes#HOLD_EXPIRED} logged, every hold whose recorded expiry is not after now. */
    public synchronized List<Hold> expire(Instant now) throws IOException {
        List<Entry> due = new ArrayList<>();
        for (Entry e : holds.values()) {
            if (e.state == State.ACTIVE && e.hold.expires().isPresent() && !e.hold.expires().get().isAfter(now)) {
                Instant at = millis(now);
                e.actSignature = sign(new HoldRecord.Expired(e.hold.holdId(), e.hold.cameraId(),
                        e.hold.expires().get(), at)).signature().orElseThrow();
                e.state = State.EXPIRING;
                e.actAt = at;
                due.add(e);
            }
        }
        if (due.isEmpty()) {
            return List.of();
        }
        save();
        List<Hold> out = new ArrayList<>();
        for (Entry e : due) {
            finish(e);
            out.add(e.hold);
        }
        return out;
    }

    /** Every hold in force (including acts not yet logged: a hold is in force until its end is logged). */
    public synchronized List<Hold> active() {
        List<Hold> out = new ArrayList<>();
        holds.values().forEach(e -> out.add(e.hold));
        return out;
    }

    /** The holds in force on one camera. */
    public synchronized List<Hold> activeOn(String cameraId) {
        List<Hold> out = new ArrayList<>();
        for (Entry e : holds.values()) {
            if (e.hold.cameraId().equals(cameraId)) {
                out.add(e.hold);
            }
        }
        return out;
    }

    /** Whether any hold in force covers the segment. */
    public synchronized boolean isHeld(String cameraId, Instant start, Instant end) {
        for (Entry e : holds.values()) {
            if (e.hold.covers(cameraId, start, end)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The releases and expiries written to the holds file and not yet logged, as the signed records they will
     * log: their signatures were made before the file was written, so one that does not verify under the
     * retention key was written into the file by someone else (docs/SECURITY.md G7). An act without a signature
     * in the file is returned unsigned.
     */
    public synchronized List<HoldRecord> pendingActs() {
        List<HoldRecord> out = new ArrayList<>();
        for (Entry e : holds.values()) {
            try {
                pendingRecord(e).ifPresent(out::add);
            } catch (IllegalArgumentException x) {
                // Fields no act of this registry writes (an expiry after the act…): reported unsigned, so refused.
                out.add(new HoldRecord.Released(e.hold.holdId(), e.hold.cameraId(), "?", "?", e.hold.placedAt()));
            }
        }
        return out;
    }

    /**
     * The release or expiry record the entry's pending act logs, with the signature the file carries.
     *
     * @throws IllegalArgumentException if the act's fields make no such record
     */
    private static Optional<HoldRecord> pendingRecord(Entry e) {
        Optional<DocumentSignature> sig = Optional.ofNullable(e.actSignature);
        Hold h = e.hold;
        Instant at = Objects.requireNonNullElse(e.actAt, h.placedAt());
        return switch (e.state) {
            case RELEASING -> Optional.of(new HoldRecord.Released(h.holdId(), h.cameraId(),
                    Objects.requireNonNullElse(e.actor, "?"), Objects.requireNonNullElse(e.actReason, "?"), at, sig));
            case EXPIRING -> Optional.of(new HoldRecord.Expired(h.holdId(), h.cameraId(),
                    h.expires().orElseThrow(() -> new IllegalArgumentException("expires: the hold has none")), at,
                    sig));
            default -> Optional.empty();
        };
    }

    private HoldRecord sign(HoldRecord r) throws IOException {
        try {
            return r.signed(retentionKey);
        } catch (CryptoException x) {
            throw new IOException("retention signing key: cannot sign " + r.type() + " " + r.holdId() + ": "
                    + x.getMessage() + " (K3-2-2)", x);
        }
    }

    private static Instant millis(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    private void requireAuthorised(String principal, String cameraId, String act) throws HoldDeniedException {
        if (principal == null || principal.isBlank() || !authority.mayHold(principal, cameraId)) {
            throw new HoldDeniedException(LocalizedText.of(
                    principal + " にはカメラ " + cameraId + " の保全を" + ("place".equals(act) ? "設定" : "解除")
                            + "する権限がありません(不変条件3、K3-1-1)",
                    principal + " is not authorised to " + act + " holds on camera " + cameraId
                            + " (invariant 3, K3-1-1)"));
        }
    }

    private void finishPending() throws IOException {
        for (Entry e : new ArrayList<>(holds.values())) {
            if (e.state != State.ACTIVE) {
                finish(e);
            }
        }
    }

    /** Logs the entry's pending act, then records its outcome in the state file. */
    private void finish(Entry e) throws IOException {
        Hold h = e.hold;
        switch (e.state) {
            case PLACING -> {
                log.append(sign(new HoldRecord.Placed(h.holdId(), h.cameraId(), h.from(), h.to(), h.principal(),
                        h.reason(), h.expires(), h.placedAt())).toRecord());
                e.state = State.ACTIVE;
                save();
            }
            case RELEASING, EXPIRING -> {
                HoldRecord act;
                try {
                    act = pendingRecord(e).orElseThrow();
                } catch (IllegalArgumentException x) {
                    throw new IOException(Objects.toString(stateFile, "holds") + ": the pending act of hold "
                            + h.holdId() + " is malformed: " + x.getMessage() + " (invariant 3, K3-2-2)", x);
                }
                // This registry signs an act before writing it as pending: one without the retention key's
                // signature was written into the file by someone else and is never logged, signed, on its behalf
                // (G7). Whether a signature present verifies is checked by whoever holds the public key
                // (pendingActs(); a retention folder checks before this registry is opened).
                if (act.signature().isEmpty() || !act.signature().get().keyId().equals(retentionKey.keyId())) {
                    throw new IOException(Objects.toString(stateFile, "holds") + ": the pending " + act.type()
                            + " of hold " + h.holdId() + " is not signed by the retention key; the holds file was"
                            + " edited — the hold stays in force (invariant 3, K3-2-2)");
                }
                log.append(act.toRecord());
                holds.remove(h.holdId());
                save();
                notifyChanged(h.cameraId());
            }
            case ACTIVE -> { }
            default -> throw new IllegalStateException(e.state.toString());
        }
    }

    private void notifyChanged(String camera) {
        for (Consumer<String> l : listeners) {
            l.accept(camera);
        }
    }

    private void save() throws IOException {
        if (readOnly) {
            throw new IllegalStateException("the holds file was opened read-only");
        }
        if (stateFile == null) {
            return;
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : holds.values()) {
            Map<String, Object> m = e.hold.fields();
            m.put("state", e.state.name().toLowerCase(java.util.Locale.ROOT));
            if (e.actor != null) {
                m.put("act_principal", e.actor);
                m.put("act_reason", e.actReason);
            }
            if (e.actAt != null) {
                m.put("act_at", e.actAt.toString());
            }
            if (e.actSignature != null) {
                m.put("act_signature", e.actSignature.toJson());
            }
            list.add(m);
        }
        Files.createDirectories(stateFile.toAbsolutePath().getParent());
        DurableFiles.replace(stateFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                Map.of("format", "mimamori-holds", "version", 1, "holds", list)));
    }

    private void load() throws IOException {
        JsonInput in = new JsonInput("holds " + stateFile.getFileName(), REQS[0]);
        try {
            Obj root = in.canonicalDocument(BoundedFiles.read(stateFile.toAbsolutePath().getParent(),
                    stateFile.toAbsolutePath(), JsonInput.MAX_BYTES));
            root.constant("format", "mimamori-holds");
            root.integer("version", 1, 1);
            List<Entry> read = new ArrayList<>();
            for (Obj m : root.objects("holds", true)) {
                Optional<String> id = m.matching("hold_id", HOLD_ID, "保全ID",
                        "a hold id (hold- and 12 lowercase hex digits)");
                Optional<String> camera = m.text("camera");
                Optional<Instant> from = m.instant("from");
                Optional<Instant> to = m.instant("to");
                Optional<String> principal = m.text("principal");
                Optional<String> reason = m.text("reason");
                Optional<Instant> placedAt = m.instant("placed_at");
                Optional<Instant> expires = m.optInstant("expires");
                Optional<State> state = m.text("state").flatMap(st -> stateNamed(m, st));
                Optional<String> actor = m.optText("act_principal");
                Optional<String> actReason = m.optText("act_reason");
                Optional<Instant> actAt = m.optInstant("act_at");
                Optional<DocumentSignature> actSig = m.signature("act_signature", REQS[0]);
                m.end();
                if (in.ok()) {
                    Entry e = new Entry(new Hold(id.orElseThrow(), camera.orElseThrow(), from.orElseThrow(),
                            to.orElseThrow(), principal.orElseThrow(), reason.orElseThrow(), placedAt.orElseThrow(),
                            expires), state.orElseThrow());
                    e.actor = actor.orElse(null);
                    e.actReason = actReason.orElse(null);
                    e.actAt = actAt.orElse(null);
                    e.actSignature = actSig.orElse(null);
                    read.add(e);
                }
            }
            root.end();
            in.throwIfProblems();
            read.forEach(e -> holds.put(e.hold.holdId(), e));
        } catch (InvalidDocumentException | IllegalArgumentException e) {
            throw new IOException(stateFile + ": not a valid mimamori-holds v1 file: " + e.getMessage(), e);
        }
    }

    private static Optional<State> stateNamed(Obj m, String name) {
        for (State st : State.values()) {
            if (st.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                return Optional.of(st);
            }
        }
        m.problem("state", REQS[0], "不明な状態です", "unknown state");
        return Optional.empty();
    }
}
