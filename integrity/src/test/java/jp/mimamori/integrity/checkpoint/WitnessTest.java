package jp.mimamori.integrity.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import jp.mimamori.core.finding.Location;
import jp.mimamori.integrity.merkle.Merkle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C2SP tlog-witness {@code add-checkpoint} (issue 14, K3-4): a witness cosigns a checkpoint only after checking a
 * consistency proof from the last one it cosigned, and refuses forks, rollbacks and stale requests with the status
 * the spec prescribes.
 */
class WitnessTest {
    static final NoteSigner LOG = NoteSigner.fromSeed("kumagaya.example/evidence-log", NoteVerifier.ED25519,
            new byte[32]);
    static final NoteSigner WITNESS = NoteSigner.fromSeed("saku.example/witness", NoteVerifier.COSIGNATURE_V1,
            seed(7));
    static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path state;

    static byte[] seed(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    static List<byte[]> leaves(int n, int salt) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Merkle.leafHash(("record " + i + (i >= 15 ? "/" + salt : "")).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    static byte[] checkpoint(NoteSigner key, List<byte[]> leaves) {
        return key.signNote(new Checkpoint(key.name(), leaves.size(), Merkle.root(leaves), List.of()).body(), 0)
                .encode();
    }

    Witness witness() throws IOException {
        return Witness.open(state, WITNESS, List.of(LOG.verifier()));
    }

    @Test
    void cosignsOnlyConsistentExtensions_K3_4() throws IOException {
        Witness w = witness();
        List<byte[]> a = leaves(20, 0);
        byte[] cp8 = checkpoint(LOG, a.subList(0, 8));
        Witness.Response r = w.addCheckpoint(Witness.request(0, List.of(), cp8), NOW);
        assertEquals(200, r.status(), r.message());
        // The response is a cosignature line: appended to the checkpoint it verifies with the witness's key.
        byte[] cosigned = concat(cp8, r.body());
        CheckpointVerifier.Result v = CheckpointVerifier.verify(cosigned, List.of(LOG.verifier(), WITNESS.verifier()),
                Location.entry("checkpoint"));
        assertEquals(List.of(WITNESS.name()), v.cosigners(), v.findings().toString());
        byte[] cp20 = checkpoint(LOG, a);
        assertEquals(200, w.addCheckpoint(Witness.request(8, Merkle.consistencyProof(a, 8), cp20), NOW).status());
        assertEquals(20, w.latestSize(LOG.name()));

        // Stale old size: 409 with the latest size.
        Witness.Response stale = w.addCheckpoint(Witness.request(8, Merkle.consistencyProof(a, 8), cp20), NOW);
        assertEquals(409, stale.status());
        assertEquals("20\n", new String(stale.body(), StandardCharsets.US_ASCII));
        // A fork of the same log (records 15.. differ) extending 20 → 25 with a proof from the fork: 422.
        List<byte[]> fork = leaves(25, 1);
        assertEquals(422, w.addCheckpoint(Witness.request(20, Merkle.consistencyProof(fork, 20),
                checkpoint(LOG, fork)), NOW).status());
        // The same size with another root: 422. A rollback (old above the size): 400.
        assertEquals(422, w.addCheckpoint(Witness.request(20, List.of(), checkpoint(LOG, fork.subList(0, 20))), NOW)
                .status());
        assertEquals(400, w.addCheckpoint(Witness.request(20, List.of(), cp8), NOW).status());
        assertEquals(20, w.latestSize(LOG.name()));
    }

    @Test
    void unknownOriginOrBadSignature_is404Or403_andATamperedStateIsRefused_K3_4() throws IOException {
        Witness w = witness();
        NoteSigner other = NoteSigner.fromSeed("other.example/log", NoteVerifier.ED25519, seed(3));
        assertEquals(404, w.addCheckpoint(Witness.request(0, List.of(), checkpoint(other, leaves(3, 0))), NOW)
                .status());
        NoteSigner impostor = NoteSigner.fromSeed(LOG.name(), NoteVerifier.ED25519, seed(4));
        assertEquals(403, w.addCheckpoint(Witness.request(0, List.of(), checkpoint(impostor, leaves(3, 0))), NOW)
                .status());
        assertEquals(400, w.addCheckpoint("old 01\n\n".getBytes(StandardCharsets.US_ASCII), NOW).status());
        assertEquals(200, w.addCheckpoint(Witness.request(0, List.of(), checkpoint(LOG, leaves(5, 0))), NOW)
                .status());
        // Roll the state file back by hand (the log's own checkpoint of 3, without the witness's cosignature).
        try (Stream<Path> s = Files.list(state)) {
            Path f = s.filter(p -> p.toString().endsWith(".checkpoint")).findFirst().orElseThrow();
            Files.write(f, checkpoint(LOG, leaves(3, 0)));
        }
        assertThrows(IOException.class, () -> w.latestSize(LOG.name()));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
