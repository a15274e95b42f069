package jp.mimamori.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI contract of DESIGN.md over the workspace {@code mimamori demo --out DIR} leaves: the folders it
 * promises, and {@code mimamori verify PATH} accepting both a store folder and a log folder, with exit codes
 * 0 (all well), 1 (something found) and 2 (usage or input error).
 */
class DemoWorkspaceContractTest {
    @TempDir
    static Path out;

    @BeforeAll
    static void runDemo() {
        run(0, "demo", "--out", out.toString());
    }

    private static String run(int wantExit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(wantExit, Main.run(args), () -> buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("DESIGN CLI contract: the demo leaves keys/, rules/, store/, log/ and exports/")
    void demo_leavesTheWorkspaceFolders() {
        for (String d : new String[] {"keys", "rules", "store", "log", "exports"}) {
            assertTrue(Files.isDirectory(out.resolve(d)), d);
        }
        assertTrue(Files.isRegularFile(out.resolve("keys/evidence-log.vkey")));
    }

    @Test
    @DisplayName("K3-2-3, invariant 4: with the log's erasure receipts the demo store is VALID with SEGMENT_ERASED")
    void verifyStoreWithLog_isValidWithTheErasure() {
        String r = run(0, "verify", out.resolve("store").toString(), "--trust",
                out.resolve("keys/recorder.public.pem").toString(), out.resolve("keys/retention.public.pem").toString(),
                out.resolve("keys/evidence-log.vkey").toString(), "--log", out.resolve("log").toString(), "--json");
        assertTrue(r.contains("\"verdict\":\"VALID\""), r);
        assertTrue(r.contains("\"code\":\"SEGMENT_ERASED\""), r);
        assertTrue(r.contains("\"severity\":\"INFO\""), r);
    }

    @Test
    @DisplayName("invariant 4: without the receipts the erased segment of the demo store is SEGMENT_MISSING (exit 1)")
    void verifyStoreWithoutReceipts_findsTheGap() {
        String r = run(1, "verify", out.resolve("store").toString(), "--trust",
                out.resolve("keys/recorder.public.pem").toString(), "--json");
        assertTrue(r.contains("\"code\":\"SEGMENT_MISSING\""), r);
    }

    @Test
    @DisplayName("K3-4/S3: the demo's police bundle verifies VALID offline with the recorder key and the log .vkey; the register lists its S8 and S9 refusals")
    void policeBundle_verifies_andRefusalsAreRegistered() {
        String r = run(0, "verify", out.resolve("exports/demo-13-police.zip").toString(), "--trust",
                out.resolve("keys/recorder.public.pem").toString(), out.resolve("keys/evidence-log.vkey").toString());
        assertTrue(r.contains("VALID") && r.contains("this is all the footage"), r);
        String reg = run(0, "log", "register", out.resolve("log").toString());
        assertTrue(reg.contains("demo-13-police") && reg.contains("demo-13-s8") && reg.contains("demo-13-s9"), reg);
        assertTrue(Files.isRegularFile(out.resolve("exports/demo-13-encrypted.zip.p7m")));
    }

    @Test
    @DisplayName("K3-4: log register lists the demo's provision of cam-02 footage to the police")
    void logRegister_listsTheDisclosure() {
        String r = run(0, "log", "register", out.resolve("log").toString());
        assertTrue(r.contains("demo-s8-1"), r);
        assertTrue(r.contains("Saku Police"), r);
        assertTrue(r.contains("cam-02"), r);
        assertTrue(Files.isRegularFile(out.resolve("exports/demo-s8-1/manifest.json")));
    }

    @Test
    @DisplayName("K3-4: verify accepts the demo's evidence-log folder with its signed-note key and TSA root")
    void verifyLog_isValid() {
        String r = run(0, "verify", out.resolve("log").toString(), "--trust",
                out.resolve("keys/evidence-log.vkey").toString(), out.resolve("keys/test-tsa-root.pem").toString(),
                "--json");
        assertTrue(r.contains("\"format\":\"mimamori-verify-report\""), r);
        assertTrue(r.contains("\"verdict\":\"VALID\""), r);
    }

    @Test
    @DisplayName("K3-4: a log verified against a key that did not sign it is not VALID (exit 1)")
    void verifyLog_withTheWrongKey_findsIt() throws Exception {
        Path witness = out.resolve("keys/witness.vkey");
        Path other = Files.exists(witness) ? witness : out.resolve("keys/other.vkey");
        if (!Files.exists(other)) {
            // A syntactically valid signed-note verifier key that signed nothing here.
            Files.writeString(other, "someone.example+0a1b2c3d+AZ5Pq0IOfEQ8T3F1Q4Z6R2sxl9kE3T8b5o0o1v2w3x4y\n");
        }
        String r = run(1, "verify", out.resolve("log").toString(), "--trust", other.toString(), "--json");
        assertTrue(r.contains("\"verdict\":\"INVALID\""), r);
    }

    @Test
    @DisplayName("DESIGN CLI contract: a path no verifier recognises is an input error (exit 2)")
    void verifyUnknownFolder_isUsageError() {
        run(2, "verify", out.resolve("exports").toString(), "--trust",
                out.resolve("keys/recorder.public.pem").toString());
    }

    @Test
    @DisplayName("README: running the demo again into the same folder replaces the workspace (exit 0)")
    void demoRunTwice_replacesTheWorkspace(@TempDir Path tmp) throws Exception {
        Path again = tmp.resolve("ws");
        run(0, "demo", "--out", again.toString());
        run(0, "demo", "--out", again.toString());
        assertTrue(Files.isRegularFile(again.resolve("keys/evidence-log.vkey")));
    }

    @Test
    @DisplayName("DESIGN CLI contract: the demo never overwrites a folder it did not make (exit 2)")
    void demoIntoForeignFolder_isRefused(@TempDir Path tmp) throws Exception {
        Path foreign = tmp.resolve("mine");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        run(2, "demo", "--out", foreign.toString());
        assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
    }
}
