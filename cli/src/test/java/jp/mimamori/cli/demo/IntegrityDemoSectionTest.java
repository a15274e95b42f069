package jp.mimamori.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import jp.mimamori.cli.Main;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.testing.InMemoryEvidenceLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The integrity part of the demo: sealing, verifying, and what the verifier says about a tampered copy. */
class IntegrityDemoSectionTest {

    @Test
    @DisplayName("K3-2-4: the integrity demo section leaves a store that mimamori verify accepts (exit 0)")
    void demoSection_leavesAVerifiableStore(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DemoContext ctx = new DemoContext(dir, new PrintStream(buf, true, StandardCharsets.UTF_8), Locale.ENGLISH,
                Clock.fixed(Instant.parse("2026-04-01T09:00:00Z"), ZoneOffset.UTC), new InMemoryEvidenceLog());
        new IntegrityDemoSection().run(ctx);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("ERROR UNIT_MODIFIED"), out);
        assertTrue(out.contains("ERROR SEGMENT_MISSING"), out);
        assertEquals(0, Main.run("verify", dir.resolve("store").toString(), "--trust",
                dir.resolve("keys/" + IntegrityDemoSection.PUBLIC).toString()));
        // One key.registered record per camera and one segment.sealed record per sealed segment (2 x 2).
        assertEquals(List.of(EvidenceTypes.KEY_REGISTERED, EvidenceTypes.SEGMENT_SEALED, EvidenceTypes.SEGMENT_SEALED,
                EvidenceTypes.KEY_REGISTERED, EvidenceTypes.SEGMENT_SEALED, EvidenceTypes.SEGMENT_SEALED),
                ((InMemoryEvidenceLog) ctx.evidence()).records().stream().map(r -> r.type()).toList());
    }
}
