package jp.mimamori.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import jp.mimamori.cli.Main;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mimamori export} and {@code mimamori verify BUNDLE.zip} as the CLI contract gives them (K3-4, S3, S8, S9):
 * a permitted request writes a bundle that verifies with the recorder's key and the log's {@code .vkey}; a denied
 * one exits 1 and writes nothing; the register lists both.
 */
class ExportCommandTest {
    static final String ORIGIN = "test.mimamori.example/log";

    @TempDir
    Path dir;

    record Run(int code, String out) {}

    static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.run(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    /** Runs with standard error captured after standard output. */
    static Run withErr(java.util.function.Supplier<Run> f) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Run r = f.get();
            return new Run(r.code(), r.out() + buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    String p(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeEach
    void recordAndCheckpoint() throws Exception {
        assertEquals(0, run("keys", "generate", "--alg", "ed25519", "--out", p("k")).code());
        assertEquals(0, run("keys", "generate", "--alg", "ed25519", "--out", p("logkey")).code());
        Files.writeString(dir.resolve("log.vkey"), NoteSigner.fromPkcs8Pem(ORIGIN,
                Files.readString(dir.resolve("logkey/private.pem")), NoteVerifier.ED25519).verifier().toVkey() + "\n");
        Random r = new Random(7);
        byte[] bytes = new byte[20_000];
        for (String f : new String[] {"a.bin", "b.bin"}) {
            r.nextBytes(bytes);
            Files.write(dir.resolve(f), bytes);
        }
        assertEquals(0, run("seal", "--camera", "es-gate", "--key", p("k/private.pem"), "--out", p("store"), "--log",
                p("log"), "--start", "2026-04-01T09:00:00Z", p("a.bin"), p("b.bin")).code());
        assertEquals(0, run("log", "checkpoint", p("log"), "--key", p("logkey/private.pem"), "--origin", ORIGIN)
                .code());
        Files.write(dir.resolve("rules.json"), Samples.bytes(Samples.SAKU_SCHOOL));
    }

    Path request(String id, String purpose, String kind) throws Exception {
        Path f = dir.resolve(id + ".json");
        Files.writeString(f, "{\"type\":\"disclosure\",\"id\":\"" + id + "\",\"requester_kind\":\"" + kind + "\","
                + "\"requester\":\"佐久警察署\",\"basis\":\"WRITTEN_REQUEST\",\"reference\":\"佐署刑第123号\","
                + "\"purpose\":\"" + purpose + "\",\"camera\":\"es-gate\",\"from\":\"2026-04-01T08:59:00Z\","
                + "\"to\":\"2026-04-01T09:01:00Z\",\"at\":\"2026-04-02T10:00:00Z\",\"handover\":{"
                + "\"recipient_verification\":\"警察手帳を確認 / police ID checked\",\"recipient_reference\":\"刑事課 123\","
                + "\"operator\":\"op-suzuki\",\"export_unit\":\"nvr-1\",\"medium\":\"bundle\","
                + "\"protection\":\"ACCESS_CONTROLLED_STORE\"}}");
        return f;
    }

    Run export(Path request, String out) {
        return run("export", "--store", p("store"), "--log", p("log"), "--rules", p("rules.json"), "--request",
                request.toString(), "--key", p("logkey/private.pem"), "--out", p(out));
    }

    @Test
    @DisplayName("K3-4/S3: export of a permitted request exits 0 and the bundle verifies VALID with the recorder key and the log .vkey")
    void permitted_exportsAndVerifies() throws Exception {
        Run e = export(request("s-1", "CRIMINAL_INVESTIGATION", "INVESTIGATIVE_AGENCY"), "exports/s-1.zip");
        assertEquals(0, e.code(), e.out());
        assertTrue(Files.isRegularFile(dir.resolve("exports/s-1.zip")), e.out());
        Run v = run("verify", p("exports/s-1.zip"), "--trust", p("k/public.pem"), p("log.vkey"));
        assertEquals(0, v.code(), v.out());
        assertTrue(v.out().contains("VALID") && v.out().contains("this is all the footage"), v.out());
        Run j = run("verify", p("exports/s-1.zip"), "--trust", p("k/public.pem"), p("log.vkey"), "--json");
        assertTrue(j.out().startsWith("{\"format\":\"mimamori-verify-report\""), j.out());
        Run other = run("verify", p("exports/s-1.zip"), "--trust", p("k/public.pem"));
        assertEquals(1, other.code(), other.out());
    }

    @Test
    @DisplayName("K3-2-4/K3-4: a bundle from a timestamped log carries the timestamp; verify states its time with the TSA root among --trust, TIMESTAMP_UNCHECKED (INFO, exit 0) without")
    void timestampedLog_verifyChecksTheBundleTimestamp() throws Exception {
        java.time.Instant at = java.time.Instant.parse("2026-04-01T12:00:00Z");
        jp.mimamori.integrity.timestamp.internal.TestTsa tsa = jp.mimamori.integrity.timestamp.internal.TestTsa
                .create(new java.security.SecureRandom(), at);
        Path cp;
        try (java.util.stream.Stream<Path> s = Files.list(dir.resolve("log/checkpoints"))) {
            cp = s.filter(f -> f.toString().endsWith(".checkpoint")).findFirst().orElseThrow();
        }
        jp.mimamori.integrity.log.LogCheckpoints.writeTimestamp(cp, tsa.respond(jp.mimamori.integrity.timestamp
                .Timestamps.request(Files.readAllBytes(cp), new java.security.SecureRandom()), at));
        Files.writeString(dir.resolve("tsa-root.pem"), jp.mimamori.integrity.timestamp.internal.TestTsa.pem(
                tsa.caCertificate()));
        Run e = export(request("s-1", "CRIMINAL_INVESTIGATION", "INVESTIGATIVE_AGENCY"), "exports/s-1.zip");
        assertEquals(0, e.code(), e.out());
        Run v = run("verify", p("exports/s-1.zip"), "--trust", p("k/public.pem"), p("log.vkey"), p("tsa-root.pem"),
                "--lang", "en");
        assertEquals(0, v.code(), v.out());
        assertTrue(v.out().contains("RFC 3161: the log held records 0–") && v.out().contains("by " + at), v.out());
        Run unchecked = run("verify", p("exports/s-1.zip"), "--trust", p("k/public.pem"), p("log.vkey"),
                "--lang", "en");
        assertEquals(0, unchecked.code(), unchecked.out());
        assertTrue(unchecked.out().contains("TIMESTAMP_UNCHECKED"), unchecked.out());
    }

    @Test
    @DisplayName("K3-4/S3: a request naming two cameras exports one bundle verifying VALID with each camera's coverage; the register lists both cameras")
    void twoCameras_oneBundle_registerListsBoth() throws Exception {
        Random r = new Random(8);
        byte[] bytes = new byte[20_000];
        for (String f : new String[] {"c.bin", "d.bin"}) {
            r.nextBytes(bytes);
            Files.write(dir.resolve(f), bytes);
        }
        assertEquals(0, run("seal", "--camera", "es-entrance", "--key", p("k/private.pem"), "--out", p("store"),
                "--log", p("log"), "--start", "2026-04-01T09:00:00Z", p("c.bin"), p("d.bin")).code());
        Path req = dir.resolve("two.json");
        Files.writeString(req, Files.readString(request("s-2", "CRIMINAL_INVESTIGATION", "INVESTIGATIVE_AGENCY"))
                .replace("\"camera\":\"es-gate\"", "\"cameras\":[\"es-gate\",\"es-entrance\"]"));
        Run e = export(req, "exports/s-2.zip");
        assertEquals(0, e.code(), e.out());
        Run v = run("verify", p("exports/s-2.zip"), "--trust", p("k/public.pem"), p("log.vkey"));
        assertEquals(0, v.code(), v.out());
        assertTrue(v.out().contains("es-gate 2026-04-01T08:59:00Z – 2026-04-01T09:01:00Z: this is all the footage")
                && v.out().contains("es-entrance 2026-04-01T08:59:00Z – 2026-04-01T09:01:00Z: this is all the"
                + " footage"), v.out());
        Run reg = run("log", "register", p("log"), "--lang", "en");
        assertEquals(0, reg.code(), reg.out());
        assertTrue(reg.out().contains("\"camera\":\"es-gate\"") && reg.out().contains("\"camera\":\"es-entrance\""),
                reg.out());
    }

    @Test
    @DisplayName("K3-4: a request with both camera and cameras, or naming an unknown camera among several, exits 2 naming the field and writes nothing")
    void badCameras_exit2_namingTheField() throws Exception {
        Path both = dir.resolve("both.json");
        Files.writeString(both, Files.readString(request("s-b", "CRIMINAL_INVESTIGATION", "INVESTIGATIVE_AGENCY"))
                .replace("\"camera\":\"es-gate\"", "\"camera\":\"es-gate\",\"cameras\":[\"es-gate\"]"));
        Run b = withErr(() -> export(both, "exports/s-b.zip"));
        assertEquals(2, b.code(), b.out());
        assertTrue(b.out().contains("cameras: give either \"camera\" or \"cameras\", not both (K3-4)"), b.out());
        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, Files.readString(request("s-u", "CRIMINAL_INVESTIGATION", "INVESTIGATIVE_AGENCY"))
                .replace("\"camera\":\"es-gate\"", "\"cameras\":[\"es-gate\",\"K-9\"]"));
        Run u = withErr(() -> export(unknown, "exports/s-u.zip"));
        assertEquals(2, u.code(), u.out());
        assertTrue(u.out().contains("request.cameras[1]: \"K-9\" is not a camera of"), u.out());
        assertFalse(Files.exists(dir.resolve("exports/s-b.zip")) || Files.exists(dir.resolve("exports/s-u.zip")));
    }

    @Test
    @DisplayName("S8/S9/K3-4: a denied request exits 1 and writes no bundle; log register lists the provision and the refusals")
    void denied_exit1_noBundle_registerListsBoth() throws Exception {
        Run s8 = export(request("s-8", "ACCIDENT_INVESTIGATION", "INVESTIGATIVE_AGENCY"), "exports/s-8.zip");
        assertEquals(1, s8.code(), s8.out());
        assertFalse(Files.exists(dir.resolve("exports/s-8.zip")));
        Run s9 = export(request("s-9", "MISSING_PERSON", "PRIVATE_INDIVIDUAL"), "exports/s-9.zip");
        assertEquals(1, s9.code(), s9.out());
        assertTrue(s9.out().contains("police → city → operation manager"), s9.out());
        assertEquals(0, export(request("s-1", "CRIMINAL_INVESTIGATION", "INVESTIGATIVE_AGENCY"), "exports/s-1.zip")
                .code());
        Run reg = run("log", "register", p("log"), "--lang", "en");
        assertEquals(0, reg.code(), reg.out());
        assertTrue(reg.out().contains("s-1") && reg.out().contains("Requests refused") && reg.out().contains("s-8")
                && reg.out().contains("s-9"), reg.out());
    }

    @Test
    @DisplayName("K3-2-1: ENCRYPTED_TO_RECIPIENT needs --recipient-cert (exit 2); with it, BUNDLE.zip.p7m opens with openssl cms -decrypt to the bundle, which verifies")
    void encryptedToRecipient_opensWithOpenssl() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("openssl", "version").start().waitFor() == 0);
        Path req = dir.resolve("enc.json");
        Files.writeString(req, Files.readString(request("enc", "CRIMINAL_INVESTIGATION", "INVESTIGATIVE_AGENCY"))
                .replace("ACCESS_CONTROLLED_STORE", "ENCRYPTED_TO_RECIPIENT"));
        assertEquals(2, export(req, "exports/enc.zip").code());
        assertEquals(0, new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                "police.key", "-out", "police.pem", "-subj", "/CN=Saku Police", "-days", "30").directory(dir.toFile())
                .redirectErrorStream(true).start().waitFor());
        Run e = run("export", "--store", p("store"), "--log", p("log"), "--rules", p("rules.json"), "--request",
                req.toString(), "--key", p("logkey/private.pem"), "--out", p("exports/enc.zip"), "--recipient-cert",
                p("police.pem"));
        assertEquals(0, e.code(), e.out());
        assertEquals(0, new ProcessBuilder("openssl", "cms", "-decrypt", "-inform", "DER", "-in", "exports/enc.zip.p7m",
                "-recip", "police.pem", "-inkey", "police.key", "-out", "opened.zip").directory(dir.toFile())
                .redirectErrorStream(true).start().waitFor());
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(dir.resolve("exports/enc.zip")),
                Files.readAllBytes(dir.resolve("opened.zip")));
        Run v = run("verify", p("opened.zip"), "--trust", p("k/public.pem"), p("log.vkey"));
        assertEquals(0, v.code(), v.out());
        // the same verification inside the encryption, nothing decrypted to disk
        Files.setPosixFilePermissions(dir.resolve("police.key"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Run inside = run("verify", p("exports/enc.zip.p7m"), "--trust", p("k/public.pem"), p("log.vkey"),
                "--decrypt-key", p("police.key"));
        assertEquals(0, inside.code(), inside.out());
        assertEquals(v.out().replace("opened.zip", "enc.zip.p7m"), inside.out());
        assertEquals(2, run("verify", p("exports/enc.zip.p7m"), "--trust", p("k/public.pem"), p("log.vkey")).code());
        assertEquals(2, run("verify", p("opened.zip"), "--trust", p("k/public.pem"), p("log.vkey"), "--decrypt-key",
                p("police.key")).code());
        assertEquals(0, new ProcessBuilder("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-out", "other.key").directory(dir.toFile()).redirectErrorStream(true)
                .start().waitFor());
        Files.setPosixFilePermissions(dir.resolve("other.key"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(2, run("verify", p("exports/enc.zip.p7m"), "--trust", p("k/public.pem"), p("log.vkey"),
                "--decrypt-key", p("other.key")).code());
    }

    @Test
    @DisplayName("K3-4: the recipient countersigns the bundle hash (verify --acknowledge) and the city logs it as disclosure.received; a receipt changed after signing is refused")
    void acknowledge_closesTheChainOfCustody() throws Exception {
        assertEquals(0, export(request("s-1", "CRIMINAL_INVESTIGATION", "INVESTIGATIVE_AGENCY"), "exports/s-1.zip")
                .code());
        assertEquals(0, run("keys", "generate", "--alg", "ed25519", "--out", p("police")).code());
        Run v = run("verify", p("exports/s-1.zip"), "--trust", p("k/public.pem"), p("log.vkey"), "--acknowledge",
                p("police/private.pem"));
        assertEquals(0, v.code(), v.out());
        Path receipt = dir.resolve("exports/s-1.zip.receipt.json");
        assertTrue(Files.readString(receipt).contains("\"verdict\":\"VALID\""));
        Run a = run("acknowledge", "--log", p("log"), receipt.toString());
        assertEquals(0, a.code(), a.out());
        assertTrue(a.out().contains("disclosure.received: log record"), a.out());
        Run reg = run("log", "register", p("log"), "--lang", "en");
        assertTrue(reg.out().contains("Acknowledged: ") && reg.out().contains("(verification VALID")
                && reg.out().contains("— the bundle exported"), reg.out());
        Files.writeString(receipt, Files.readString(receipt).replace("\"VALID\"", "\"INVALID\""));
        assertEquals(2, run("acknowledge", "--log", p("log"), receipt.toString()).code());
    }

    @Test
    @DisplayName("K3-2-1: a request without handover is an input error naming the field (exit 2)")
    void noHandover_isUsageError() throws Exception {
        Path f = dir.resolve("bare.json");
        Files.writeString(f, Files.readString(request("x", "CRIMINAL_INVESTIGATION", "INVESTIGATIVE_AGENCY"))
                .replaceAll(",\"handover\":\\{.*\\}\\}$", "}"));
        Run e = export(f, "exports/x.zip");
        assertEquals(2, e.code(), e.out());
    }
}
