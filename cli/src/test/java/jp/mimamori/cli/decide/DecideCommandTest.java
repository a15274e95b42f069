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
}
