package jp.mimamori.integrity.checkpoint;

import static jp.mimamori.integrity.checkpoint.WitnessTest.concat;
import static jp.mimamori.integrity.checkpoint.WitnessTest.leaves;
import static jp.mimamori.integrity.checkpoint.WitnessTest.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.KeyScope;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.merkle.Merkle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Witness cosignatures judged by the trust store, and "at least k of the given witnesses" (docs/SECURITY.md G26,
 * K3-4): each test performs the attack on signed notes as the log operator holding only the log key would.
 */
class CheckpointPolicyTest {
    static final NoteSigner LOG = WitnessTest.LOG;
    static final NoteSigner WITNESS = WitnessTest.WITNESS;
    static final NoteSigner WITNESS_2 = NoteSigner.fromSeed("kawagoe.example/witness", NoteVerifier.COSIGNATURE_V1,
            seed(9));
    static final Instant NOW = WitnessTest.NOW;

    @TempDir
    Path state;

    static VerifyingKey key(NoteSigner s) {
        try {
            return VerifyingKey.fromRawEd25519(s.verifier().publicKey());
        } catch (jp.mimamori.core.error.CryptoException e) {
            throw new AssertionError(e);
        }
    }

    /** The trust store a verifier builds from the log's {@code .vkey} (0x01) and witnesses' (0x04). */
    static TrustStore trust(NoteSigner... witnesses) {
        TrustStore.Builder b = TrustStore.builder().addKey(key(LOG), KeyScope.of(KeyRole.LOG).withNoteName(LOG.name()));
        for (NoteSigner w : witnesses) {
            b.addKey(key(w), KeyScope.of(KeyRole.WITNESS).withNoteName(w.name()));
        }
        return b.build();
    }

    static CheckpointVerifier.Result verify(byte[] note, TrustStore trust, int k) {
        return CheckpointVerifier.verify(note, CheckpointPolicy.of(trust).withWitnessThreshold(k),
                Location.entry("checkpoint"));
    }

    static byte[] checkpoint(NoteSigner log, List<byte[]> leaves) {
        return WitnessTest.checkpoint(log, leaves);
    }

    static byte[] cosign(NoteSigner witness, byte[] note, long time) {
        try {
            SignedNote n = SignedNote.parse(note);
            return n.with(witness.sign(n.text(), time)).encode();
        } catch (NoteFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void splitView_forkCosignedOnlyOnTheOtherBranch_isCheckpointMissingWhenAWitnessIsRequired_G26_K3_4()
            throws Exception {
        Witness w = Witness.open(state, WITNESS, List.of(LOG.verifier()));
        List<byte[]> honest = leaves(20, 0);
        List<byte[]> fork = leaves(20, 1); // records 15.. differ: the same size, another root
        byte[] honestCp = checkpoint(LOG, honest);
        byte[] forkCp = checkpoint(LOG, fork);
        Witness.Response r = w.addCheckpoint(Witness.request(0, List.of(), honestCp), NOW);
        assertEquals(200, r.status(), r.message());
        byte[] honestCosigned = concat(honestCp, r.body());
        // The witness refuses the fork it is shown later: it checks every checkpoint against the last it cosigned.
        assertNotEquals(200, w.addCheckpoint(Witness.request(20, List.of(), forkCp), NOW).status());

        // Without a witness policy (the default, k = 0) the fork shown to this verifier alone passes: the attack.
        assertTrue(verify(forkCp, trust(WITNESS), 0).valid());
        // Requiring one witness: the fork has no trusted cosignature and anchors nothing.
        CheckpointVerifier.Result f = verify(forkCp, trust(WITNESS), 1);
        assertFalse(f.valid());
        assertEquals(List.of(VerificationCode.CHECKPOINT_MISSING), f.findings().stream().map(x -> x.code()).toList());
        assertTrue(f.findings().get(0).message().en().contains("cosigned by 0 trusted witnesses, fewer than the 1"),
                f.findings().get(0).message().en());
        assertFalse(f.findings().get(0).message().ja().isBlank());
        // The branch the witness saw verifies, with the witness counted.
        CheckpointVerifier.Result h = verify(honestCosigned, trust(WITNESS), 1);
        assertTrue(h.valid(), h.findings().toString());
        assertEquals(List.of(key(WITNESS).keyId()), h.witnessKeyIds());
        // Pasting the honest branch's cosignature under the fork's text does not verify: SIGNATURE_INVALID.
        byte[] pasted = concat(forkCp, r.body());
        CheckpointVerifier.Result p = verify(pasted, trust(WITNESS), 1);
        assertFalse(p.valid());
        assertTrue(p.findings().stream().anyMatch(x -> x.code() == VerificationCode.SIGNATURE_INVALID),
                p.findings().toString());
        assertTrue(p.witnessKeyIds().isEmpty());
    }

    @Test
    void witnessKeyUsedAsLogKey_isKeyUntrusted_G26_K3_4() {
        // The witness's key signs a checkpoint as the log would (type 0x01, under the witness's own name, or under
        // the log's name): the trust store allows that key only the witness role.
        for (String name : List.of(WITNESS.name(), LOG.name())) {
            NoteSigner asLog = NoteSigner.fromSeed(name, NoteVerifier.ED25519, seed(7));
            byte[] cp = asLog.signNote(new Checkpoint(LOG.name(), 3, Merkle.root(leaves(3, 0)), List.of()).body(), 0)
                    .encode();
            CheckpointVerifier.Result r = verify(cp, trust(WITNESS), 0);
            assertFalse(r.valid(), name);
            assertEquals(VerificationCode.KEY_UNTRUSTED, r.findings().get(0).code(), name);
            assertTrue(r.logSigners().isEmpty());
        }
        NoteSigner asLog = NoteSigner.fromSeed(WITNESS.name(), NoteVerifier.ED25519, seed(7));
        byte[] cp = asLog.signNote(new Checkpoint(LOG.name(), 3, Merkle.root(leaves(3, 0)), List.of()).body(), 0)
                .encode();
        String en = verify(cp, trust(WITNESS), 0).findings().get(0).message().en();
        assertTrue(en.contains("not trusted for role LOG"), en);
    }

    @Test
    void logKeyUsedAsWitness_doesNotCount_G26_K3_4() {
        byte[] fork = checkpoint(LOG, leaves(20, 1));
        // The log operator cosigns its own fork (type 0x04) with the log key, under the log's name and under a
        // witness's name.
        NoteSigner selfUnderLogName = NoteSigner.fromSeed(LOG.name(), NoteVerifier.COSIGNATURE_V1, new byte[32]);
        CheckpointVerifier.Result a = verify(cosign(selfUnderLogName, fork, NOW.getEpochSecond()), trust(WITNESS), 1);
        assertFalse(a.valid());
        assertEquals(VerificationCode.CHECKPOINT_MISSING, a.findings().get(0).code());
        assertTrue(a.findings().get(0).message().en().contains("not for role WITNESS"),
                a.findings().get(0).message().en());
        NoteSigner selfUnderWitnessName = NoteSigner.fromSeed(WITNESS.name(), NoteVerifier.COSIGNATURE_V1,
                new byte[32]);
        CheckpointVerifier.Result b = verify(cosign(selfUnderWitnessName, fork, NOW.getEpochSecond()),
                trust(WITNESS), 1);
        assertFalse(b.valid());
        assertTrue(b.witnessKeyIds().isEmpty());
        // A log key given as a plain key (every role) cannot witness its own checkpoints either.
        TrustStore plain = TrustStore.builder().addKey(key(LOG)).addKey(key(WITNESS),
                KeyScope.of(KeyRole.WITNESS).withNoteName(WITNESS.name())).build();
        NoteSigner selfUnnamed = NoteSigner.fromSeed("someone.example/witness", NoteVerifier.COSIGNATURE_V1,
                new byte[32]);
        CheckpointVerifier.Result c = verify(cosign(selfUnnamed, fork, NOW.getEpochSecond()), plain, 1);
        assertFalse(c.valid());
        assertTrue(c.findings().get(0).message().en().contains("a log cannot witness itself"),
                c.findings().get(0).message().en());
        // The same plain log key still signs as the log: with a real witness's cosignature the checkpoint counts.
        assertTrue(verify(cosign(WITNESS, fork, NOW.getEpochSecond()), plain, 1).valid());
    }

    @Test
    void untrustedCosigner_doesNotCount_G26_K3_4() {
        byte[] cp = checkpoint(LOG, leaves(20, 0));
        // A cosignature by a key the verifier was never given is ignored (signed-note rule).
        NoteSigner stranger = NoteSigner.fromSeed("stranger.example/witness", NoteVerifier.COSIGNATURE_V1, seed(5));
        CheckpointVerifier.Result r = verify(cosign(stranger, cp, NOW.getEpochSecond()), trust(WITNESS), 1);
        assertFalse(r.valid());
        assertEquals(VerificationCode.CHECKPOINT_MISSING, r.findings().get(0).code());
        // A witness revoked before it cosigned does not count; judged at the time its cosignature states, the
        // same witness counts for what it cosigned before the revocation.
        Instant revoked = NOW.minusSeconds(3600);
        TrustStore t = TrustStore.builder()
                .addKey(key(LOG), KeyScope.of(KeyRole.LOG).withNoteName(LOG.name()))
                .addKey(key(WITNESS), KeyScope.of(KeyRole.WITNESS).withNoteName(WITNESS.name()).withRevokedAt(revoked))
                .build();
        CheckpointVerifier.Result late = verify(cosign(WITNESS, cp, NOW.getEpochSecond()), t, 1);
        assertFalse(late.valid());
        assertTrue(late.findings().get(0).message().en().contains("revoked"), late.findings().get(0).message().en());
        assertTrue(verify(cosign(WITNESS, cp, revoked.getEpochSecond() - 1), t, 1).valid());
        // A cosignature time no Instant can hold is not counted, and nothing throws.
        CheckpointVerifier.Result far = verify(cosign(WITNESS, cp, Long.MAX_VALUE), trust(WITNESS), 1);
        assertFalse(far.valid());
        assertTrue(far.findings().get(0).message().en().contains("out of range"), far.findings().get(0).message().en());
    }

    @Test
    void sameWitnessTwice_countsOnce_andKOfTheGivenWitnessesIsEnforced_G26_K3_4() {
        byte[] cp = checkpoint(LOG, leaves(20, 0));
        // A witness key trusted without a note name (a trust-file entry without "name") signs under two names.
        TrustStore unnamed = TrustStore.builder()
                .addKey(key(LOG), KeyScope.of(KeyRole.LOG).withNoteName(LOG.name()))
                .addKey(key(WITNESS), KeyScope.of(KeyRole.WITNESS)).build();
        NoteSigner alias = NoteSigner.fromSeed("alias.example/witness", NoteVerifier.COSIGNATURE_V1, seed(7));
        byte[] twice = cosign(alias, cosign(WITNESS, cp, NOW.getEpochSecond()), NOW.getEpochSecond());
        CheckpointVerifier.Result r = verify(twice, unnamed, 2);
        assertFalse(r.valid());
        assertEquals(1, r.witnessKeyIds().size());
        assertTrue(verify(twice, unnamed, 1).valid());
        // Two distinct trusted witnesses meet k = 2; one of them does not.
        byte[] both = cosign(WITNESS_2, cosign(WITNESS, cp, NOW.getEpochSecond()), NOW.getEpochSecond());
        assertTrue(verify(both, trust(WITNESS, WITNESS_2), 2).valid());
        assertFalse(verify(cosign(WITNESS, cp, NOW.getEpochSecond()), trust(WITNESS, WITNESS_2), 2).valid());
    }

    @Test
    void thresholdOutOfRange_isIllegalArgumentNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CheckpointPolicy.of(trust()).withWitnessThreshold(-1));
        assertTrue(e.getMessage().startsWith("witnessThreshold:"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new CheckpointPolicy(trust(), CheckpointPolicy.MAX_WITNESS_THRESHOLD + 1));
        assertEquals(0, CheckpointPolicy.of(trust()).witnessThreshold());
    }

    @Test
    void hostileNotes_areReportedNeverThrown_underAPolicy() {
        for (String s : List.of("", "garbage", "a\n1\nAAAA\n\n\u2014 x AAAAAAAA\n")) {
            CheckpointVerifier.Result r = verify(s.getBytes(StandardCharsets.UTF_8), trust(WITNESS), 1);
            assertFalse(r.valid());
            assertEquals(VerificationCode.SIGNATURE_INVALID, r.findings().get(0).code());
        }
    }
}
