package jp.mimamori.integrity.log;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.integrity.log.internal.RecordCodec;

/**
 * The auditor's index over a log: records by type, camera, principal and time range. It lives in memory only
 * and is rebuilt from {@code records.log} (never read from a file an attacker could edit independently), and
 * every record a query returns is reread from the log and checked against its leaf hash, so the index can
 * make a query miss nothing it should find and never vouch for a record the log does not hold.
 *
 * <pre>{@code
 * AuditIndex idx = AuditIndex.build(log);
 * List<Long> hits = idx.query(new AuditIndex.Query(EvidenceTypes.DISCLOSURE, "cam-1", null, from, to));
 * }</pre>
 */
public final class AuditIndex {
    /**
     * A query; {@code null} parts match everything. Time bounds are inclusive-exclusive.
     *
     * @param type      record type
     * @param camera    body field {@code camera}
     * @param principal body field {@code principal}
     * @param from      earliest time (inclusive)
     * @param to        latest time (exclusive)
     */
    public record Query(String type, String camera, String principal, Instant from, Instant to) {
        /** Everything. */
        public static Query all() {
            return new Query(null, null, null, null, null);
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

    private void add(long i, EvidenceRecord r) {
        byType.computeIfAbsent(r.type(), k -> new ArrayList<>()).add(i);
        if (r.string("camera") != null) {
            byCamera.computeIfAbsent(r.string("camera"), k -> new ArrayList<>()).add(i);
        }
        if (r.string("principal") != null) {
            byPrincipal.computeIfAbsent(r.string("principal"), k -> new ArrayList<>()).add(i);
        }
        byTime.computeIfAbsent(r.occurredAt(), k -> new ArrayList<>()).add(i);
    }

    /** Indexes of the matching records, in log order. */
    public synchronized List<Long> query(Query q) {
        List<Long> candidates = null;
        if (q.type() != null) {
            candidates = byType.getOrDefault(q.type(), List.of());
        }
        if (q.camera() != null) {
            candidates = intersect(candidates, byCamera.getOrDefault(q.camera(), List.of()));
        }
        if (q.principal() != null) {
            candidates = intersect(candidates, byPrincipal.getOrDefault(q.principal(), List.of()));
        }
        if (q.from() != null || q.to() != null) {
            List<Long> t = new ArrayList<>();
            var range = byTime;
            var sub = q.from() == null ? range.headMap(q.to(), false)
                    : q.to() == null ? range.tailMap(q.from(), true) : range.subMap(q.from(), true, q.to(), false);
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
