package jp.mimamori.cli.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import jp.mimamori.cli.options.KekOption;
import jp.mimamori.core.decision.BasisKind;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.decision.ExportProtection;
import jp.mimamori.core.decision.RequestedPurpose;
import jp.mimamori.core.decision.RequesterKind;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.suite.SuiteRunner;
import jp.mimamori.integrity.bundle.BundleEncryption;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.KeyScope;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.integrity.verify.BundleVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.export.DisclosureExport;
import jp.mimamori.recorder.export.DisclosureOutcome;
import jp.mimamori.recorder.export.Handover;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Demo: handing footage to the police (issue 13; K3-4, K3-2-1, S3, S7, S8, S9). The school gate camera
 * ({@code es-gate}, Saku sample rules) records two segments; the police's written request for a criminal
 * investigation is permitted and handed over as {@code exports/demo-13-police.zip}, verified offline; a request
 * whose purpose does not fit (S8) and a family's request (S9) are denied and logged with their reasons; a bundle is
 * encrypted to a test recipient certificate ({@code keys/police-test.cert.pem}) and opened again; a tampered copy
 * and a copy with a withheld segment are caught. Afterwards {@code mimamori verify DIR/exports/demo-13-police.zip
 * --trust DIR/keys/recorder.public.pem DIR/keys/evidence-log.vkey} exits 0 and {@code mimamori log register
 * DIR/log} lists the provision and the refusals.
 */
public final class DisclosureDemoSection implements DemoSection {
    /** The permitted disclosure's bundle in {@code exports/}. */
    public static final String BUNDLE = "demo-13-police.zip";
    private static final String CAMERA = "es-gate";

    @Override
    public void run(DemoContext ctx) throws Exception {
        if (!(ctx.evidence() instanceof TransparentEvidenceLog log)) {
            ctx.print().println("(the demo's evidence log is not the file-backed log; skipped)");
            return;
        }
        PrintStream p = ctx.print();
        boolean ja = "ja".equals(ctx.locale().getLanguage());
        Path keys = ctx.dir("keys");
        Path storeDir = ctx.dir("store");
        Path exports = ctx.dir("exports");
        Files.createDirectories(exports);
        SigningKey recorderKey = SigningKey.fromPemFile(keys.resolve(IntegrityDemoSection.PRIVATE));
        NoteSigner logNote = LogDemoSection.signer(keys);
        SigningKey logKey = SigningKey.fromPem(logNote.toPkcs8Pem());
        KeyEncryptionKey kek = new KekOption().readOrCreate(storeDir);

        // 1. The gate camera records (H.264 with ffmpeg, keyframe every second; synthetic bytes without it).
        Instant t = ctx.clock().instant().plus(Duration.ofHours(1));
        Path work = Files.createTempDirectory("mimamori-demo-13");
        try (Recorder r = Recorder.open(storeDir, RecorderOptions.encrypted(recorderKey, kek).withChunkSize(64 * 1024)
                .withSegmentLog(SegmentLog.to(log, Clock.fixed(t, java.time.ZoneOffset.UTC))));
             CameraRecorder cam = r.camera(CAMERA)) {
            List<Path> files = IntegrityDemoSection.ffmpegAvailable() ? IntegrityDemoSection.record(work)
                    : IntegrityDemoSection.synthesise(work, CAMERA);
            Instant at = t;
            for (Path f : files) {
                at = cam.sealFile(f, at).manifest().end().plusMillis(40);
            }
        } finally {
            IntegrityDemoSection.deleteTree(work);
        }
        p.println((ja ? "es-gate (正門) を録画: " : "es-gate (main gate) recorded from ") + t);

        OperatingRules rules = jp.mimamori.core.rules.RulesReader.parse(Samples.bytes(Samples.SAKU_SCHOOL));
        DecisionEngine engine = DecisionEngine.create(rules, SuiteRunner.profile(rules, ProfileRegistry.builtIn()));
        Clock later = Clock.fixed(t.plus(Duration.ofDays(1)), java.time.ZoneOffset.UTC);
        DisclosureExport export = new DisclosureExport(engine, storeDir, Optional.of(kek), log,
                DisclosureExport.Signers.of(logKey, logNote), later);
        Handover handover = new Handover("警察手帳を対面で確認 / police ID card checked in person",
                Optional.of("佐署刑第123号"), "vp-kato", "minami-es-nvr-1", "提供用バンドル / export bundle",
                ExportProtection.ACCESS_CONTROLLED_STORE);
        TrustStore trust = TrustStore.builder().addKey(recorderKey.verifyingKey())
                .addKey(VerifyingKey.fromRawEd25519(logNote.verifier().publicKey()),
                        KeyScope.of(KeyRole.LOG).withNoteName(logNote.name())).build();

        // 2. The police ask in writing for a criminal investigation: permitted (S8 purpose fits), handed over.
        Path bundle = exports.resolve(BUNDLE);
        DisclosureOutcome o = export.disclose(request("demo-13-police", RequesterKind.INVESTIGATIVE_AGENCY,
                "佐久警察署 (Saku Police)", Purpose.CRIMINAL_INVESTIGATION, t, later), handover, bundle);
        p.println("-- " + (ja ? "警察の文書照会 (犯罪捜査): " : "police written request (criminal investigation): ")
                + o.decision().reason().in(ctx.locale()));
        BundleVerifier.Result ok = new BundleVerifier().check(bundle, VerifyContext.of(trust));
        p.print(indent(ok.report().render(ctx.locale()) + ok.renderCoverage(ctx.locale())));
        if (!ok.report().isValid()) {
            throw new IllegalStateException("the demo bundle does not verify:\n" + ok.report().render(Locale.ENGLISH));
        }

        // 3. S8: the same police, for a traffic accident, on a crime-prevention camera: denied.
        DisclosureOutcome s8 = export.disclose(request("demo-13-s8", RequesterKind.INVESTIGATIVE_AGENCY,
                "佐久警察署 (Saku Police)", Purpose.ACCIDENT_INVESTIGATION, t, later), handover,
                exports.resolve("demo-13-s8.zip"));
        p.println("-- S8: " + s8.decision().reason().in(ctx.locale()));
        // 4. S9: a family looking for a missing parent asks the school directly: denied, with the route.
        DisclosureOutcome s9 = export.disclose(request("demo-13-s9", RequesterKind.PRIVATE_INDIVIDUAL,
                "行方不明者の家族 (family)", Purpose.MISSING_PERSON, t, later), handover, exports.resolve("demo-13-s9.zip"));
        p.println("-- S9: " + s9.decision().reason().in(ctx.locale()));

        // 5. Encrypted to a test recipient certificate (CMS), and opened again with its key.
        Path cert = keys.resolve("police-test.cert.pem");
        KeyPair police = testRecipient(cert, keys.resolve("police-test.key.pem"));
        Handover encrypted = new Handover(handover.recipientVerification(), handover.recipientReference(),
                handover.operator(), handover.exportUnit(), "受取人に暗号化したバンドル / bundle encrypted to the recipient",
                ExportProtection.ENCRYPTED_TO_RECIPIENT);
        DisclosureOutcome.Exported enc = (DisclosureOutcome.Exported) export.disclose(request("demo-13-encrypted",
                RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署 (Saku Police)", Purpose.CRIMINAL_INVESTIGATION, t, later),
                encrypted, exports.resolve("demo-13-encrypted.zip"),
                Optional.of(BundleEncryption.certificate(Files.readAllBytes(cert))));
        Path p7m = enc.encrypted().orElseThrow();
        Path opened = Files.createTempFile("demo-13-opened", ".zip");
        try {
            BundleEncryption.decrypt(p7m, police.getPrivate(), opened);
            BundleVerifier.Result e = new BundleVerifier().check(opened, VerifyContext.of(trust));
            p.println("-- " + (ja ? "受取人に暗号化: " : "encrypted to the recipient: ") + "exports/" + p7m.getFileName()
                    + " → " + e.report().verdict());
            p.println("   openssl cms -decrypt -inform DER -in " + p7m + " -recip " + cert + " -inkey "
                    + keys.resolve("police-test.key.pem") + " -out opened.zip");
        } finally {
            Files.deleteIfExists(opened);
        }

        // 6. A tampered copy and a copy with a withheld segment are caught.
        Path tampered = Files.createTempFile("demo-13-tampered", ".zip");
        Path withheld = Files.createTempFile("demo-13-withheld", ".zip");
        try {
            byte[] b = Files.readAllBytes(bundle);
            b[b.length - 4096] ^= 0x01; // inside the last media entry
            Files.write(tampered, b);
            BundleVerifier.Result tr = new BundleVerifier().check(tampered, VerifyContext.of(trust));
            p.println("-- " + (ja ? "改ざんしたコピー (記録データの 1 ビット): " : "tampered copy (one bit of the footage): "));
            p.print(indent(tr.report().render(ctx.locale())));
            withhold(bundle, withheld, "media/" + CAMERA + "/000000000000", "manifests/" + CAMERA + "/000000000000/");
            BundleVerifier.Result wr = new BundleVerifier().check(withheld, VerifyContext.of(trust));
            p.println("-- " + (ja ? "セグメントを抜いたコピー: " : "copy with a withheld segment: "));
            p.print(indent(wr.report().render(ctx.locale()) + wr.renderCoverage(ctx.locale())));
            if (tr.report().isValid() || wr.report().isValid()) {
                throw new IllegalStateException("a tampered or incomplete bundle verified VALID");
            }
        } finally {
            Files.deleteIfExists(tampered);
            Files.deleteIfExists(withheld);
        }
        p.println((ja ? "確認: " : "check it yourself: ") + "mimamori verify " + bundle + " --trust "
                + keys.resolve(IntegrityDemoSection.PUBLIC) + " " + keys.resolve("evidence-log.vkey")
                + "; mimamori log register " + ctx.dir("log"));
    }

    private static DisclosureRequest request(String id, RequesterKind kind, String requester, Purpose purpose,
                                             Instant recorded, Clock at) {
        return new DisclosureRequest(id, kind, requester, BasisKind.WRITTEN_REQUEST, Optional.of("佐署刑第123号"),
                Optional.empty(), RequestedPurpose.of(purpose), CAMERA, recorded.plusMillis(1_300),
                recorded.plusMillis(3_000), at.instant());
    }

    /** A test recipient (the police's certificate in a real handover): RSA 2048, self-signed, for demos only. */
    private static KeyPair testRecipient(Path cert, Path key) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=Saku Police (TEST ONLY)");
        Instant now = Instant.now();
        X509Certificate c = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(new SecureRandom().nextInt(1 << 30)), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(365))), name, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        Files.writeString(cert, pem("CERTIFICATE", c.getEncoded()), StandardCharsets.US_ASCII);
        jp.mimamori.core.internal.io.DurableFiles.replace(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded())
                .getBytes(StandardCharsets.US_ASCII), jp.mimamori.core.internal.io.DurableFiles.Access.OWNER_ONLY);
        return kp;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The bundle without the entries starting with {@code prefixes}: what a withholding insider hands over. */
    private static void withhold(Path bundle, Path out, String... prefixes) throws IOException {
        try (ZipFile in = new ZipFile(bundle.toFile());
             ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                if (java.util.Arrays.stream(prefixes).anyMatch(e.getName()::startsWith)) {
                    continue;
                }
                byte[] data = in.getInputStream(e).readAllBytes();
                ZipEntry c = new ZipEntry(e.getName());
                c.setMethod(ZipEntry.STORED);
                c.setSize(data.length);
                c.setCompressedSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                c.setCrc(crc.getValue());
                z.putNextEntry(c);
                z.write(data);
                z.closeEntry();
            }
        }
    }

    private static String indent(String s) {
        return "  " + s.replace("\n", "\n  ").stripTrailing() + "\n";
    }
}
