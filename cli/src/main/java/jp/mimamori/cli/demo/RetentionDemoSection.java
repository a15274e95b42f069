package jp.mimamori.cli.demo;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.mimamori.cli.retention.RetentionCommand;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import jp.mimamori.retention.decommission.Decommissioning;
import jp.mimamori.retention.erase.Erasure;
import jp.mimamori.retention.erase.ErasureDeniedException;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.hold.HoldDeniedException;
import jp.mimamori.retention.plan.RetentionPlan;
import jp.mimamori.retention.sanitize.SanitizationCertificate;

/**
 * Retention in simulated time: a Kumagaya station camera kept 14 days (K3-2-2) and a Saku school camera kept
 * 21 days within Saku's month and a 7-day floor (S1, S2), recorded every 6 hours for 30 days; a hold placed
 * for a police request on the school camera (and an unauthorised attempt refused), released later; erasure
 * receipts printed; a storage forecast, a decommissioned camera and a sanitization certificate. Leaves
 * {@code retention/kumagaya/} and {@code retention/saku/} for {@code mimamori retention|hold} to inspect.
 */
public final class RetentionDemoSection implements DemoSection {
    private static final Duration STEP = Duration.ofHours(6);

    /** A clock the demo moves. */
    private static final class SimClock extends Clock {
        Instant now;

        SimClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The Kumagaya retention folder's key-encryption key, in the workspace's {@code keys/}. */
    public static final String KUMAGAYA_KEK = "retention-kumagaya.kek";
    /** The Saku retention folder's key-encryption key, in the workspace's {@code keys/}. */
    public static final String SAKU_KEK = "retention-saku.kek";

    private static KeyEncryptionKeyProvider kek(Path file) throws java.io.IOException {
        return Files.exists(file) ? KeyEncryptionKeyProvider.file(file) : KeyEncryptionKeyProvider.generateFile(file);
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintStream p = ctx.print();
        Locale loc = ctx.locale();
        boolean ja = "ja".equals(loc.getLanguage());
        Path kumagaya = ctx.dir("retention").resolve("kumagaya");
        Path saku = ctx.dir("retention").resolve("saku");
        // Periods, floors and who may erase and hold come from each site's operating rules (the samples), with a
        // permit to erase issued by the operation manager to the retention service account (K3-1-3).
        RetentionWorkspace.create(kumagaya, DemoRules.withRetentionService(Samples.KUMAGAYA_CITY_HALL, "mgr-soumu"), true);
        RetentionWorkspace.create(saku, DemoRules.withRetentionService(Samples.SAKU_SCHOOL, "head-ito"), true);

        // The key-encryption keys live apart from the retention folders (docs/ERASURE.md), owner-only.
        KeyEncryptionKeyProvider kumagayaKek = kek(ctx.dir("keys").resolve(KUMAGAYA_KEK));
        KeyEncryptionKeyProvider sakuKek = kek(ctx.dir("keys").resolve(SAKU_KEK));

        SimClock clock = new SimClock(ctx.clock().instant());
        Instant start = clock.now;
        try (RetentionWorkspace k = RetentionWorkspace.open(kumagaya, clock, kumagayaKek, ctx.evidence());
             RetentionWorkspace s = RetentionWorkspace.open(saku, clock, sakuKek, ctx.evidence())) {
            p.println(ja ? "熊谷市: 正面玄関カメラ 14日(原則)、駐車場カメラ 30日(理由を記載) / 佐久市: 正門カメラ 14日(上限31日・下限7日)"
                    : "Kumagaya: entrance camera 14 days (the principle), parking camera 30 days (with a stated reason); "
                    + "Saku: gate camera 14 days (ceiling 31, floor 7)");
            for (Finding f : s.service().policyFindings()) {
                p.println("  " + RetentionCommand.line(f, loc));
            }
            long seq = 0;
            Hold hold = null;
            List<Erasure> all = new ArrayList<>();
            int days = 30;
            for (int day = 0; day < days; day++) {
                for (int q = 0; q < 4; q++) {
                    record(k, "ch-entrance", seq, clock.now);
                    record(k, "ch-parking", seq, clock.now);
                    record(s, "es-gate", seq, clock.now);
                    seq++;
                    clock.now = clock.now.plus(STEP);
                }
                if (day == 4) {
                    Instant from = start.plus(Duration.ofDays(3));
                    try {
                        s.service().placeHold("es-gate", from, from.plus(Duration.ofHours(12)), "visitor",
                                "curious", Optional.empty());
                    } catch (HoldDeniedException e) {
                        p.println((ja ? "  拒否: " : "  refused: ") + e.text().in(loc));
                    }
                    hold = s.service().placeHold("es-gate", from, from.plus(Duration.ofHours(12)),
                            "head-ito", "Saku police written inquiry 2026-118 (S8)", Optional.empty());
                    p.println((ja ? "  保全を設定: " : "  hold placed: ") + hold.holdId() + " es-gate "
                            + hold.from() + " – " + hold.to());
                }
                if (day == 26 && hold != null) {
                    s.service().releaseHold(hold.holdId(), "head-ito",
                            "investigation closed; copy provided under disclosure record");
                    p.println((ja ? "  保全を解除: " : "  hold released: ") + hold.holdId());
                }
                if (day == 14) {
                    // Only whom the rules allow may erase (K3-2-2, K3-1-1): an operator's attempt erases nothing.
                    try {
                        k.service().runScheduled("op-tanaka");
                    } catch (ErasureDeniedException e) {
                        p.println((ja ? "  拒否: " : "  refused: ") + e.text().in(loc));
                    }
                }
                List<Erasure> kr = k.service().runScheduled("svc-retention");
                List<Erasure> sr = s.service().runScheduled("svc-retention");
                all.addAll(kr);
                all.addAll(sr);
                if (!kr.isEmpty() || !sr.isEmpty()) {
                    RetentionPlan sp = s.service().plan();
                    p.println((ja ? "  " + (day + 1) + "日目: 消去 熊谷 " : "  day " + (day + 1) + ": erased Kumagaya ")
                            + kr.size() + (ja ? " 件, 佐久 " : ", Saku ") + sr.size()
                            + (sp.heldOverdue() > 0 ? (ja ? "(保全により保留 " : " (held past period ")
                            + sp.heldOverdue() + ")" : ""));
                }
            }
            p.println(ja ? "消去証明(抜粋):" : "erasure receipts (excerpt):");
            for (Erasure r : all.subList(0, Math.min(2, all.size()))) {
                p.println("  " + r.render(loc));
            }
            for (Erasure r : all) {
                if (r.segment().cameraId().equals("es-gate")
                        && r.segment().start().isAfter(start.plus(Duration.ofDays(3)).minusSeconds(1))
                        && r.segment().start().isBefore(start.plus(Duration.ofDays(3)).plus(Duration.ofHours(12)))) {
                    p.println("  " + r.render(loc));
                    break;
                }
            }
            RetentionPlan kp = k.service().plan();
            p.println((ja ? "次の消去期限(熊谷): " : "next due (Kumagaya): ")
                    + kp.nextDueAt().map(Object::toString).orElse("-"));
            // Storage pressure (S2): a budget that holds only 5 of the gate camera's 14 days.
            long perDay = 4L * 2048;
            for (Finding f : s.service().forecast(perDay * 5).findings()) {
                p.println("  " + RetentionCommand.line(f, loc));
            }
            // Decommissioning (K4-3-2): the parking camera is removed; its footage is erased the same way.
            Decommissioning.Result d = k.service().decommission(new Decommissioning.Request("ch-parking",
                    "mgr-soumu", clock.now, clock.now, List.of(), "parking lot rebuilt"));
            p.println((ja ? "撤去: ch-parking 画像 " : "decommissioned ch-parking: ") + d.receipts().size()
                    + (ja ? " 件消去, 完了=" : " segments erased, complete=") + d.complete());
            // Media sanitization (K3-2-3): the station recorder's old disk.
            SigningKey signer = SigningKey.generate(SignatureAlgorithm.ED25519, new java.security.SecureRandom());
            SanitizationCertificate cert = new SanitizationCertificate("kmg-san-2026-001",
                    new SanitizationCertificate.Person("Sato Hanako", "IT staff", "Kumagaya City", "City Hall", ""),
                    new SanitizationCertificate.Media("HDD", "Seagate", "SkyHawk ST4000VX016", "ZW60DEMO",
                            "KMG-A-1234", "NVR of ch-entrance", "no", ""),
                    SanitizationCertificate.Method.PURGE, "cryptographic erase, then ATA SECURE ERASE",
                    "hdparm 9.65", SanitizationCertificate.Verification.FULL, "read-back of every sector: zeros",
                    "recycling facility", "", clock.now,
                    new SanitizationCertificate.Person("Suzuki Ichiro", "Operation manager", "Kumagaya City", "",
                            ""));
            Files.write(kumagaya.resolve("sanitization-kmg-san-2026-001.json"),
                    new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(cert.sign(signer)));
            ctx.evidence().append(cert.toRecord(signer));
            for (String line : cert.render(loc).split("\n")) {
                p.println("  " + line);
            }
            p.println((ja ? "消去合計: " : "total erased: ") + all.stream().filter(Erasure::erased).count()
                    + (ja ? " 件、ログ記録数: " : ", evidence records: ") + ctx.evidence().size());
        }
    }

    private static void record(RetentionWorkspace ws, String camera, long seq, Instant at) throws Exception {
        byte[] data = new byte[2048];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (seq * 7 + i);
        }
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest((camera + "/" + seq).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        SegmentRef s = new SegmentRef(camera, seq, at, at.plus(STEP), data.length, hash);
        ws.store().record(s, data);
        ws.service().recorded(s);
    }
}
