package jp.mimamori.integrity.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.InclusionProof;
import jp.mimamori.integrity.log.LogIntegrityException;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.report.VerificationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C2SP tlog-tiles as the log publishes them, read and verified from the tiles alone (issue 14, K3-4). */
class TileLogTest {
    static final NoteSigner KEY = NoteSigner.fromSeed("city.example/evidence-log", NoteVerifier.ED25519, new byte[32]);
    static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");

    @TempDir
    Path dir;

    static byte[] entry(int i) {
        return RecordCodec.encode(EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, NOW.plusSeconds(i),
                Map.of("camera", "cam-" + (i % 3), "n", i)));
    }

    /** Publishes entries [from, to) after what the folder holds, with a checkpoint; returns all leaves so far. */
    static void publish(Path dir, int from, int to, List<byte[]> leaves) throws IOException {
        TileWriter w = TileWriter.open(dir, TileWriter.publishedSize(dir));
        assertEquals(from, w.size());
        for (int i = from; i < to; i++) {
            byte[] e = entry(i);
            leaves.add(Merkle.leafHash(e));
            w.append(e);
        }
        w.publish(KEY.signNote(new Checkpoint(KEY.name(), w.size(), w.root(), List.of()).body(),
                NOW.getEpochSecond()).encode());
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("checkpoint")).sorted().toList();
        }
    }

    @Test
    void treeOf70000_hasExactlyTheTilesTheSpecNames_K3_4() throws IOException {
        // C2SP tlog-tiles: "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial
        // level 0 tile of width 112, one full level 1 tile, one partial level 1 tile of width 17, and one partial
        // level 2 tile of width 1".
        List<byte[]> leaves = new ArrayList<>();
        publish(dir, 0, 70_000, leaves);
        List<String> f = files(dir);
        assertEquals(273, f.stream().filter(p -> p.startsWith("tile/0/") && !p.contains(".p/")).count());
        assertTrue(f.contains("tile/0/273.p/112"), f.toString());
        assertTrue(f.contains("tile/1/000"));
        assertTrue(f.contains("tile/1/001.p/17"));
        assertTrue(f.contains("tile/2/000.p/1"));
        assertTrue(f.contains("tile/entries/273.p/112"));
        assertEquals(273, f.stream().filter(p -> p.startsWith("tile/entries/") && !p.contains(".p/")).count());
        assertEquals(273 + 1 + 1 + 1 + 1 + 273 + 1, f.size(), f.toString());
        TileLog log = TileLog.open(dir, List.of(KEY.verifier()));
        assertArrayEquals(Merkle.root(leaves), log.checkpoint().rootHash());
        for (long i : new long[] {0, 255, 256, 65_535, 65_536, 69_999}) {
            InclusionProof p = log.inclusionProof(i, 70_000);
            assertEquals(Merkle.inclusionProof(leaves, i).size(), p.path().size());
            for (int k = 0; k < p.path().size(); k++) {
                assertArrayEquals(Merkle.inclusionProof(leaves, i).get(k), p.path().get(k));
            }
            assertArrayEquals(entry((int) i), log.entry(i));
        }
        assertTrue(TileLog.verify(dir, List.of(KEY.verifier()), Optional.empty()).isValid());
    }

    @Test
    void publishedInSteps_continuesFromThePartialTiles_andStaysConsistent_K3_4() throws IOException {
        List<byte[]> leaves = new ArrayList<>();
        int[] steps = {0, 1, 255, 256, 257, 600, 65_536 + 3};
        Checkpoint previous = null;
        for (int s = 1; s < steps.length; s++) {
            publish(dir, steps[s - 1], steps[s], leaves);
            TileLog log = TileLog.open(dir, List.of(KEY.verifier()));
            assertArrayEquals(Merkle.root(leaves), log.checkpoint().rootHash(), "size " + steps[s]);
            if (previous != null) {
                List<byte[]> want = Merkle.consistencyProof(leaves, previous.size());
                List<byte[]> got = log.consistencyProof(previous.size(), log.size()).path();
                assertEquals(want.size(), got.size());
                VerificationReport r = TileLog.verify(dir, List.of(KEY.verifier()), Optional.of(previous));
                assertTrue(r.isValid(), r.render(Locale.ENGLISH));
            }
            previous = log.checkpoint();
        }
    }

    @Test
    void editedEntry_isLogRecordModifiedAtItsIndex_K3_4() throws IOException {
        publish(dir, 0, 600, new ArrayList<>());
        Path bundle = dir.resolve("tile/entries/001");
        byte[] b = Files.readAllBytes(bundle);
        int at = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"n\":300");
        b[at + 6] = '1';
        Files.write(bundle, b);
        VerificationReport r = TileLog.verify(dir, List.of(KEY.verifier()), Optional.empty());
        assertEquals(300L, r.findings(VerificationCode.LOG_RECORD_MODIFIED).get(0).where().index().getAsLong(),
                r.render(Locale.ENGLISH));
        TileLog log = TileLog.open(dir, List.of(KEY.verifier()));
        assertEquals(VerificationCode.LOG_RECORD_MODIFIED,
                assertThrows(LogIntegrityException.class, () -> log.entry(300)).code());
    }

    @Test
    void damagedHashTile_isProofInvalid_andNoProofIsServedFromIt_K3_4() throws IOException {
        publish(dir, 0, 70_000, new ArrayList<>());
        Path tile = dir.resolve("tile/1/000");
        byte[] b = Files.readAllBytes(tile);
        b[32 * 7] ^= 1;
        Files.write(tile, b);
        VerificationReport r = TileLog.verify(dir, List.of(KEY.verifier()), Optional.empty());
        assertTrue(r.has(VerificationCode.PROOF_INVALID), r.render(Locale.ENGLISH));
        assertEquals("tile/1/000", r.findings(VerificationCode.PROOF_INVALID).get(0).where().entry().orElseThrow());
        TileLog log = TileLog.open(dir, List.of(KEY.verifier()));
        // Leaf 0's proof uses tile 1/000's hash 7 only through a hash the proof folds in: it fails, never served.
        assertEquals(VerificationCode.PROOF_INVALID,
                assertThrows(LogIntegrityException.class, () -> log.inclusionProof(0, 70_000)).code());
    }

    @Test
    void missingTileOrCheckpoint_isLogTruncatedOrCheckpointMissing_K3_4() throws IOException {
        publish(dir, 0, 600, new ArrayList<>());
        Files.delete(dir.resolve("tile/entries/002.p/88"));
        assertTrue(TileLog.verify(dir, List.of(KEY.verifier()), Optional.empty()).has(VerificationCode.LOG_TRUNCATED));
        NoteSigner other = NoteSigner.fromSeed("city.example/evidence-log", NoteVerifier.ED25519, new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32});
        VerificationReport r = TileLog.verify(dir, List.of(other.verifier()), Optional.empty());
        assertTrue(r.has(VerificationCode.CHECKPOINT_MISSING), r.render(Locale.ENGLISH));
        assertFalse(r.isValid());
        Files.delete(dir.resolve("checkpoint"));
        assertTrue(TileLog.verify(dir, List.of(KEY.verifier()), Optional.empty())
                .has(VerificationCode.CHECKPOINT_MISSING));
    }

    @Test
    void rollbackOrRewrite_afterACheckpointSeenBefore_isCaught_K3_4() throws IOException {
        publish(dir, 0, 300, new ArrayList<>());
        Checkpoint seen = TileLog.open(dir, List.of(KEY.verifier())).checkpoint();
        // Rollback: a fresh folder of fewer entries, signed by the same key.
        Path older = dir.resolveSibling(dir.getFileName() + "-older");
        publish(older, 0, 200, new ArrayList<>());
        assertTrue(TileLog.verify(older, List.of(KEY.verifier()), Optional.of(seen)).has(VerificationCode.LOG_TRUNCATED));
        // Rewrite: the same size with another history.
        Path other = dir.resolveSibling(dir.getFileName() + "-other");
        TileWriter w = TileWriter.open(other, 0);
        for (int i = 0; i < 400; i++) {
            w.append(entry(i == 7 ? 100_000 : i));
        }
        w.publish(KEY.signNote(new Checkpoint(KEY.name(), w.size(), w.root(), List.of()).body(), 0).encode());
        VerificationReport r = TileLog.verify(other, List.of(KEY.verifier()), Optional.of(seen));
        assertTrue(r.has(VerificationCode.LOG_INCONSISTENT), r.render(Locale.ENGLISH));
    }

    /** Moves {@code sub} of {@code dir} outside it and plants a link to it (same valid content) in its place. */
    private Path replaceWithLink(String sub) throws IOException {
        Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
        Path moved = outside.resolve(sub.replace('/', '-'));
        Files.move(dir.resolve(sub), moved);
        return Files.createSymbolicLink(dir.resolve(sub), moved);
    }

    @Test
    void linkPlantedAsATileFolder_isRefused_evenWithValidTilesBehindIt_K3_4() throws IOException {
        publish(dir, 0, 70_000, new ArrayList<>());
        replaceWithLink("tile/1"); // the tiles behind the link are the right ones: only confinement refuses them
        try (TileLog log = TileLog.open(dir, List.of(KEY.verifier()))) {
            ConfinedFiles.RefusedException e = assertThrows(ConfinedFiles.RefusedException.class,
                    () -> log.inclusionProof(0, 70_000));
            assertEquals(ConfinedFiles.Refusal.LINK, e.reason());
            assertEquals(dir.resolve("tile/1"), e.path());
        }
        assertFalse(TileLog.verify(dir, List.of(KEY.verifier()), Optional.empty()).isValid());
    }

    @Test
    void linkPlantedAsATileFolder_afterOthersWereOpened_isRefused_andCloseEndsReads_K3_4() throws IOException {
        publish(dir, 0, 70_000, new ArrayList<>());
        TileLog log = TileLog.open(dir, List.of(KEY.verifier()));
        for (long i = 0; i < 70_000; i += 997) {
            log.inclusionProof(i, 70_000); // tile/0, tile/1 and tile/2 are now held open
        }
        replaceWithLink("tile/entries");
        assertEquals(ConfinedFiles.Refusal.LINK, assertThrows(ConfinedFiles.RefusedException.class,
                () -> log.entry(5)).reason());
        log.close();
        assertThrows(IOException.class, () -> log.leafHash(300)); // tile 0/001, never read before the close
        log.close(); // idempotent
    }

    @Test
    void tilePaths_followTheSpec() {
        assertEquals("x001/x234/067", TilePaths.index(1_234_067));
        assertEquals("000", TilePaths.index(0));
        assertEquals("tile/0/x001/000.p/5", TilePaths.tile(0, 1000, 5));
        assertEquals("tile/entries/999", TilePaths.bundle(999, 256));
    }
}
