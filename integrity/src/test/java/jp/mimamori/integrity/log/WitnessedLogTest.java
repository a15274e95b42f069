package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.checkpoint.CheckpointPolicy;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.Witness;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.KeyScope;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.report.VerificationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A split view of log folders (docs/SECURITY.md G26, K3-4): the log operator keeps two forks, each signed by the
 * log key, and shows each verifier one. A witness cosigned only the branch it saw; a verifier requiring one witness
 * finds the other branch anchored by nothing.
 */
class WitnessedLogTest {
    static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    static final NoteSigner LOG = NoteSigner.fromSeed("city.example/evidence-log", NoteVerifier.ED25519, new byte[32]);
    static final NoteSigner WITNESS = NoteSigner.fromSeed("audit.city.example/witness", NoteVerifier.COSIGNATURE_V1,
            filled(7));

    @TempDir
    Path tmp;

    static byte[] filled(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    static TrustStore trust() throws Exception {
        return TrustStore.builder()
                .addKey(VerifyingKey.fromRawEd25519(LOG.verifier().publicKey()),
                        KeyScope.of(KeyRole.LOG).withNoteName(LOG.name()))
                .addKey(VerifyingKey.fromRawEd25519(WITNESS.verifier().publicKey()),
                        KeyScope.of(KeyRole.WITNESS).withNoteName(WITNESS.name()))
                .build();
    }

    /** A log of ten records, the last five {@code branch}'s own, signed by the log key at 10. */
    Path branch(String branch) throws IOException {
        Path dir = tmp.resolve(branch);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 10; i++) {
                log.append(i < 5 ? TransparentEvidenceLogTest.rec(i) : EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION,
                        NOW.plusSeconds(i), Map.of("camera", "cam-1", "branch", branch, "n", i)));
            }
            LogCheckpoints.write(log, LOG, List.of(), NOW);
        }
        return dir;
    }

    static VerificationReport verify(Path dir, int k) throws Exception {
        return LogVerifier.verify(dir, CheckpointPolicy.of(trust()).withWitnessThreshold(k), List.of(),
                Optional.empty());
    }

    @Test
    void splitViewOfLogFolders_theBranchNoWitnessCosigned_isCheckpointMissing_G26_K3_4() throws Exception {
        Path seen = branch("seen");
        Path hidden = branch("hidden");
        Witness w = Witness.open(tmp.resolve("witness"), WITNESS, List.of(LOG.verifier()));
        byte[] seenCp = Files.readAllBytes(seen.resolve(LogCheckpoints.LATEST));
        Witness.Response r = w.addCheckpoint(Witness.request(0, List.of(), seenCp), NOW);
        assertEquals(200, r.status(), r.message());
        // The witness's answer appended to the root copy of the checkpoint (checkpoints/… keeps the log's own).
        byte[] cosigned = Arrays.copyOf(seenCp, seenCp.length + r.body().length);
        System.arraycopy(r.body(), 0, cosigned, seenCp.length, r.body().length);
        Files.write(seen.resolve(LogCheckpoints.LATEST), cosigned);
        byte[] hiddenCp = Files.readAllBytes(hidden.resolve(LogCheckpoints.LATEST));
        assertNotEquals(200, w.addCheckpoint(Witness.request(10, List.of(), hiddenCp), NOW).status());

        // Without a policy each branch alone is VALID: the split view goes unnoticed.
        assertTrue(verify(hidden, 0).isValid(), verify(hidden, 0).render(Locale.ENGLISH));
        // Requiring one witness: the branch the witness saw is VALID (its cosignature counts for both copies of
        // the checkpoint), the other one is anchored by nothing.
        VerificationReport s = verify(seen, 1);
        assertTrue(s.isValid(), s.render(Locale.ENGLISH));
        VerificationReport h = verify(hidden, 1);
        assertFalse(h.isValid(), h.render(Locale.ENGLISH));
        assertTrue(h.findings(VerificationCode.CHECKPOINT_MISSING).stream()
                .anyMatch(f -> f.where().entry().orElse("").equals("checkpoints/00000000000000000010.checkpoint")),
                h.render(Locale.ENGLISH));
        assertTrue(h.render(Locale.ENGLISH).contains("cosigned by at least 1 trusted witness covers the log"),
                h.render(Locale.ENGLISH));
        // Store verification against the log anchors nothing on the hidden branch, everything on the seen one.
        assertEquals(0, AnchoredLog.read(hidden, CheckpointPolicy.of(trust()).withWitnessThreshold(1)).anchoredSize());
        assertEquals(10, AnchoredLog.read(seen, CheckpointPolicy.of(trust()).withWitnessThreshold(1)).anchoredSize());
        assertEquals(10, AnchoredLog.read(hidden, CheckpointPolicy.of(trust())).anchoredSize());
    }

    @Test
    void defaultPolicy_isTheListOfLogKeys_G26_K3_4() throws Exception {
        Path dir = branch("only");
        VerificationReport byPolicy = verify(dir, 0);
        VerificationReport byKeys = LogVerifier.verify(dir, List.of(LOG.verifier()), List.of(), Optional.empty());
        assertEquals(byKeys.toJson(), byPolicy.toJson());
        assertTrue(byPolicy.isValid(), byPolicy.render(Locale.ENGLISH));
    }
}
