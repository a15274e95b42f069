package jp.mimamori.cli.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.EngineOptions;
import jp.mimamori.cli.options.KekOption;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.integrity.verify.RecordingVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.erasure.SealedSegmentStore;
import jp.mimamori.recorder.export.ClipFolderHash;
import jp.mimamori.retention.erase.ErasureAuthority;
import jp.mimamori.recorder.store.StoreReader;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.erase.ErasureEngine;

/**
 * Demo: retention and integrity on the same footage. The oldest sealed segment of {@code cam-01} in
 * {@code store/} is erased by retention's write-ahead engine (its period expired, K3-2-2), leaving only its
 * manifest hash in the receipt (K3-2-3); the store then verifies VALID with a {@code SEGMENT_ERASED} finding
 * from the receipts in the evidence log (invariant 4). Then the disclosure the Core section permitted (police
 * written request, criminal investigation) is carried out: frames of {@code cam-02}'s last segment exported with
 * their proofs into {@code exports/demo-s8-1/}, logged as a K3-4 register entry and an export, and verified.
 * Afterwards {@code mimamori verify DIR/store --trust DIR/keys/recorder.public.pem DIR/keys/retention.public.pem
 * DIR/keys/evidence-log.vkey --log DIR/log} exits 0 and
 * {@code mimamori log register DIR/log} lists the provision.
 */
public final class ErasureOfSealedFootageDemoSection implements DemoSection {
    /** The disclosure the Core section decided (S8: police written request, criminal investigation). */
    public static final String DISCLOSURE_ID = "demo-s8-1";
    /** The retention service's private key file in {@code keys/}: it signs every erasure receipt (K3-2-3). */
    public static final String RETENTION_PRIVATE = "retention.private.pem";
    /** Its public key file in {@code keys/}, which verifiers trust for the retention role. */
    public static final String RETENTION_PUBLIC = "retention.public.pem";
    private static final String RECIPIENT = "佐久警察署 (Saku Police)";

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintStream p = ctx.print();
        boolean ja = "ja".equals(ctx.locale().getLanguage());
        Path storeDir = ctx.dir("store");
        SigningKey retentionKey = retentionKey(ctx.dir("keys"));
        TrustStore trust = TrustStore.of(List.of(SigningKey.fromPem(Files.readString(ctx.dir("keys")
                .resolve(IntegrityDemoSection.PRIVATE), StandardCharsets.US_ASCII)).verifyingKey(),
                retentionKey.verifyingKey()));

        // 1. Erase cam-01's oldest sealed segment: its 14-day period has expired.
        // The store is encrypted: erasing a segment destroys its data key (crypto-erase), then removes its files.
        Optional<KeyEncryptionKey> kek = new KekOption().read(storeDir);
        Path journal = ctx.dir("retention").resolve("sealed-store").resolve("erasure.journal");
        Files.createDirectories(journal.getParent());
        Clock later = Clock.offset(ctx.clock(), Duration.ofDays(15));
        // Who may erase comes from the site's rules: the retention service holds the manager's permit (K3-1-3).
        OperatingRules rules = RulesReader.parse(DemoRules.withRetentionService(Samples.KUMAGAYA_CITY_HALL,
                "mgr-soumu", "cam-01", "cam-02"));
        ErasureAuthority authority = ErasureAuthority.of(DecisionEngine.create(rules,
                ProfileRegistry.builtIn().find(rules.profileId(), rules.profileVersion()).orElseThrow(),
                EngineOptions.defaults().withClock(later)));
        try (SecretBytes journalKey = SecretBytes.random(32);
             SealedSegmentStore sealed = SealedSegmentStore.open(storeDir, kek);
             ErasureEngine engine = ErasureEngine.open(journal, journalKey, sealed, ctx.evidence(), s -> false,
                     authority, later, retentionKey)) {
            SegmentRef oldest = sealed.list().stream().filter(s -> s.cameraId().equals("cam-01"))
                    .min(Comparator.comparingLong(SegmentRef::sequence)).orElseThrow();
            p.println(ja ? "cam-01 セグメント " + oldest.sequence() + " は保存期間を過ぎました。保存期間の消去エンジンで消去します"
                    : "cam-01 segment " + oldest.sequence() + " is past its retention period: erasing it through retention's engine");
            engine.resume();
            for (var r : engine.erase(List.of(oldest), ErasureReason.SCHEDULED, "svc-retention").receipts()) {
                p.println("  " + r.render(ctx.locale()));
            }
        }
        // Anchor the receipt: a checkpoint signed by the log key covers it (a receipt counts only then).
        VerifyContext vc = VerifyContext.of(trust);
        if (ctx.evidence() instanceof TransparentEvidenceLog log) {
            NoteSigner logKey = LogDemoSection.signer(ctx.dir("keys"));
            LogCheckpoints.write(log, logKey, List.of(), ctx.clock().instant());
            vc = vc.withLog(AnchoredLog.read(log.directory(), List.of(logKey.verifier())));
        }
        VerificationReport r = new StoreVerifier(kek).verify(storeDir, vc);
        for (Finding f : r.findings(VerificationCode.SEGMENT_ERASED)) {
            p.println("  " + f.severity() + " " + f.code() + " " + f.where().entry() + "/" + f.where().segment()
                    + ": " + f.message().in(ctx.locale()));
        }
        p.println("  verdict: " + r.verdict());
        if (!r.isValid() || !r.has(VerificationCode.SEGMENT_ERASED)) {
            throw new IllegalStateException("demo store after erasure:\n" + r.render(Locale.ENGLISH));
        }

        // 2. The K3-4 disclosure: frames of cam-02's last segment, with proofs, to the police.
        StoreReader store = StoreReader.open(storeDir, kek);
        SignedManifest last = store.newestSealed("cam-02").orElseThrow();
        long seq = last.manifest().sequence();
        int n = (int) last.manifest().unitCount();
        int from = n > 1 ? 1 : 0;
        int to = Math.min(n - 1, from + 24);
        Path clip = ctx.dir("exports").resolve(DISCLOSURE_ID);
        deleteTree(clip);
        store.exportClip("cam-02", seq, from, to, clip);
        UnitIndex idx = UnitIndex.parse(Files.readAllBytes(clip.resolve(StoreLayout.UNITS_INDEX)));
        Instant start = micros(idx.units().get(0).captureUs());
        Instant end = micros(idx.units().get(idx.units().size() - 1).captureUs());
        Instant at = ctx.clock().instant();

        Map<String, Object> content = new LinkedHashMap<>();
        content.put("camera", "cam-02");
        content.put("from", start.toString());
        content.put("to", end.toString());
        content.put("manifest_hashes", List.of(last.hashHex()));
        content.put("segments", List.of(Map.of("sequence", seq, "first_unit", (long) from, "last_unit", (long) to)));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("disclosure_id", DISCLOSURE_ID);
        d.put("provided_at", at.toString());
        d.put("recipient", RECIPIENT);
        d.put("recipient_verification", "police officer's ID card checked in person; written request 佐署刑第123号 "
                + "received and filed");
        d.put("reason", "criminal investigation");
        d.put("basis", "written request of an investigative agency (佐署刑第123号)");
        d.put("content", content);
        d.put("requirements", List.of("K3-4"));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("disclosure_id", DISCLOSURE_ID);
        e.put("bundle_hash", ClipFolderHash.of(clip));
        e.put("recipient", RECIPIENT);
        e.put("camera", "cam-02");
        e.put("units", (long) (to - from + 1));
        e.put("requirements", List.of("K3-2-1", "K3-4"));
        ctx.evidence().appendAll(List.of(EvidenceRecord.of(EvidenceTypes.DISCLOSURE, at, d),
                EvidenceRecord.of(EvidenceTypes.EXPORT, at, e)));
        p.println((ja ? "  提供 " : "  disclosed ") + DISCLOSURE_ID + ": cam-02 " + (ja ? "セグメント " : "segment ")
                + seq + (ja ? " フレーム " : " frames ") + from + ".." + to + " [" + start + " – " + end + "] → "
                + RECIPIENT + ", exports/" + DISCLOSURE_ID);
        VerificationReport c = new RecordingVerifier().verify(clip, VerifyContext.of(trust));
        p.print("  " + c.render(ctx.locale()).replace("\n", "\n  ").stripTrailing() + "\n");
        if (!c.isValid()) {
            throw new IllegalStateException("exported clip does not verify:\n" + c.render(Locale.ENGLISH));
        }
        Path keys = ctx.dir("keys");
        p.println((ja ? "確認: " : "check it yourself: ") + "mimamori verify " + storeDir + " --trust "
                + keys.resolve(IntegrityDemoSection.PUBLIC) + " " + keys.resolve(RETENTION_PUBLIC) + " "
                + keys.resolve("evidence-log.vkey") + " --log " + ctx.dir("log"));
    }

    /** The demo's retention key in {@code keys/}, made on first use. */
    static SigningKey retentionKey(Path keys) throws Exception {
        Path priv = keys.resolve(RETENTION_PRIVATE);
        if (Files.exists(priv)) {
            return SigningKey.fromPemFile(priv);
        }
        Files.createDirectories(keys);
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        key.writePemFile(priv);
        Files.writeString(keys.resolve(RETENTION_PUBLIC), key.verifyingKey().toPem(), StandardCharsets.US_ASCII);
        return key;
    }

    private static Instant micros(long us) {
        return Instant.EPOCH.plus(us, ChronoUnit.MICROS);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(p)) {
            s.forEach(all::add);
        }
        all.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path x : all) {
            Files.delete(x);
        }
    }
}
