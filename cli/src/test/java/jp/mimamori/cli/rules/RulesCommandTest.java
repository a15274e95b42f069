package jp.mimamori.cli.rules;

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

/** {@code mimamori rules check|test} keep the CLI contract's exit codes (0 well, 1 found, 2 input error). */
class RulesCommandTest {
    @TempDir
    Path dir;

    Path samples() throws Exception {
        for (String n : Samples.names()) {
            Files.write(dir.resolve(n), Samples.bytes(n));
        }
        return dir;
    }

    static String captured(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("K4-1: the compliant samples check with exit 0")
    void checkSample_exit0() throws Exception {
        samples();
        assertEquals(0, Main.run("rules", "check", dir.resolve(Samples.KUMAGAYA_CITY_HALL).toString(),
                "--as-of", "2026-04-01T09:00:00Z"));
        assertEquals(0, Main.run("rules", "check", dir.resolve(Samples.SAKU_SCHOOL).toString(),
                "--as-of", "2026-04-01T09:00:00Z", "--lang", "ja"));
    }

    @Test
    @DisplayName("K3-2-2: 45 days in Kumagaya is a finding, exit 1, with the exact line")
    void check45Days_exit1() throws Exception {
        samples();
        Path f = dir.resolve(Samples.KUMAGAYA_CITY_HALL);
        Files.writeString(f, Files.readString(f).replaceFirst("\"days\": 14", "\"days\": 45"));
        int[] code = new int[1];
        String out = captured(() -> code[0] = Main.run("rules", "check", f.toString(), "--as-of",
                "2026-04-01T09:00:00Z"));
        assertEquals(1, code[0]);
        assertTrue(out.contains("ERROR RETENTION_ABOVE_CEILING cameras[0].retention.days: 45 exceeds the profile"
                + " ceiling of 14 days (K3-2-2)"), out);
    }

    @Test
    void checkJson_isMachineReadable() throws Exception {
        samples();
        int[] code = new int[1];
        String out = captured(() -> code[0] = Main.run("rules", "check", dir.resolve(Samples.SAKU_SCHOOL).toString(),
                "--as-of", "2026-04-01T09:00:00Z", "--json"));
        assertEquals(0, code[0]);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        assertEquals("mimamori-rules-check", tree.get("format").asText());
        assertEquals("REMOTE_VIEWING_ENABLED", tree.get("findings").get(0).get("code").asText());
    }

    @Test
    @DisplayName("K4-1: a document that cannot be read as rules is an input error (exit 2), findings alone are 1")
    void checkBrokenRules_exit2() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"format\": \"mimamori-rules\", \"colour\": 1}");
        assertEquals(2, Main.run("rules", "check", f.toString()));
        Files.writeString(f, "{\"format\": ");
        assertEquals(2, Main.run("rules", "check", f.toString()));
    }

    @Test
    void checkMissingFileOrUnknownProfile_exit2() throws Exception {
        assertEquals(2, Main.run("rules", "check", dir.resolve("nope.json").toString()));
        samples();
        Path f = dir.resolve(Samples.SAKU_SCHOOL);
        Files.writeString(f, Files.readString(f).replace("\"saku-2020\"", "\"atlantis-2030\""));
        assertEquals(2, Main.run("rules", "check", f.toString()));
        assertEquals(2, Main.run("rules", "check"));
    }

    @Test
    @DisplayName("A third party's profile is passed with --profile")
    void checkWithExtraProfile() throws Exception {
        samples();
        Path profile = dir.resolve("hanamizuki.json");
        try (var in = getClass().getResourceAsStream("/jp/mimamori/core/profile/hanamizuki-2025.json")) {
            Files.write(profile, in.readAllBytes());
        }
        Path f = dir.resolve(Samples.KUMAGAYA_CITY_HALL);
        Files.writeString(f, Files.readString(f).replace("{\"id\": \"kumagaya-2019\", \"version\": \"1.0.0\"}",
                "{\"id\": \"hanamizuki-2025\", \"version\": \"2.1.0\"}"));
        assertEquals(1, Main.run("rules", "check", f.toString(), "--profile", profile.toString()));
    }

    @Test
    @DisplayName("K4-1: the sample suites pass (exit 0); a broken expectation fails (exit 1); a bad suite is 2")
    void rulesTest_exitCodes() throws Exception {
        samples();
        assertEquals(0, Main.run("rules", "test", dir.resolve(Samples.KUMAGAYA_CITY_HALL_TESTS).toString()));
        assertEquals(0, Main.run("rules", "test", dir.resolve(Samples.SAKU_SCHOOL_TESTS).toString(), "--json"));
        Path suite = dir.resolve(Samples.SAKU_SCHOOL_TESTS);
        Files.writeString(suite, Files.readString(suite).replaceFirst("\"decision\": \"PERMIT\"",
                "\"decision\": \"DENY\""));
        assertEquals(1, Main.run("rules", "test", suite.toString()));
        Files.writeString(suite, "{\"format\": \"mimamori-rules-test\"}");
        assertEquals(2, Main.run("rules", "test", suite.toString()));
    }

    @Test
    @DisplayName("K4-1: the rules document is printed in Markdown; bad rules are an input error")
    void rulesDocument() throws Exception {
        samples();
        int[] code = new int[1];
        String out = captured(() -> code[0] = Main.run("rules", "document",
                dir.resolve(Samples.KUMAGAYA_CITY_HALL).toString(), "--lang", "ja"));
        assertEquals(0, code[0]);
        assertTrue(out.startsWith("# 設置運用規約: kumagaya-city-hall"), out);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{}");
        assertEquals(2, Main.run("rules", "document", bad.toString(), "--lang", "en"));
    }

    @Test
    @DisplayName("K4-1: rules test refuses rules with ERROR findings (exit 2) unless --accept-findings")
    void draftSuite_exit2UnlessAccepted() throws Exception {
        samples();
        String suite = dir.resolve(Samples.KUMAGAYA_DRAFT_TESTS).toString();
        assertEquals(2, Main.run("rules", "test", suite));
        assertEquals(0, Main.run("rules", "test", suite, "--accept-findings"));
    }
}
