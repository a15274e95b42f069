package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.merkle.Merkle;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published vectors of docs/vectors/evidence-log (copied to test resources): three records, their
 * canonical bytes and leaf hashes, the root, and a checkpoint signed by a fixed key and cosigned by a fixed
 * witness. Ed25519 is deterministic, so the vectors are regenerated and compared byte for byte. Where Go and
 * Go's reference signed-note implementation ({@code golang.org/x/mod/sumdb/note}, Debian package
 * golang-golang-x-mod-dev) are installed, Go verifies the checkpoint too.
 */
class EvidenceLogVectorsTest {
    static final Instant T = Instant.parse("2026-04-01T09:00:00Z");

    static byte[] seed(String label) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
    }

    static List<EvidenceRecord> records() {
        return List.of(
                EvidenceRecord.of(EvidenceTypes.DESIGNATION, T, Map.of("principal", "op-7", "role", "OPERATOR",
                        "designated_by", "mgr-1", "camera", "cam-1", "requirements", List.of("K3-1-2"))),
                EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, T.plusSeconds(60), Map.of("principal", "op-7",
                        "camera", "cam-1", "action", "view_recorded", "outcome", "permit", "requirements", List.of("K3-1-3"))),
                EvidenceRecord.of(EvidenceTypes.DISCLOSURE, T.plusSeconds(3600), Map.of("disclosure_id", "D-2026-001",
                        "provided_at", "2026-04-01T10:00:00.000Z", "recipient", "Kumagaya Police Station",
                        "recipient_verification", "officer ID card", "reason", "theft investigation",
                        "basis", "written request of an investigative agency", "camera", "cam-1",
                        "content", Map.of("camera", "cam-1", "from", "2026-03-31T20:00:00.000Z",
                                "to", "2026-03-31T21:00:00.000Z"), "requirements", List.of("K3-4"))));
    }

    /** File name to content of every vector file. */
    static Map<String, byte[]> generate() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<byte[]> leaves = new ArrayList<>();
        StringBuilder recs = new StringBuilder();
        for (EvidenceRecord r : records()) {
            byte[] c = RecordCodec.encode(r);
            recs.append(new String(c, StandardCharsets.UTF_8)).append('\n');
            leaves.add(Merkle.leafHash(c));
        }
        files.put("records.jsonl", recs.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder lh = new StringBuilder();
        for (byte[] l : leaves) {
            lh.append(HexFormat.of().formatHex(l)).append('\n');
        }
        files.put("leaf-hashes.txt", lh.toString().getBytes(StandardCharsets.UTF_8));
        files.put("root.txt", (HexFormat.of().formatHex(Merkle.root(leaves)) + "\n").getBytes(StandardCharsets.UTF_8));
        NoteSigner log = NoteSigner.fromSeed("vectors.mimamori.example/evidence-log", NoteVerifier.ED25519,
                seed("mimamori evidence-log vector: log key"));
        NoteSigner witness = NoteSigner.fromSeed("witness.mimamori.example/w1", NoteVerifier.COSIGNATURE_V1,
                seed("mimamori evidence-log vector: witness key"));
        Checkpoint cp = new Checkpoint(log.name(), leaves.size(), Merkle.root(leaves), List.of());
        SignedNote n = log.signNote(cp.body(), 0);
        files.put("log.vkey", (log.verifier().toVkey() + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("witness.vkey", (witness.verifier().toVkey() + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("checkpoint", n.encode());
        files.put("checkpoint.cosigned", n.with(witness.sign(cp.body(), T.getEpochSecond())).encode());
        return files;
    }

    @Test
    void committedVectors_areReproducedByteForByte() throws Exception {
        String out = System.getProperty("mimamori.writeVectors");
        Map<String, byte[]> files = generate();
        if (out != null) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(Path.of(out, e.getKey()), e.getValue());
            }
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            try (InputStream in = getClass().getResourceAsStream("/vectors/evidence-log/" + e.getKey())) {
                assertTrue(in != null, "missing vector " + e.getKey());
                assertArrayEquals(in.readAllBytes(), e.getValue(), e.getKey());
            }
        }
    }

    @Test
    void goSignedNoteImplementation_verifiesOurCheckpoint(@TempDir Path dir) throws Exception {
        Path gopath = Path.of(System.getenv().getOrDefault("MIMAMORI_GOPATH", "/usr/share/gocode"));
        Assumptions.assumeTrue(onPath("go") && Files.isDirectory(gopath.resolve("src/golang.org/x/mod/sumdb/note")),
                "go or golang.org/x/mod/sumdb/note (Debian: golang-golang-x-mod-dev) not installed: skipping the Go "
                        + "interop test; the committed vector was verified by Go when it was made");
        Map<String, byte[]> files = generate();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        try (InputStream in = getClass().getResourceAsStream("/jp/mimamori/integrity/checkpoint/go/verifynote.go")) {
            Files.write(dir.resolve("verifynote.go"), in.readAllBytes());
        }
        for (String note : List.of("checkpoint", "checkpoint.cosigned")) {
            ProcessBuilder pb = new ProcessBuilder("go", "run", "verifynote.go", "log.vkey", note).directory(dir.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("GO111MODULE", "off");
            pb.environment().put("GOPATH", gopath.toString());
            pb.environment().put("GOCACHE", dir.resolve("gocache").toString());
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals("ok vectors.mimamori.example/evidence-log\n" + new String(files.get("checkpoint"),
                    StandardCharsets.UTF_8).split("\n\n")[0] + "\n", text);
        }
    }

    static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
