package jp.mimamori.integrity.log;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.integrity.log.internal.RecordCodec;

/**
 * The auditor's index over a log: records by type, camera, principal and time range. A record names a camera in
 * its body's {@code camera} string or in its {@code cameras} array (a disclosure of several cameras, K3-4), and is
 * found by each camera it names ({@link #camerasOf}). It lives in memory only
 * and is rebuilt from {@code records.log} (never read from a file an attacker could edit independently), and
 * every record a query returns is reread from the log and checked against its leaf hash, so the index can
 * make a query miss nothing it should find and never vouch for a record the log does not hold.
 *
 * <pre>{@code
 * AuditIndex idx = AuditIndex.build(log);
 * List<Long> hits = idx.query(AuditIndex.Query.ofType(EvidenceTypes.DISCLOSURE).withCamera("cam-1")
 *         .since(from).until(to));
 * }</pre>
 *
 * <p>Thread-safe: {@link #refresh()} and {@link #query} synchronize on the index. It reads the log it was built
 * from; which processes may open that log's folder is the log's concern ({@link TransparentEvidenceLog}).
 */
public final class AuditIndex {
    /**
     * A query; empty parts match everything. Time bounds are inclusive-exclusive. Immutable and thread-safe.
     *
     * @param type      record type
     * @param camera    a camera the record names: body field {@code camera} or an element of {@code cameras}
     * @param principal body field {@code principal}
     * @param from      earliest time (inclusive)
     * @param to        latest time (exclusive)
     */
    public record Query(Optional<String> type, Optional<String> camera, Optional<String> principal,
                        Optional<Instant> from, Optional<Instant> to) {
        /** Validates that every part is given, if only as empty. */
        public Query {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(camera, "camera");
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        /** Everything. */
        public static Query all() {
            return new Query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** Records of type {@code type}. */
        public static Query ofType(String type) {
            return all().withType(type);
        }

        /** This query, for records of type {@code t} only. */
        public Query withType(String t) {
            return new Query(Optional.of(t), camera, principal, from, to);
        }

        /** This query, for records whose body names camera {@code c} ({@code camera} or {@code cameras}) only. */
        public Query withCamera(String c) {
            return new Query(type, Optional.of(c), principal, from, to);
        }

        /** This query, for records whose body names principal {@code p} only. */
        public Query withPrincipal(String p) {
            return new Query(type, camera, Optional.of(p), from, to);
        }

        /** This query, for records that occurred at or after {@code t} only. */
        public Query since(Instant t) {
            return new Query(type, camera, principal, Optional.of(t), to);
        }

        /** This query, for records that occurred before {@code t} only. */
        public Query until(Instant t) {
            return new Query(type, camera, principal, from, Optional.of(t));
        }

        /** Whether {@code r} matches every part of this query. */
        public boolean matches(EvidenceRecord r) {
            return type.map(r.type()::equals).orElse(true)
                    && camera.map(camerasOf(r)::contains).orElse(true)
                    && principal.map(p -> r.string("principal").map(p::equals).orElse(false)).orElse(true)
                    && from.map(t -> !r.occurredAt().isBefore(t)).orElse(true)
                    && to.map(r.occurredAt()::isBefore).orElse(true);
        }
    }

    private final TransparentEvidenceLog log;
    private final Map<String, List<Long>> byType = new HashMap<>();
    private final Map<String, List<Long>> byCamera = new HashMap<>();
    private final Map<String, List<Long>> byPrincipal = new HashMap<>();
    private final TreeMap<Instant, List<Long>> byTime = new TreeMap<>();
    private long covered;

    private AuditIndex(TransparentEvidenceLog log) {
        this.log = log;
    }

    /** Reads the whole log and indexes it. */
    public static AuditIndex build(TransparentEvidenceLog log) throws IOException {
        AuditIndex idx = new AuditIndex(log);
        idx.refresh();
        return idx;
    }

    /** Indexes records appended since the last build or refresh. */
    public synchronized void refresh() throws IOException {
        long n = log.size();
        log.forEach(covered, n, (i, bytes) -> add(i, RecordCodec.decode(bytes)));
        covered = n;
    }

    /**
     * The cameras {@code r} names, each once, in order: its body's {@code camera} string, then the strings of its
     * {@code cameras} array (a disclosure of several cameras); empty when it names none.
     */
    public static List<String> camerasOf(EvidenceRecord r) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        r.string("camera").ifPresent(out::add);
        out.addAll(r.strings("cameras"));
        return List.copyOf(out);
    }

    private void add(long i, EvidenceRecord r) {
        byType.computeIfAbsent(r.type(), k -> new ArrayList<>()).add(i);
        for (String c : camerasOf(r)) {
            byCamera.computeIfAbsent(c, k -> new ArrayList<>()).add(i);
        }
        r.string("principal").ifPresent(p -> byPrincipal.computeIfAbsent(p, k -> new ArrayList<>()).add(i));
        byTime.computeIfAbsent(r.occurredAt(), k -> new ArrayList<>()).add(i);
    }

    /** Indexes of the matching records, in log order. */
    public synchronized List<Long> query(Query q) {
        List<Long> candidates = null;
        if (q.type().isPresent()) {
            candidates = byType.getOrDefault(q.type().get(), List.of());
        }
        if (q.camera().isPresent()) {
            candidates = intersect(candidates, byCamera.getOrDefault(q.camera().get(), List.of()));
        }
        if (q.principal().isPresent()) {
            candidates = intersect(candidates, byPrincipal.getOrDefault(q.principal().get(), List.of()));
        }
        if (q.from().isPresent() || q.to().isPresent()) {
            List<Long> t = new ArrayList<>();
            NavigableMap<Instant, List<Long>> sub = byTime;
            if (q.from().isPresent()) {
                sub = sub.tailMap(q.from().get(), true);
            }
            if (q.to().isPresent()) {
                sub = sub.headMap(q.to().get(), false);
            }
            sub.values().forEach(t::addAll);
            t.sort(null);
            candidates = intersect(candidates, t);
        }
        if (candidates == null) {
            candidates = new ArrayList<>();
            for (long i = 0; i < covered; i++) {
                candidates.add(i);
            }
        }
        return List.copyOf(candidates);
    }

    /** The matching records, each reread from the log and checked against its leaf hash. */
    public List<EvidenceRecord> records(Query q) throws IOException {
        List<EvidenceRecord> out = new ArrayList<>();
        for (long i : query(q)) {
            out.add(log.record(i));
        }
        return out;
    }

    private static List<Long> intersect(List<Long> a, List<Long> b) {
        if (a == null) {
            return b;
        }
        List<Long> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            int c = Long.compare(a.get(i), b.get(j));
            if (c == 0) {
                out.add(a.get(i));
                i++;
                j++;
            } else if (c < 0) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }
}
