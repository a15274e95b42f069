package jp.mimamori.bench.log;

import java.time.Instant;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.log.RecordCodec;

/** Records of a given canonical size for the log benchmarks. */
final class BenchRecords {
    private BenchRecords() {}

    /** An access decision padded so that its canonical JSON is exactly {@code bytes} long (>= 150). */
    static EvidenceRecord of(long i, int bytes) {
        EvidenceRecord base = make(i, "");
        int pad = bytes - RecordCodec.encode(base).length;
        return make(i, "x".repeat(Math.max(0, pad)));
    }

    private static EvidenceRecord make(long i, String pad) {
        return EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.ofEpochMilli(1_775_000_000_000L + i),
                Map.of("camera", "cam-" + (i % 64), "principal", "op-" + (i % 17), "outcome", "permit",
                        "n", i % 1_000_000, "pad", pad));
    }
}
