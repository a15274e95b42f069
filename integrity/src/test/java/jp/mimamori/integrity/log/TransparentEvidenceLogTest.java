package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.merkle.Merkle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed evidence log: durability, tree, proofs and recovery (invariant 5, K3-4). */
class TransparentEvidenceLogTest {
    @TempDir
    Path dir;

    static EvidenceRecord rec(int i) {
        return EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.parse("2026-04-01T09:00:00Z").plusSeconds(i),
                Map.of("camera", "cam-" + (i % 3), "principal", "op-" + (i % 5), "n", i));
    }

    @Test
    void appendedRecords_matchTheRfc9162TreeAndProofs() throws Exception {
        List<byte[]> leaves = new ArrayList<>();
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 70; i++) {
                EvidenceReceipt r = log.append(rec(i));
                assertEquals(i, r.index());
                byte[] leaf = NaiveTree.sha(0, RecordCodec.encode(rec(i)));
                assertEquals(HexFormat.of().formatHex(leaf), r.leafHash());
                leaves.add(leaf);
            }
            for (int n = 0; n <= 70; n++) {
                assertArrayEquals(NaiveTree.mth(leaves, 0, n), log.treeHead(n).rootHash(), "root at " + n);
                byte[] root = log.treeHead(n).rootHash();
                for (int m = 0; m < n; m++) {
                    assertPathEquals(NaiveTree.path(m, leaves, 0, n), log.inclusionProof(m, n).path());
                    Merkle.verifyInclusion(leaves.get(m), m, n, log.inclusionProof(m, n).path(), root);
                }
                for (int m = 1; m < n; m++) {
                    assertPathEquals(NaiveTree.proof(m, leaves, 0, n, true), log.consistencyProof(m, n).path());
                    Merkle.verifyConsistency(m, n, log.consistencyProof(m, n).path(), log.treeHead(m).rootHash(), root);
                }
            }
            assertEquals(rec(42), log.record(42));
        }
    }

    static void assertPathEquals(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i));
        }
    }

    @Test
    void reopen_keepsEveryRecordAndTheRoot_invariant5() throws IOException {
        TreeHead head;
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir, new TransparentEvidenceLog.Options(16, 7))) {
            for (int i = 0; i < 100; i++) {
                log.append(rec(i));
            }
            head = log.treeHead();
        }
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            assertEquals(100, log.size());
            assertEquals(head, log.treeHead());
            assertEquals(rec(99), log.record(99));
            log.append(rec(100));
            assertEquals(101, log.size());
        }
    }

    @Test
    void tornTail_isCutOnOpenAndNeverReplayed_invariant5() throws IOException {
        TreeHead head;
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 10; i++) {
                log.append(rec(i));
            }
            head = log.treeHead();
        }
        Path file = dir.resolve(TransparentEvidenceLog.RECORDS);
        long good = Files.size(file);
        // A partly written frame: a plausible header and half a payload.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.allocate(40);
            b.putInt(200).putLong(10).putInt(12345).put(new byte[24]).flip();
            ch.write(b);
        }
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            assertEquals(10, log.size());
            assertEquals(head, log.treeHead());
            assertEquals(40, log.recovery().cutBytes());
            assertEquals(good, Files.size(file));
        }
    }

    @Test
    void deletedTreeFolder_isRebuiltFromTheRecords() throws IOException {
        TreeHead head;
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 33; i++) {
                log.append(rec(i));
            }
            head = log.treeHead();
        }
        try (var files = Files.list(dir.resolve("tree"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            assertEquals(head, log.treeHead());
        }
    }

    @Test
    void truncatedBelowItsTreeState_refusesToOpen_LOG_TRUNCATED() throws IOException {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 5; i++) {
                log.append(rec(i));
            }
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(TransparentEvidenceLog.RECORDS), StandardOpenOption.WRITE)) {
            ch.truncate(60);
        }
        IOException e = assertThrows(IOException.class, () -> TransparentEvidenceLog.open(dir));
        assertEquals(true, e.getMessage().contains("LOG_TRUNCATED"), e.getMessage());
    }

    @Test
    void manyThreads_eachAppendIsAcknowledgedOnceWithADistinctIndex() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(8);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            List<Future<EvidenceReceipt>> fs = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                int n = i;
                fs.add(ex.submit(() -> log.append(rec(n))));
            }
            boolean[] seen = new boolean[800];
            for (Future<EvidenceReceipt> f : fs) {
                EvidenceReceipt r = f.get();
                assertEquals(false, seen[(int) r.index()]);
                seen[(int) r.index()] = true;
                assertEquals(r.leafHash(), HexFormat.of().formatHex(log.leafHash(r.index())));
            }
            assertEquals(800, log.size());
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void secondOpenOfTheSameFolder_isRefused() throws IOException {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            assertThrows(IOException.class, () -> TransparentEvidenceLog.open(dir));
        }
    }
}
