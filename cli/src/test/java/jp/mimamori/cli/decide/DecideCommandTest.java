package jp.mimamori.cli.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.mimamori.cli.Main;
import jp.mimamori.core.internal.Samples;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mimamori decide}: exit 0 permit, 1 deny, 2 input error. */
class DecideCommandTest {
    @TempDir
    Path dir;

    Path rules() throws Exception {
        Path f = dir.resolve(Samples.SAKU_SCHOOL);
        Files.write(f, Samples.bytes(Samples.SAKU_SCHOOL));
        return f;
    }

    Path request(String json) throws Exception {
        Path f = dir.resolve("request.json");
        Files.writeString(f, json);
        return f;
    }

    static String disclosure(String purpose) {
        return "{\"type\":\"disclosure\",\"id\":\"r1\",\"requester_kind\":\"INVESTIGATIVE_AGENCY\",\"requester\":"
                + "\"Saku Police\",\"basis\":\"WRITTEN_REQUEST\",\"reference\":\"No.123\",\"purpose\":\"" + purpose
                + "\",\"camera\":\"es-gate\",\"from\":\"2026-03-30T15:00:00Z\",\"to\":\"2026-03-30T16:00:00Z\","
                + "\"at\":\"2026-04-01T10:00:00Z\"}";
    }

    @Test
    @DisplayName("S8: a fitting police request is permitted (exit 0), a non-fitting one denied (exit 1)")
    void policeRequest_S8_exitCodes() throws Exception {
        Path rules = rules();
        assertEquals(0, Main.run("decide", "--rules", rules.toString(), "--request",
                request(disclosure("CRIMINAL_INVESTIGATION")).toString()));
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("decide", "--rules", rules.toString(), "--request",
                    request(disclosure("ACCIDENT_INVESTIGATION")).toString(), "--json");
        } finally {
            System.setOut(old);
        }
        assertEquals(1, code);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8));
        assertEquals("DENY", tree.get("decision").asText());
        assertEquals("S8", tree.get("requirements").get(0).asText());
        assertTrue(tree.get("reason_en").asText().startsWith("a written request is necessary but not sufficient"));
    }

    @Test
    void badRequestOrRules_exit2() throws Exception {
        Path rules = rules();
        assertEquals(2, Main.run("decide", "--rules", rules.toString(), "--request",
                request("{\"type\":\"access\"}").toString()));
        assertEquals(2, Main.run("decide", "--rules", request("[]").toString(), "--request",
                request("{}").toString()));
        assertEquals(2, Main.run("decide", "--rules", rules.toString()));
    }

    /** Runs the CLI, returning exit code, standard output and standard error. */
    static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    Path sample(String name) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, Samples.bytes(name));
        return f;
    }

    static final String TANAKA = "{\"type\":\"access\",\"principal\":\"op-tanaka\",\"action\":\"VIEW_LIVE\","
            + "\"camera\":\"%s\",\"purpose\":\"CRIME_PREVENTION\",\"at\":\"2026-04-01T10:00:00Z\"}";

    @Test
    @DisplayName("K4-1: rules with ERROR findings are not decided on (exit 2, findings printed) unless"
            + " --accept-findings, which the decision records")
    void rulesWithFindings_exit2UnlessAccepted() throws Exception {
        Path draft = sample(Samples.KUMAGAYA_DRAFT);
        Path req = request(String.format(TANAKA, "ch-lobby"));
        String[] refused = run("decide", "--rules", draft.toString(), "--request", req.toString());
        assertEquals("2", refused[0]);
        assertTrue(refused[2].contains("not decided on, the rules have ERROR findings (--accept-findings"), refused[2]);
        assertTrue(refused[2].contains("ERROR PERMIT_NOT_BY_MANAGER permits[0].issued_by: p-x-05 was issued by"),
                refused[2]);
        String[] accepted = run("decide", "--rules", draft.toString(), "--request", req.toString(),
                "--accept-findings", "--json");
        assertEquals("0", accepted[0], accepted[2]);
        assertTrue(accepted[1].contains("\"accepted_findings\""), accepted[1]);
        assertTrue(accepted[1].contains("by mimamori decide (--accept-findings given on the command line)"),
                accepted[1]);
    }

    @Test
    @DisplayName("K4-1: an unknown camera or principal in a request is an input error naming the field (exit 2)")
    void unknownCamera_exit2WithFieldPath() throws Exception {
        Path rules = sample(Samples.KUMAGAYA_CITY_HALL);
        String[] r = run("decide", "--rules", rules.toString(), "--request",
                request(String.format(TANAKA, "K-9")).toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("request.camera: \"K-9\" is not a camera of kumagaya-city-hall@2026-04-01"), r[2]);
        String[] p = run("decide", "--rules", rules.toString(), "--request",
                request(String.format(TANAKA, "ch-lobby").replace("op-tanaka", "op-tanka")).toString());
        assertEquals("2", p[0]);
        assertTrue(p[2].contains("request.principal: \"op-tanka\" is not a principal of kumagaya-city-hall@2026-04-01"),
                p[2]);
    }

    @Test
    @DisplayName("K5-2: a profile file reusing a built-in's id and version with other content is refused (exit 2)")
    void builtInProfileCopy_exit2() throws Exception {
        Path rules = sample(Samples.KUMAGAYA_CITY_HALL);
        Path copy = dir.resolve("kumagaya-365.json");
        Files.writeString(copy, new String(jp.mimamori.core.profile.ProfileRegistry.class
                .getResourceAsStream("kumagaya-2019.json").readAllBytes(), StandardCharsets.UTF_8)
                .replace("\"ceiling_days\": 14", "\"ceiling_days\": 365"));
        String[] r = run("decide", "--rules", rules.toString(), "--request",
                request(String.format(TANAKA, "ch-lobby")).toString(), "--profile", copy.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("kumagaya-2019@1.0.0 is already known as a built-in profile with different content"
                + " (retention ceiling 14 days, this file says 365)"), r[2]);
    }

    @Test
    @DisplayName("S8, K2-1: a request with a purpose that is not built in is decided (DENY, exit 1), not rejected")
    void openPurpose_decidedNotRejected() throws Exception {
        Path rules = rules();
        String[] r = run("decide", "--rules", rules.toString(), "--request",
                request(disclosure("civil dispute")).toString());
        assertEquals("1", r[0], r[2]);
        assertTrue(r[1].startsWith("DENY (S8, K3-4): the purpose \"civil dispute\" is not one these rules declare"),
                r[1]);
    }
}
