package jp.mimamori.cli.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import jp.mimamori.cli.Main;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract for retention commands: exit 0 all well, 1 found something, 2 usage or input error. */
class RetentionCommandsTest {
    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path workspace() throws Exception {
        Path r = dir.resolve("saku");
        RetentionWorkspace.create(r, Map.of("profile", "saku-2020", "ceiling_days", 31, "floor_days", 7,
                "default_days", 14, "cameras", List.of(Map.of("camera", "saku-school-1", "days", 14)),
                "hold_principals", List.of("mgr")));
        try (RetentionWorkspace ws = RetentionWorkspace.open(r, Clock.fixed(T0, ZoneOffset.UTC),
                KeyEncryptionKeyProvider.generateFile(kek()))) {
            for (int i = 0; i < 10; i++) {
                Instant s = T0.plus(Duration.ofDays(i));
                SegmentRef ref = new SegmentRef("saku-school-1", i, s, s.plus(Duration.ofHours(1)), 1000,
                        HexFormat.of().formatHex(new byte[32]));
                ws.store().record(ref, new byte[1000]);
            }
        }
        return r;
    }

    /** The workspace's key-encryption key, kept apart from the retention folder. */
    private Path kek() {
        return dir.resolve("secrets").resolve("saku.kek");
    }

    private static String[] out = new String[1];

    private static int run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setOut(old);
            out[0] = buf.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("S2: retention plan exits 1 when the budget forecast finds an ERROR, 0 otherwise")
    void plan_exitCodes() throws Exception {
        Path r = workspace();
        assertEquals(0, run("retention", "plan", "--retention", r.toString(), "--kek", kek().toString(), "--now", "2026-04-20T00:00:00Z"));
        assertEquals(1, run("retention", "plan", "--retention", r.toString(), "--kek", kek().toString(), "--now", "2026-04-20T00:00:00Z",
                "--budget", "1000"));
        assertEquals(2, run("retention", "plan", "--retention", dir.resolve("none").toString()));
        assertEquals(2, run("retention", "plan", "--retention", r.toString(), "--kek", kek().toString(), "--now", "yesterday"));
    }

    @Test
    @DisplayName("K3-2-3, invariant 3: hold then run erases only what is due and unheld, with receipts")
    void holdThenRun_erasesUnheldDue() throws Exception {
        Path r = workspace();
        assertEquals(0, run("hold", "place", "--retention", r.toString(), "--kek", kek().toString(), "--camera", "saku-school-1",
                "--from", "2026-04-02T00:00:00Z", "--to", "2026-04-02T00:30:00Z", "--principal", "mgr",
                "--reason", "case 1", "--now", "2026-04-10T00:00:00Z"));
        assertEquals(2, run("hold", "place", "--retention", r.toString(), "--kek", kek().toString(), "--camera", "saku-school-1",
                "--from", "2026-04-02T00:00:00Z", "--to", "2026-04-02T00:30:00Z", "--principal", "intruder",
                "--reason", "x"));
        assertEquals(0, run("retention", "run", "--retention", r.toString(), "--kek", kek().toString(), "--principal", "svc", "--now",
                "2026-04-20T00:00:00Z", "--json"));
        assertTrue(out[0].contains("\"outcome\" : \"erased\""), out[0]);
        assertEquals(0, run("retention", "plan", "--retention", r.toString(), "--kek", kek().toString(), "--now", "2026-04-20T00:00:00Z",
                "--json"));
        assertTrue(out[0].contains("\"held_overdue\" : 1"), out[0]);
        assertTrue(loggedTypes(r).contains("erasure.receipt"));
    }

    @Test
    @DisplayName("K3-2-3: sanitize certify writes a signed certificate and logs it")
    void sanitizeCertify_writesSignedCertificate() throws Exception {
        Path r = workspace();
        Path cert = dir.resolve("cert.json");
        assertEquals(0, run("keys", "generate", "--out", dir.resolve("k").toString()));
        String key = dir.resolve("k/private.pem").toString();
        // No signing key: refused (a throw-away key would certify nothing), and nothing written or logged.
        assertEquals(2, run("sanitize", "certify", "--id", "c-0", "--performed-by", "Sato", "--organization",
                "Saku City", "--media-type", "HDD", "--manufacturer", "WD", "--model", "Purple", "--serial", "S1",
                "--source", "NVR school-1", "--method", "purge", "--technique", "cryptographic erase", "--tool",
                "hdparm 9.65", "--verification-details", "read-back", "--destination", "recycling", "--validated-by",
                "Suzuki", "--out", cert.toString(), "--retention", r.toString()));
        assertFalse(Files.exists(cert));
        assertEquals(0, run("sanitize", "certify", "--key", key, "--id", "c-1", "--performed-by", "Sato", "--organization",
                "Saku City", "--media-type", "HDD", "--manufacturer", "WD", "--model", "Purple", "--serial", "S1",
                "--source", "NVR school-1", "--method", "purge", "--technique", "cryptographic erase", "--tool",
                "hdparm 9.65", "--verification-details", "read-back", "--destination", "recycling", "--validated-by",
                "Suzuki", "--out", cert.toString(), "--retention", r.toString(), "--lang", "ja"));
        assertTrue(Files.readString(cert).contains("\"sig\""));
        assertTrue(out[0].contains("媒体消去証明書"));
        assertTrue(loggedTypes(r).contains("sanitization.certificate"));
        assertEquals(2, run("sanitize", "certify", "--id", "c-2", "--performed-by", "Sato", "--organization",
                "Saku City", "--media-type", "HDD", "--manufacturer", "WD", "--model", "Purple", "--serial", "S1",
                "--source", "NVR", "--method", "wipe", "--technique", "x", "--tool", "t",
                "--verification-details", "v", "--destination", "d", "--validated-by", "S", "--out", cert.toString()));
    }

    /** The record types in the retention folder's tamper-evident log. */
    private static java.util.Set<String> loggedTypes(Path retention) throws Exception {
        java.util.Set<String> types = new java.util.HashSet<>();
        try (var log = jp.mimamori.integrity.log.TransparentEvidenceLog.open(retention.resolve("log"))) {
            for (long i = 0; i < log.size(); i++) {
                types.add(log.record(i).type());
            }
        }
        return types;
    }
}
