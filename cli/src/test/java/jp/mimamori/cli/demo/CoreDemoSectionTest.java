package jp.mimamori.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.testing.InMemoryEvidenceLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core demo section writes the samples and logs every seed decision. */
class CoreDemoSectionTest {

    @Test
    void coreSection_writesRulesAndLogsEachDecision(@TempDir Path out) throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DemoContext ctx = new DemoContext(out, new PrintStream(buf, true, StandardCharsets.UTF_8), Locale.ENGLISH,
                Clock.fixed(Instant.parse("2026-04-01T09:00:00Z"), ZoneOffset.UTC), log);
        new CoreDemoSection().run(ctx);
        assertTrue(Files.exists(out.resolve("rules/kumagaya-city-hall.json")));
        assertTrue(Files.exists(out.resolve("rules/saku-school.tests.json")));
        assertEquals(9, log.size());
        assertEquals(2, log.records().stream().filter(r -> r.type().equals(EvidenceTypes.ACCESS_DECISION)
                && r.string("decision").orElse("").equals("DENY")
                && r.string("principal").orElse("").startsWith("op-sato")
                || r.type().equals(EvidenceTypes.DISCLOSURE_DECISION) && r.string("request_id").orElse("").equals("demo-s9"))
                .count());
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("DENY (S8, K3-4): a written request is necessary but not sufficient"), text);
        assertTrue(text.contains("rules test saku-school.tests.json: 10 of 10 cases pass"), text);
    }
}
