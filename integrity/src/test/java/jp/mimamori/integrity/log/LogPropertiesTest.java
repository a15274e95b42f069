package jp.mimamori.integrity.log;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.log.internal.RecordFile;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * Random action sequences over one log (append a batch, checkpoint, close and reopen, tear the tail as a power
 * loss would): after every step the log holds exactly the records acknowledged, every proof verifies, every
 * checkpoint is consistent with the next, and the verifier finds nothing (invariants 4 and 5).
 */
class LogPropertiesTest {
    static final NoteSigner KEY = NoteSigner.fromSeed("city.example/evidence-log", NoteVerifier.ED25519, new byte[32]);

    @Test
    void randomAppendCheckpointReopenTearSequences_keepTheLogSound_invariants4and5() {
        Props.theory(25).forAll(lists().of(integers().between(0, 99)).ofSizeBetween(1, 14)).checkAssert(actions -> {
            try {
                run(actions);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static void run(List<Integer> actions) throws Exception {
        Path dir = Files.createTempDirectory("mimamori-log-prop");
        try {
            List<byte[]> acked = new ArrayList<>();
            TransparentEvidenceLog log = TransparentEvidenceLog.open(dir, new TransparentEvidenceLog.Options(7, 5));
            for (int a : actions) {
                if (a < 60) {
                    int n = 1 + a % 9;
                    List<jp.mimamori.core.evidence.EvidenceRecord> batch = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        batch.add(TransparentEvidenceLogTest.rec(acked.size() + i));
                    }
                    log.appendAll(batch);
                    batch.forEach(r -> acked.add(Merkle.leafHash(RecordCodec.encode(r))));
                } else if (a < 75) {
                    LogCheckpoints.write(log, KEY, List.of(), Instant.EPOCH);
                } else if (a < 90) {
                    log.close();
                    log = TransparentEvidenceLog.open(dir, new TransparentEvidenceLog.Options(7, 5));
                } else {
                    // Power loss mid-batch: a partial frame (and sometimes zeros) after the last durable record.
                    log.close();
                    try (FileChannel ch = FileChannel.open(dir.resolve(TransparentEvidenceLog.RECORDS),
                            StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                        ByteBuffer b = ByteBuffer.allocate(5 + a);
                        b.putInt(a % 2 == 0 ? 300 : 0).put((byte) a);
                        b.clear();
                        ch.write(b);
                    }
                    log = TransparentEvidenceLog.open(dir, new TransparentEvidenceLog.Options(7, 5));
                }
                check(log, acked);
            }
            // A log no trusted checkpoint covers is not VALID (CHECKPOINT_MISSING): anchor what was acknowledged.
            LogCheckpoints.write(log, KEY, List.of(), Instant.EPOCH);
            log.close();
            VerificationReport r = LogVerifier.verify(dir, List.of(KEY.verifier()), List.of());
            if (!r.isValid()) {
                throw new AssertionError(r.render(Locale.ENGLISH));
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void check(TransparentEvidenceLog log, List<byte[]> acked) throws Exception {
        if (log.size() != acked.size()) {
            throw new AssertionError("log has " + log.size() + " records, " + acked.size() + " acknowledged");
        }
        byte[] root = Merkle.root(acked);
        if (!java.util.Arrays.equals(root, log.treeHead().rootHash())) {
            throw new AssertionError("root differs at size " + acked.size());
        }
        int n = acked.size();
        for (int i = 0; i < n; i += Math.max(1, n / 5)) {
            Merkle.verifyInclusion(acked.get(i), i, n, log.inclusionProof(i, n).path(), root);
            if (i > 0) {
                Merkle.verifyConsistency(i, n, log.consistencyProof(i, n).path(), log.treeHead(i).rootHash(), root);
            }
        }
    }

    /** The record reader (frames and canonical records) on hostile bytes: a cut log or an IllegalArgument, nothing else. */
    @FuzzTest(maxDuration = "10s")
    void recordReaderOnHostileBytes_neverFailsOtherwise(FuzzedDataProvider data) throws IOException {
        byte[] body = data.consumeRemainingAsBytes();
        try {
            RecordCodec.decode(body);
        } catch (IllegalArgumentException expected) {
            // the only failure allowed for a record
        }
        Path dir = Files.createTempDirectory("mimamori-log-fuzz");
        try {
            ByteBuffer b = ByteBuffer.allocate(RecordFile.HEADER.length + body.length);
            b.put(RecordFile.HEADER).put(body);
            Files.write(dir.resolve(TransparentEvidenceLog.RECORDS), b.array());
            LogVerifier.verify(dir, List.of(KEY.verifier()), List.of());
            try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
                for (long i = 0; i < log.size(); i++) {
                    log.recordBytes(i);
                }
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException ignored) {
                // best effort
            }
        }
    }
}
