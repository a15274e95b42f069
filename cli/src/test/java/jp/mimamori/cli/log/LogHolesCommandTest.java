package jp.mimamori.cli.log;

import static jp.mimamori.cli.log.LogCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log commands after issue 14 (K3-4): {@code log checkpoint} never launders (exit 1, LOG_INCONSISTENT),
 * {@code log verify --since} remembers, {@code log prove} never prints a proof the damaged cache gives,
 * {@code log repair} rebuilds the cache, {@code log publish} and {@code log tiles} publish and verify C2SP tiles.
 */
class LogHolesCommandTest {
    @TempDir
    Path out;

    String log;
    String vkey;
    String key;

    void demo() {
        run(0, "demo", "--out", out.toString());
        log = out.resolve("log").toString();
        vkey = out.resolve("keys/evidence-log.vkey").toString();
        key = out.resolve("keys/evidence-log.pem").toString();
    }

    void append(int n) throws Exception {
        try (TransparentEvidenceLog l = TransparentEvidenceLog.open(out.resolve("log"))) {
            for (int i = 0; i < n; i++) {
                l.append(EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.EPOCH, Map.of("camera", "cam-" + i)));
            }
        }
    }

    String checkpoint(int exit) {
        return run(exit, "log", "checkpoint", log, "--key", key, "--origin", "demo.mimamori.example/evidence-log");
    }

    @Test
    @DisplayName("K3-4, G25/G26: checkpoint refuses a rewrite (exit 1); verify --since catches what was re-signed")
    void checkpointRefusesARewrite_andSinceCatchesIt_K3_4() throws Exception {
        demo();
        append(3);
        checkpoint(0);
        Path seen = out.resolve("seen.checkpoint");
        Files.copy(out.resolve("log/checkpoint"), seen);
        // An insider edits record 0 (keeping its CRC right would take more; a plain edit shows the same) and
        // deletes the cache so the writer rebuilds it from the edited records.
        Path records = out.resolve("log/records.log");
        byte[] b = Files.readAllBytes(records);
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("cam-0");
        b[at + 4] = '9';
        fixCrcAround(b, at);
        Files.write(records, b);
        deleteAll(out.resolve("log/tree"));
        List<String> before = names(out.resolve("log/checkpoints"));
        append(1);
        checkpoint(1);
        assertEquals(before, names(out.resolve("log/checkpoints")));
        // Delete every checkpoint too, and the signer has nothing to compare with: it signs. A verifier that
        // remembers the checkpoint it saw is not fooled.
        deleteAll(out.resolve("log/checkpoints"));
        Files.delete(out.resolve("log/checkpoint"));
        checkpoint(0);
        assertTrue(run(0, "log", "verify", log, "--trust", vkey).contains("verdict: VALID"));
        String r = run(1, "log", "verify", log, "--trust", vkey, "--since", seen.toString());
        assertTrue(r.contains("LOG_INCONSISTENT"), r);
    }

    @Test
    @DisplayName("K3-4, G22: prove never prints what the damaged cache gives; repair rebuilds it; tiles publish")
    void damagedCache_proofsFromRecords_repair_thenPublishAndVerifyTiles_K3_4() throws Exception {
        demo();
        append(40);
        checkpoint(0);
        Path level = out.resolve("log/tree/level-01.hashes");
        byte[] t = Files.readAllBytes(level);
        t[32 * 2] ^= 1;
        Files.write(level, t);
        assertTrue(run(1, "log", "verify", log, "--trust", vkey).contains("PROOF_INVALID"));
        String proof = run(0, "log", "prove", log, "--index", "5");
        run(0, "log", "repair", log);
        assertTrue(run(0, "log", "verify", log, "--trust", vkey).contains("verdict: VALID"));
        assertEquals(proof, run(0, "log", "prove", log, "--index", "5"));
        String tiles = out.resolve("tiles").toString();
        run(0, "log", "publish", log, "--tiles", tiles);
        assertTrue(run(0, "log", "tiles", tiles, "--trust", vkey).contains("verdict: VALID"));
        assertTrue(run(0, "verify", tiles, "--trust", vkey).contains("verdict: VALID"));
        Path bundle = out.resolve("tiles/tile/entries");
        try (Stream<Path> s = Files.walk(bundle)) {
            Path first = s.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
            byte[] e = Files.readAllBytes(first);
            e[10] ^= 1;
            Files.write(first, e);
        }
        assertTrue(run(1, "log", "tiles", tiles, "--trust", vkey).contains("LOG_RECORD_MODIFIED"));
    }

    @Test
    @DisplayName("K3-4, G24: read commands leave the folder byte for byte as it was")
    void readCommands_writeNothing_K3_4() throws Exception {
        demo();
        Map<String, byte[]> before = snapshot(out.resolve("log"));
        run(0, "log", "verify", log, "--trust", vkey);
        run(0, "log", "register", log);
        run(0, "log", "prove", log, "--index", "0");
        run(0, "log", "consistency", log, "--from", "1");
        Map<String, byte[]> after = snapshot(out.resolve("log"));
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }

    static Map<String, byte[]> snapshot(Path root) throws Exception {
        Map<String, byte[]> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                m.put(root.relativize(p) + "@" + Files.getLastModifiedTime(p).toMillis(),
                        Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
            }
        }
        return m;
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void deleteAll(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
    }

    /** Recomputes the CRC of the frame holding byte {@code at} (frames: u32 length, u64 index, u32 crc, payload). */
    static void fixCrcAround(byte[] b, int at) {
        int off = 16;
        while (true) {
            int len = java.nio.ByteBuffer.wrap(b, off, 4).getInt();
            if (off + 16 + len > at) {
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(b, off, 12);
                crc.update(b, off + 16, len);
                java.nio.ByteBuffer.wrap(b).putInt(off + 12, (int) crc.getValue());
                return;
            }
            off += 16 + len;
        }
    }

    @Test
    @DisplayName("K3-4, G26: log witness cosigns consistent extensions only; a rewritten, re-signed log is refused")
    void witness_cosignsExtensions_refusesARewrite_K3_4() throws Exception {
        demo();
        run(0, "keys", "generate", "--alg", "ed25519", "--out", out.resolve("saku").toString());
        String[] witness = {"log", "witness", "--state", out.resolve("saku-state").toString(), "--key",
            out.resolve("saku/private.pem").toString(), "--name", "saku.example/witness", "--trust", vkey};
        String line = run(0, concat(witness, "--log", log, "--out", out.resolve("cosigned").toString()));
        assertTrue(line.startsWith("\u2014 saku.example/witness "), line);
        append(5);
        checkpoint(0);
        run(0, concat(witness, "--log", log));
        // The operator rewrites a record, deletes every checkpoint and re-signs a longer log: the witness refuses.
        Path records = out.resolve("log/records.log");
        byte[] b = Files.readAllBytes(records);
        int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("cam-0");
        b[at + 4] = '9';
        fixCrcAround(b, at);
        Files.write(records, b);
        deleteAll(out.resolve("log/tree"));
        deleteAll(out.resolve("log/checkpoints"));
        Files.delete(out.resolve("log/checkpoint"));
        append(1);
        checkpoint(0);
        run(1, concat(witness, "--log", log));
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
