package jp.mimamori.bench.log;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.log.internal.RecordCodec;

/** Records of a given canonical size for the log benchmarks (fixed-width fields, so every record has the size). */
final class BenchRecords {
    private BenchRecords() {}

    private static final Map<Integer, String> PADS = new ConcurrentHashMap<>();

    /** An access decision whose canonical JSON is exactly {@code bytes} long (>= 140). */
    static EvidenceRecord of(long i, int bytes) {
        String pad = PADS.computeIfAbsent(bytes, b -> "x".repeat(b - RecordCodec.encode(make(0, "")).length));
        return make(i, pad);
    }

    private static EvidenceRecord make(long i, String pad) {
        return EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.ofEpochMilli(1_775_000_000_000L + (i % 1_000_000)),
                Map.of("camera", String.format("cam-%03d", i % 64), "principal", String.format("op-%03d", i % 17),
                        "seq", String.format("%012d", i), "pad", pad));
    }
}
