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
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.EvidenceLog;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;
import jp.mimamori.core.text.LocalizedText;

/**
 * The holds in force, kept in a state file that is rewritten crash-safely, with every act logged
 * ({@link EvidenceTypes#HOLD_PLACED}, {@link EvidenceTypes#HOLD_RELEASED}, {@link EvidenceTypes#HOLD_EXPIRED}).
 *
 * <p>Invariant 3, holds are never silently dropped, follows from the order of steps: a hold is written to the
 * state file as {@code placing} before it is logged and counts as in force from then on; a release or expiry
 * is written as {@code releasing}/{@code expiring} (still in force) before it is logged, and the hold leaves
 * the file only after the log acknowledged the act. {@link #open} finishes any act a crash interrupted, so the
 * log may show an act twice (same {@code hold_id}) but never miss one, and a hold leaves force only after its
 * release or expiry is in the log. A hold's expiry is only ever the one recorded at placement and only takes
 * effect through {@link #expire}, which logs it.
 *
 * <p>Thread-safe (its methods are synchronised). Its holds file belongs to one process: open it through
 * {@link jp.mimamori.retention.service.RetentionService}, whose folder lock stops a second opener.
 */
public final class HoldRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] REQS = {"K3-2-2"};

    private final Path stateFile;
    private final boolean readOnly;
    private final EvidenceLog log;
    private final HoldAuthority authority;
    private final LinkedHashMap<String, Entry> holds = new LinkedHashMap<>();
    private final List<Consumer<String>> listeners = new ArrayList<>();

    private enum State { PLACING, ACTIVE, RELEASING, EXPIRING }

    private static final class Entry {
        final Hold hold;
        State state;
        String actor;
        String actReason;
        Instant actAt;

        Entry(Hold hold, State state) {
            this.hold = hold;
            this.state = state;
        }
    }

    private HoldRegistry(Path stateFile, EvidenceLog log, HoldAuthority authority, boolean readOnly) {
        this.readOnly = readOnly;
        this.stateFile = stateFile;
        this.log = Objects.requireNonNull(log, "log");
        this.authority = Objects.requireNonNull(authority, "authority");
    }

    /**
     * Opens the registry kept in {@code stateFile} (created when absent) and finishes interrupted acts.
     *
     * @param stateFile the holds file
     */
    public static HoldRegistry open(Path stateFile, EvidenceLog log, HoldAuthority authority) throws IOException {
        return open(Optional.of(Objects.requireNonNull(stateFile, "stateFile")), log, authority);
    }

    /** Opens a registry kept in memory only (tests, demo): nothing survives the process. */
    public static HoldRegistry open(EvidenceLog log, HoldAuthority authority) throws IOException {
        return open(Optional.empty(), log, authority);
    }

    private static HoldRegistry open(Optional<Path> stateFile, EvidenceLog log, HoldAuthority authority)
            throws IOException {
        HoldRegistry r = new HoldRegistry(stateFile.orElse(null), log, authority, false);
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
        HoldRegistry r = new HoldRegistry(Objects.requireNonNull(stateFile, "stateFile"), log, authority, true);
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
        Hold h = new Hold("hold-" + HexFormat.of().formatHex(id), cameraId, from, to, principal, reason, now,
                expires);
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
        e.state = State.RELEASING;
        e.actor = principal;
        e.actReason = reason;
        e.actAt = now;
        save();
        finish(e);
    }

    /** Ends, with {@link EvidenceTypes#HOLD_EXPIRED} logged, every hold whose recorded expiry is not after now. */
    public synchronized List<Hold> expire(Instant now) throws IOException {
        List<Entry> due = new ArrayList<>();
        for (Entry e : holds.values()) {
            if (e.state == State.ACTIVE && e.hold.expires().isPresent() && !e.hold.expires().get().isAfter(now)) {
                e.state = State.EXPIRING;
                e.actAt = now;
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
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("hold_id", h.holdId());
                b.put("camera", h.cameraId());
                b.put("from", h.from().toString());
                b.put("to", h.to().toString());
                b.put("principal", h.principal());
                b.put("reason", h.reason());
                if (h.expires().isPresent()) {
                    b.put("expires", h.expires().get().toString());
                }
                b.put("requirements", List.of(REQS));
                log.append(EvidenceRecord.of(EvidenceTypes.HOLD_PLACED, h.placedAt(), b));
                e.state = State.ACTIVE;
                save();
            }
            case RELEASING -> {
                log.append(EvidenceRecord.of(EvidenceTypes.HOLD_RELEASED, e.actAt, Map.of("hold_id", h.holdId(),
                        "camera", h.cameraId(), "principal", e.actor, "reason", e.actReason)));
                holds.remove(h.holdId());
                save();
                notifyChanged(h.cameraId());
            }
            case EXPIRING -> {
                log.append(EvidenceRecord.of(EvidenceTypes.HOLD_EXPIRED, e.actAt, Map.of("hold_id", h.holdId(),
                        "camera", h.cameraId(), "expires", h.expires().orElseThrow().toString())));
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
                Optional<String> id = m.text("hold_id");
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
                m.end();
                if (in.ok()) {
                    Entry e = new Entry(new Hold(id.orElseThrow(), camera.orElseThrow(), from.orElseThrow(),
                            to.orElseThrow(), principal.orElseThrow(), reason.orElseThrow(), placedAt.orElseThrow(),
                            expires), state.orElseThrow());
                    e.actor = actor.orElse(null);
                    e.actReason = actReason.orElse(null);
                    e.actAt = actAt.orElse(null);
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
