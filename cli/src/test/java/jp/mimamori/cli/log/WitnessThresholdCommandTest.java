package jp.mimamori.cli.log;

import static jp.mimamori.cli.log.LogCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log verify --witness-threshold K} and {@code verify LOGDIR --witness-threshold K} (docs/SECURITY.md G26,
 * K3-4): a checkpoint counts only with K cosignatures by keys the {@code --trust} files allow the witness role, and
 * log and witness keys are read as {@code .vkey}, SPKI PEM or trust files through the one trust store.
 */
class WitnessThresholdCommandTest {
    static final String ORIGIN = "test.mimamori.example/log";
    static final String WITNESS = "audit.test.mimamori.example/witness";

    @TempDir
    Path dir;

    String logVkey;
    String witnessVkey;
    String logPem;
    String witnessPem;

    @BeforeEach
    void keys() throws Exception {
        run(0, "keys", "generate", "--alg", "ed25519", "--out", dir.resolve("logkey").toString());
        run(0, "keys", "generate", "--alg", "ed25519", "--out", dir.resolve("witnesskey").toString());
        logVkey = vkey("log.vkey", "logkey", ORIGIN, NoteVerifier.ED25519);
        witnessVkey = vkey("witness.vkey", "witnesskey", WITNESS, NoteVerifier.COSIGNATURE_V1);
        logPem = dir.resolve("logkey/public.pem").toString();
        witnessPem = dir.resolve("witnesskey/public.pem").toString();
    }

    String vkey(String file, String keyDir, String name, int type) throws Exception {
        Path f = dir.resolve(file);
        Files.writeString(f, NoteSigner.fromPkcs8Pem(name, Files.readString(dir.resolve(keyDir).resolve("private.pem")),
                type).verifier().toVkey() + "\n");
        return f.toString();
    }

    /** A log of ten records, the last five the branch's own, checkpointed by the log key (with extra args). */
    String branch(String branch, String... checkpointArgs) throws Exception {
        Path log = dir.resolve(branch);
        try (TransparentEvidenceLog l = TransparentEvidenceLog.open(log)) {
            for (int i = 0; i < 10; i++) {
                l.append(EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.EPOCH.plusSeconds(i),
                        Map.of("camera", "cam-1", "n", i, "branch", i < 5 ? "common" : branch)));
            }
        }
        String[] base = {"log", "checkpoint", log.toString(), "--key", dir.resolve("logkey/private.pem").toString(),
            "--origin", ORIGIN};
        String[] all = java.util.Arrays.copyOf(base, base.length + checkpointArgs.length);
        System.arraycopy(checkpointArgs, 0, all, base.length, checkpointArgs.length);
        run(0, all);
        return log.toString();
    }

    /** The witness cosigns the log's newest checkpoint and writes it back as the log's root copy. */
    int witness(String log) {
        return jp.mimamori.cli.Main.run(new String[] {"log", "witness", "--state", dir.resolve("wstate").toString(),
            "--key", dir.resolve("witnesskey/private.pem").toString(), "--name", WITNESS, "--trust", logVkey,
            "--log", log, "--out", Path.of(log).resolve("checkpoint").toString()});
    }

    @Test
    @DisplayName("G26, K3-4: a split view — the fork no witness cosigned is CHECKPOINT_MISSING with --witness-threshold 1")
    void splitView_forkTheWitnessDidNotCosign_isCheckpointMissing_exit1_G26_K3_4() throws Exception {
        String seen = branch("seen");
        String hidden = branch("hidden");
        assertTrue(witness(seen) == 0);
        assertTrue(witness(hidden) == 1, "the witness refuses the fork");
        // Without a threshold the fork shown alone passes (the attack); with one it is anchored by nothing.
        assertTrue(run(0, "log", "verify", hidden, "--trust", logVkey, witnessVkey).contains("verdict: VALID"));
        String r = run(1, "log", "verify", hidden, "--trust", logVkey, witnessVkey, "--witness-threshold", "1",
                "--json");
        assertTrue(r.contains("\"code\":\"CHECKPOINT_MISSING\""), r);
        assertTrue(r.contains("fewer than the 1 required"), r);
        run(1, "verify", hidden, "--trust", logVkey, witnessVkey, "--witness-threshold", "1");
        // The branch the witness saw is VALID: its cosignature on the root copy counts for checkpoints/… too.
        assertTrue(run(0, "log", "verify", seen, "--trust", logVkey, witnessVkey, "--witness-threshold", "1")
                .contains("verdict: VALID"));
        run(0, "verify", seen, "--trust", logVkey, witnessVkey, "--witness-threshold", "1");
        // Two witnesses required, one given: not VALID.
        run(1, "log", "verify", seen, "--trust", logVkey, witnessVkey, "--witness-threshold", "2");
    }

    @Test
    @DisplayName("G26: a witness key cannot sign as the log, nor the log's key witness its own checkpoint")
    void witnessKeyAsLogKey_andLogKeyAsWitness_areRefused_G26_K3_4() throws Exception {
        String seen = branch("seen");
        witness(seen);
        // The witness's .vkey (type 0x04) given alone: no trusted log key signed the log.
        String r = run(1, "log", "verify", seen, "--trust", witnessVkey, "--json");
        assertTrue(r.contains("CHECKPOINT_MISSING"), r);
        // The log operator cosigns its own checkpoint with the log key under the witness's name.
        String self = branch("self", "--cosign", WITNESS + "=" + dir.resolve("logkey/private.pem"));
        assertTrue(Files.readString(Path.of(self).resolve("checkpoint")).contains("\u2014 " + WITNESS + " "));
        run(1, "log", "verify", self, "--trust", logVkey, witnessVkey, "--witness-threshold", "1");
        // Given as a plain PEM key (trusted for every role), the log's key still cannot witness itself.
        String p = run(1, "log", "verify", self, "--trust", logPem, witnessVkey, "--witness-threshold", "1",
                "--json");
        assertTrue(p.contains("a log cannot witness itself"), p);
    }

    @Test
    @DisplayName("G26: log and witness keys as SPKI PEM and JSON trust files, through the one trust store")
    void pemAndTrustFileKeys_areReadThroughTheTrustStore_G26_K3_4() throws Exception {
        String seen = branch("seen");
        witness(seen);
        Path trust = dir.resolve("witness-trust.json");
        Files.writeString(trust, "{\"format\":\"mimamori-trust\",\"format_version\":1,\"keys\":[{\"public_key\":"
                + json(Files.readString(Path.of(witnessPem))) + ",\"roles\":[\"WITNESS\"]}]}");
        assertTrue(run(0, "log", "verify", seen, "--trust", logPem, trust.toString(), "--witness-threshold", "1")
                .contains("verdict: VALID"));
        assertTrue(run(0, "log", "verify", seen, "--trust", logPem).contains("verdict: VALID"));
        // A witness key given as a plain PEM file is trusted for every role, the log's too: it witnesses nothing.
        String r = run(1, "log", "verify", seen, "--trust", logPem, witnessPem, "--witness-threshold", "1", "--json");
        assertTrue(r.contains("a log cannot witness itself"), r);
        assertFalse(r.contains("\"verdict\":\"VALID\""), r);
    }

    @Test
    @DisplayName("G26, K3-4: a tile folder's checkpoint counts with --witness-threshold K only when K trusted"
            + " witnesses cosigned it (log tiles, verify TILEDIR)")
    void tiles_withAWitnessThreshold_countOnlyACosignedCheckpoint_G26_K3_4() throws Exception {
        Path tiles = dir.resolve("tiles");
        run(0, "log", "publish", branch("one"), "--tiles", tiles.toString());
        assertTrue(run(0, "log", "tiles", tiles.toString(), "--trust", logVkey, witnessVkey)
                .contains("verdict: VALID"));
        String r = run(1, "log", "tiles", tiles.toString(), "--trust", logVkey, witnessVkey, "--witness-threshold",
                "1", "--json");
        assertTrue(r.contains("\"code\":\"CHECKPOINT_MISSING\""), r);
        run(1, "verify", tiles.toString(), "--trust", logVkey, witnessVkey, "--witness-threshold", "1");
        // The witness cosigns the tile folder's checkpoint: now it counts.
        assertTrue(jp.mimamori.cli.Main.run(new String[] {"log", "witness", "--state",
            dir.resolve("tstate").toString(), "--key", dir.resolve("witnesskey/private.pem").toString(), "--name",
            WITNESS, "--trust", logVkey, "--tiles", tiles.toString(), "--out",
            tiles.resolve("checkpoint").toString()}) == 0);
        assertTrue(run(0, "log", "tiles", tiles.toString(), "--trust", logVkey, witnessVkey, "--witness-threshold",
                "1").contains("verdict: VALID"));
        run(0, "verify", tiles.toString(), "--trust", logVkey, witnessVkey, "--witness-threshold", "1");
        run(1, "log", "tiles", tiles.toString(), "--trust", logVkey, witnessVkey, "--witness-threshold", "2");
        assertTrue(run(0, "log", "tiles", "--help").contains("--witness-threshold"));
    }

    @Test
    @DisplayName("CLI contract: a threshold out of range is an input error (exit 2)")
    void witnessThresholdOutOfRange_isExit2() throws Exception {
        String seen = branch("seen");
        run(2, "log", "verify", seen, "--trust", logVkey, "--witness-threshold", "-1");
        run(2, "log", "verify", seen, "--trust", logVkey, "--witness-threshold", "99");
        assertTrue(run(0, "log", "verify", "--help").contains("--witness-threshold"));
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
