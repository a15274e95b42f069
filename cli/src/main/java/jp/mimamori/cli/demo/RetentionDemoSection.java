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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.cli.retention.RetentionCommand;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import jp.mimamori.retention.crypto.KeyEncryptionKeyProvider;
import jp.mimamori.retention.decommission.Decommissioning;
import jp.mimamori.retention.erase.Erasure;
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
        // The values the operating rules give (the seam: the application fills these from core's rules).
        RetentionWorkspace.create(kumagaya, Map.of("profile", "kumagaya-2019", "principle_days", 14,
                "floor_days", 0, "grace_hours", 0, "default_days", 14,
                "cameras", List.of(Map.of("camera", "kmg-station-east", "days", 14),
                        Map.of("camera", "kmg-park-2", "days", 7)),
                "hold_principals", List.of("kmg-manager")));
        Map<String, Object> sakuPolicy = new LinkedHashMap<>();
        sakuPolicy.put("profile", "saku-2020");
        sakuPolicy.put("ceiling_days", 31);
        sakuPolicy.put("floor_days", 7);
        sakuPolicy.put("grace_hours", 0);
        sakuPolicy.put("default_days", 14);
        sakuPolicy.put("cameras", List.of(Map.of("camera", "saku-school-1", "days", 21,
                "justification", "school facility rules art. 9: incidents reported after holidays")));
        sakuPolicy.put("hold_principals", List.of("saku-school-manager"));
        RetentionWorkspace.create(saku, sakuPolicy);

        // The key-encryption keys live apart from the retention folders (docs/ERASURE.md), owner-only.
        KeyEncryptionKeyProvider kumagayaKek = kek(ctx.dir("keys").resolve(KUMAGAYA_KEK));
        KeyEncryptionKeyProvider sakuKek = kek(ctx.dir("keys").resolve(SAKU_KEK));

        SimClock clock = new SimClock(ctx.clock().instant());
        Instant start = clock.now;
        try (RetentionWorkspace k = RetentionWorkspace.open(kumagaya, clock, kumagayaKek, ctx.evidence());
             RetentionWorkspace s = RetentionWorkspace.open(saku, clock, sakuKek, ctx.evidence())) {
            p.println(ja ? "熊谷市: 駅東カメラ 14日(原則)、公園カメラ 7日 / 佐久市: 学校カメラ 21日(上限31日・下限7日)"
                    : "Kumagaya: station camera 14 days (the principle), park camera 7 days; "
                    + "Saku: school camera 21 days (ceiling 31, floor 7)");
            for (Finding f : s.service().policyFindings()) {
                p.println("  " + RetentionCommand.line(f, loc));
            }
            long seq = 0;
            Hold hold = null;
            List<Erasure> all = new ArrayList<>();
            int days = 30;
            for (int day = 0; day < days; day++) {
                for (int q = 0; q < 4; q++) {
                    record(k, "kmg-station-east", seq, clock.now);
                    record(k, "kmg-park-2", seq, clock.now);
                    record(s, "saku-school-1", seq, clock.now);
                    seq++;
                    clock.now = clock.now.plus(STEP);
                }
                if (day == 4) {
                    Instant from = start.plus(Duration.ofDays(3));
                    try {
                        s.service().placeHold("saku-school-1", from, from.plus(Duration.ofHours(12)), "visitor",
                                "curious", Optional.empty());
                    } catch (HoldDeniedException e) {
                        p.println((ja ? "  拒否: " : "  refused: ") + e.text().in(loc));
                    }
                    hold = s.service().placeHold("saku-school-1", from, from.plus(Duration.ofHours(12)),
                            "saku-school-manager", "Saku police written inquiry 2026-118 (S8)", Optional.empty());
                    p.println((ja ? "  保全を設定: " : "  hold placed: ") + hold.holdId() + " saku-school-1 "
                            + hold.from() + " – " + hold.to());
                }
                if (day == 26 && hold != null) {
                    s.service().releaseHold(hold.holdId(), "saku-school-manager",
                            "investigation closed; copy provided under disclosure record");
                    p.println((ja ? "  保全を解除: " : "  hold released: ") + hold.holdId());
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
                if (r.segment().cameraId().equals("saku-school-1")
                        && r.segment().start().isAfter(start.plus(Duration.ofDays(3)).minusSeconds(1))
                        && r.segment().start().isBefore(start.plus(Duration.ofDays(3)).plus(Duration.ofHours(12)))) {
                    p.println("  " + r.render(loc));
                    break;
                }
            }
            RetentionPlan kp = k.service().plan();
            p.println((ja ? "次の消去期限(熊谷): " : "next due (Kumagaya): ")
                    + kp.nextDueAt().map(Object::toString).orElse("-"));
            // Storage pressure (S2): a budget that holds only 5 of the school camera's 21 days.
            long perDay = 4L * 2048;
            for (Finding f : s.service().forecast(perDay * 5).findings()) {
                p.println("  " + RetentionCommand.line(f, loc));
            }
            // Decommissioning (K4-3-2): the park camera is removed.
            Decommissioning.Result d = k.service().decommission(new Decommissioning.Request("kmg-park-2",
                    "kmg-manager", clock.now, clock.now, List.of("designation-kmg-park-2-operator"),
                    "park renovation"));
            p.println((ja ? "撤去: kmg-park-2 画像 " : "decommissioned kmg-park-2: ") + d.receipts().size()
                    + (ja ? " 件消去, 完了=" : " segments erased, complete=") + d.complete());
            // Media sanitization (K3-2-3): the station recorder's old disk.
            SigningKey signer = SigningKey.generate(SignatureAlgorithm.ED25519, new java.security.SecureRandom());
            SanitizationCertificate cert = new SanitizationCertificate("kmg-san-2026-001",
                    new SanitizationCertificate.Person("Sato Hanako", "IT staff", "Kumagaya City", "City Hall", ""),
                    new SanitizationCertificate.Media("HDD", "Seagate", "SkyHawk ST4000VX016", "ZW60DEMO",
                            "KMG-A-1234", "NVR of kmg-station-east", "no", ""),
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
