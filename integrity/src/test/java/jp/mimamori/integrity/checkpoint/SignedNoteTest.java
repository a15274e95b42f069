package jp.mimamori.integrity.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** C2SP signed-note, tlog-checkpoint and tlog-cosignature (the log's checkpoints, K3-4). */
class SignedNoteTest {
    // Example key and note from the documentation of Go's golang.org/x/mod/sumdb/note (the reference
    // implementation of C2SP signed-note), used as data.
    static final String GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    // Example verifier key and note of the C2SP signed-note specification ("Verifier keys").
    static final String SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    static final String SPEC_NOTE = "This is an example message.\n\n\u2014 example.com/foo "
            + "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    @Test
    void goReferenceKey_signsTheGoExampleNoteByteForByte() throws Exception {
        NoteSigner s = NoteSigner.fromSignerKey(GO_SKEY);
        assertEquals(GO_VKEY, s.verifier().toVkey());
        assertEquals(GO_NOTE, new String(s.signNote(GO_TEXT, 0).encode(), StandardCharsets.UTF_8));
    }

    @Test
    void specExampleNote_verifiesWithTheSpecVerifierKey() throws Exception {
        NoteVerifier v = NoteVerifier.parse(SPEC_VKEY);
        SignedNote n = SignedNote.parse(SPEC_NOTE.getBytes(StandardCharsets.UTF_8));
        assertEquals("This is an example message.\n", n.text());
        assertTrue(v.verify(n.text(), n.signatures().get(0)));
        assertEquals(0x530d903a, v.keyId());
    }

    @Test
    void alteredText_doesNotVerify() throws Exception {
        NoteVerifier v = NoteVerifier.parse(GO_VKEY);
        SignedNote n = SignedNote.parse(GO_NOTE.replace("problem,", "problem;").getBytes(StandardCharsets.UTF_8));
        assertFalse(v.verify(n.text(), n.signatures().get(0)));
    }

    @Test
    void vkeyWithWrongKeyId_isRejected() {
        NoteFormatException e = assertThrows(NoteFormatException.class,
                () -> NoteVerifier.parse(SPEC_VKEY.replace("530d903a", "530d903b")));
        assertEquals("vkey: key id does not match SHA-256(name || 0x0A || type || key)", e.getMessage());
    }

    static NoteSigner logKey() {
        return NoteSigner.fromSeed("city.example/evidence-log", NoteVerifier.ED25519, new byte[32]);
    }

    static Checkpoint checkpoint(long size) {
        byte[] root = new byte[32];
        root[0] = (byte) size;
        return new Checkpoint("city.example/evidence-log", size, root, List.of());
    }

    @Test
    void checkpointSignedAndCosigned_verifiesWithBothKeys_K3_4() throws Exception {
        NoteSigner log = logKey();
        NoteSigner witness = NoteSigner.fromSeed("witness.example/w1", NoteVerifier.COSIGNATURE_V1, filled(7));
        Checkpoint c = checkpoint(42);
        SignedNote n = log.signNote(c.body(), 0).with(witness.sign(c.body(), 1_775_000_000L));
        CheckpointVerifier.Result r = CheckpointVerifier.verify(n.encode(), List.of(log.verifier(), witness.verifier()),
                Location.NONE);
        assertTrue(r.valid(), r.findings().toString());
        assertEquals(java.util.Optional.of(c), r.checkpoint());
        assertEquals(List.of("witness.example/w1"), r.cosigners());
        assertEquals(1_775_000_000L, NoteVerifier.cosignatureTime(n.signatures().get(1)));
    }

    @Test
    void checkpointWithChangedSize_isSignatureInvalid() {
        NoteSigner log = logKey();
        String note = new String(log.signNote(checkpoint(42).body(), 0).encode(), StandardCharsets.UTF_8);
        byte[] forged = note.replaceFirst("\n42\n", "\n43\n").getBytes(StandardCharsets.UTF_8);
        CheckpointVerifier.Result r = CheckpointVerifier.verify(forged, List.of(log.verifier()), Location.NONE);
        assertEquals(VerificationCode.SIGNATURE_INVALID, r.findings().get(0).code());
    }

    @Test
    void checkpointByAnotherKey_isKeyUntrusted() {
        NoteSigner other = NoteSigner.generate("city.example/evidence-log", NoteVerifier.ED25519, new SecureRandom());
        byte[] note = other.signNote(checkpoint(1).body(), 0).encode();
        CheckpointVerifier.Result r = CheckpointVerifier.verify(note, List.of(logKey().verifier()), Location.NONE);
        assertEquals(VerificationCode.KEY_UNTRUSTED, r.findings().get(0).code());
    }

    @Test
    void anyCheckpoint_roundTripsThroughTextAndVerifies() {
        NoteSigner log = logKey();
        Props.theory(50).forAll(longs().between(0, Long.MAX_VALUE), integers().between(0, 3)).check((size, ext) -> {
            List<String> exts = new ArrayList<>();
            for (int i = 0; i < ext; i++) {
                exts.add("ext " + i);
            }
            byte[] root = new byte[32];
            root[31] = (byte) (size ^ ext);
            Checkpoint c = new Checkpoint("city.example/evidence-log", size, root, exts);
            CheckpointVerifier.Result r = CheckpointVerifier.verify(log.signNote(c.body(), 0).encode(),
                    List.of(log.verifier()), Location.NONE);
            return r.valid() && r.checkpoint().equals(java.util.Optional.of(c));
        });
    }

    /** Golden files: one defective note per rule, with the exact message in English and Japanese. */
    @TestFactory
    Stream<DynamicTest> defectiveNotes_areRejectedWithTheExactMessage() throws IOException {
        List<String> names = List.of("no-blank-line", "no-final-newline", "control-character", "hyphen-not-em-dash",
                "signature-not-base64", "signature-too-short", "key-name-with-plus", "no-signatures",
                "size-leading-zero", "size-not-decimal", "size-too-large", "root-not-32-bytes", "root-not-base64",
                "too-few-lines", "empty-extension-line", "empty-origin", "too-many-signatures", "invalid-utf8");
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            byte[] note = resource("defects/" + name + ".note");
            String[] want = new String(resource("defects/" + name + ".error"), StandardCharsets.UTF_8).split("\n");
            NoteFormatException e = assertThrows(NoteFormatException.class,
                    () -> Checkpoint.parseBody(SignedNote.parse(note).text()));
            assertEquals(want[0], e.getMessage());
            assertEquals(want[1], e.text().ja());
        }));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SignedNoteTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    static byte[] filled(int b) {
        byte[] x = new byte[32];
        java.util.Arrays.fill(x, (byte) b);
        return x;
    }

    /** Hostile bytes never escape the parsers as anything but NoteFormatException. */
    @FuzzTest(maxDuration = "10s")
    void parseNoteAndCheckpoint_onlyFormatErrors(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            SignedNote n = SignedNote.parse(bytes);
            Checkpoint.parseBody(n.text());
            CheckpointVerifier.verify(bytes, List.of(logKey().verifier()), Location.NONE);
        } catch (NoteFormatException expected) {
            // the only failure allowed
        }
        try {
            NoteVerifier.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (NoteFormatException expected) {
            // the only failure allowed
        }
    }
}
