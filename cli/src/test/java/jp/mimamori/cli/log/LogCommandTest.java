package jp.mimamori.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import jp.mimamori.cli.Main;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mimamori log …} over the demo workspace: exit codes 0/1/2 per the CLI contract (DESIGN.md). */
class LogCommandTest {
    @TempDir
    Path out;

    static String run(int wantExit, String... args) {
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
    void demoLog_verifiesProvesAndPrintsTheRegister_thenDetectsTampering_K3_4() throws Exception {
        run(0, "demo", "--out", out.toString());
        String log = out.resolve("log").toString();
        String vkey = out.resolve("keys/evidence-log.vkey").toString();
        String tsa = out.resolve("keys/test-tsa-root.pem").toString();
        assertTrue(run(0, "log", "verify", log, "--trust", vkey, tsa, "--json").contains("\"verdict\":\"VALID\""));
        try (TransparentEvidenceLog l = TransparentEvidenceLog.open(out.resolve("log"))) {
            l.append(EvidenceRecord.of(EvidenceTypes.ACCESS_DECISION, Instant.EPOCH, Map.of("camera", "cam-1")));
            l.append(EvidenceRecord.of(EvidenceTypes.DISCLOSURE, Instant.EPOCH, Map.of("disclosure_id", "D-1",
                    "recipient", "Kumagaya Police Station", "reason", "investigation")));
        }
        run(0, "log", "checkpoint", log, "--key", out.resolve("keys/evidence-log.pem").toString(),
                "--origin", "demo.mimamori.example/evidence-log",
                "--cosign", "audit.demo.mimamori.example/witness=" + out.resolve("keys/witness.pem"));
        assertTrue(Files.readString(out.resolve("log/checkpoint")).contains("\u2014 audit.demo.mimamori.example/witness "));
        assertTrue(run(0, "log", "register", log, "--lang", "ja").contains("提供先: Kumagaya Police Station"));
        assertTrue(run(0, "log", "prove", log, "--index", "0").contains("\"path\":["));
        assertTrue(run(0, "log", "consistency", log, "--from", "1").contains("\"from_size\":1"));
        // Both proof commands take their help options from the one base they share.
        assertTrue(run(0, "log", "prove", "--help").contains("--index"));
        assertTrue(run(0, "log", "consistency", "--help").contains("--from"));
        assertTrue(run(0, "log", "verify", log, "--trust", vkey, out.resolve("keys/witness.vkey").toString(), tsa)
                .contains("verdict: VALID"));
        // Cut the log below its checkpoint: the verifier finds it (exit 1).
        Path records = out.resolve("log/records.log");
        byte[] b = Files.readAllBytes(records);
        Files.write(records, java.util.Arrays.copyOf(b, 16));
        String report = run(1, "log", "verify", log, "--trust", vkey, tsa, "--json");
        assertTrue(report.contains("LOG_TRUNCATED"), report);
        run(2, "log", "verify", out.resolve("nowhere").toString(), "--trust", vkey);
    }
}
