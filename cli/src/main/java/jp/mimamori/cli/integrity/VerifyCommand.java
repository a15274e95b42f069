package jp.mimamori.cli.integrity;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.Main;
import jp.mimamori.cli.log.LogCommand;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.JsonOption;
import jp.mimamori.cli.options.KekOption;
import jp.mimamori.cli.options.LangOption;
import jp.mimamori.cli.options.LogFolder;
import jp.mimamori.cli.options.Output;
import jp.mimamori.cli.options.TrustOption;
import jp.mimamori.cli.options.WitnessOption;
import jp.mimamori.integrity.bundle.BundleEncryption;
import jp.mimamori.integrity.bundle.BundleReceipt;
import jp.mimamori.integrity.checkpoint.CheckpointPolicy;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.BundleVerifier;
import jp.mimamori.integrity.verify.PathVerifier;
import jp.mimamori.integrity.verify.RecordingVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mimamori verify PATH --trust FILE… [--kek FILE] [--log LOGDIR] [--decrypt-key KEY] [--json]}: verifies a
 * store v2
 * (encrypted segments read with the KEK file, by default {@code STORE.kek} beside it), a segment or clip folder
 * (and, through {@link #verifiers(Optional)}, whatever other areas register: log folders, bundles). A trust file
 * is an SPKI PEM public key or X.509 certificate (recorder and retention keys) or a signed-note {@code .vkey} (the
 * log's key). With {@code --log}, the store is verified against the evidence log: the segments its anchored
 * {@code segment.sealed} records name are compared with the store's, and a missing segment is
 * {@code SEGMENT_ERASED} only with an anchored erasure receipt signed by a trusted retention key (K3-2-3,
 * invariant 4); a log with no checkpoint signed by a key the trust store allows the log role ({@code .vkey} of
 * type 0x01, a PEM key, a trust-file key with the role {@code LOG}) — and, with {@code --witness-threshold K},
 * cosigned by K keys it allows the witness role — is {@code CHECKPOINT_MISSING}.
 * An encrypted bundle ({@code BUNDLE.zip.p7m}) is verified inside its encryption with the recipient's private key
 * ({@code --decrypt-key}): nothing is decrypted to disk, memory stays bounded. A bundle's RFC 3161 timestamps are
 * checked against the certificates of the PEM trust files as TSA roots, as a log folder's are.
 * Exit 0 VALID, 1 INVALID, 2 usage or input error.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a store, camera, segment or clip folder (and logs, bundles where supported)."
                + " / 記録を検証します")
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "what to verify")
    Path path;

    @Mixin
    TrustOption trust;

    @Option(names = "--log", paramLabel = "LOGDIR",
            description = "evidence log folder to verify the store against (its segment.sealed records and"
                    + " erasure receipts count once a checkpoint signed by a trusted log key covers them, and with"
                    + " --witness-threshold K only one K trusted witnesses cosigned)")
    Path log;

    @Mixin
    WitnessOption witnesses;

    @Mixin
    KekOption kek;

    @Mixin
    JsonOption json;

    @Mixin
    LangOption lang;

    @Mixin
    Output output;

    @Option(names = "--acknowledge", paramLabel = "KEY",
            description = "(bundles) countersign the bundle's hash with this private key (PKCS#8 PEM) as the"
                    + " recipient's receipt, written to BUNDLE.receipt.json, with the verdict; the city appends it to"
                    + " its log with 'mimamori acknowledge'")
    Path acknowledge;

    @Option(names = "--decrypt-key", paramLabel = "KEY",
            description = "(encrypted bundles, *.p7m) the recipient's private key (PKCS#8 PEM, RSA or EC): the bundle"
                    + " is verified inside its encryption, nothing decrypted to disk / 暗号化されたバンドルの受領者の秘密鍵")
    Path decryptKey;

    /** Writes the recipient's signed receipt of the bundle beside it; returns the line to print. */
    private String acknowledge(BundleVerifier.Result br) throws IOException {
        if (br.manifest().isEmpty() || br.bundleHash().isEmpty()) {
            throw new IllegalArgumentException("--acknowledge: " + path + " has no readable bundle.json to acknowledge"
                    + " / 受領を確認できるバンドルではありません");
        }
        SigningKey key = InputFiles.privateKey(acknowledge, SigningKey::fromPem);
        try {
            BundleReceipt receipt = BundleReceipt.sign(br.manifest().get().disclosureId(), br.bundleHash().get(),
                    br.manifest().get().recipient().name(), Instant.now(), br.report().verdict().name(), key);
            String bundleName = path.getFileName().toString();
            if (bundleName.toLowerCase(Locale.ROOT).endsWith(BundleEncryption.SUFFIX)) {
                bundleName = bundleName.substring(0, bundleName.length() - BundleEncryption.SUFFIX.length());
            }
            Path out = path.resolveSibling(bundleName + ".receipt.json"); // the same receipt as for the opened bundle
            Files.write(out, receipt.encode());
            return (lang.japanese() ? "受領証: " : "receipt: ") + out + "\n";
        } catch (jp.mimamori.core.error.CryptoException e) {
            throw new IOException("--acknowledge: " + e.getMessage(), e);
        } finally {
            key.destroy();
        }
    }

    /**
     * The verifiers tried in order; the first that accepts the path verifies it. Other areas add theirs here
     * (one line each).
     */
    public static List<PathVerifier> verifiers(Optional<KeyEncryptionKey> kek) {
        List<PathVerifier> v = new ArrayList<>();
        v.add(new StoreVerifier(kek));
        v.add(new RecordingVerifier());
        v.add(new BundleVerifier());
        return v;
    }

    /** Prints a bundle's report and coverage (and writes the receipt when asked); the exit code. */
    private int print(BundleVerifier.Result br) throws IOException {
        VerificationReport r = br.report();
        String coverage = br.renderCoverage(lang.locale());
        if (acknowledge != null) {
            coverage += acknowledge(br);
        }
        output.print(json.json() ? r.toJson() + "\n" : r.render(lang.locale()) + coverage);
        return r.isValid() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(path)) {
            System.err.println("mimamori: " + path + ": no such file or folder / 見つかりません");
            return ExitCodes.USAGE;
        }
        if (Files.isRegularFile(path.resolve(TransparentEvidenceLog.RECORDS))) {
            // An evidence-log folder: the log command, which also takes TSA roots from the trust files, does the
            // work (DESIGN.md: verify accepts a log folder).
            return LogCommand.verify(path, trust, witnesses.threshold(), null, json.json(), lang.locale(), output);
        }
        if (Files.isDirectory(path.resolve("tile")) && Files.isRegularFile(path.resolve("checkpoint"))) {
            // A C2SP tlog-tiles folder (a published evidence log), verified from its files alone.
            return LogCommand.verifyTiles(path, trust, witnesses.threshold(), null, json.json(), lang.locale(), output);
        }
        TrustStore ts;
        List<org.bouncycastle.cert.X509CertificateHolder> tsaRoots;
        int required = witnesses.threshold();
        try {
            TrustOption.Trusted trusted = trust.trusted();
            ts = trusted.store();
            tsaRoots = trusted.tsaRoots(); // a bundle's RFC 3161 timestamps are checked against them
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("mimamori: --trust: cannot read trusted keys: "
                    + Main.oneLine(String.valueOf(e.getMessage()))
                    + " / 信頼する鍵を読めません");
            return ExitCodes.USAGE;
        }
        VerifyContext ctx = VerifyContext.of(ts);
        if (log != null) {
            LogFolder.require(log, "--log: ");
            ctx = ctx.withLog(AnchoredLog.read(log, new CheckpointPolicy(ts, required)));
        }
        Optional<KeyEncryptionKey> k;
        try {
            k = kek.read(path);
        } catch (java.io.IOException e) {
            System.err.println("mimamori: --kek: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Path name = path.getFileName();
        boolean encrypted = name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(BundleEncryption.SUFFIX)
                && Files.isRegularFile(path);
        if (encrypted != (decryptKey != null)) {
            System.err.println(encrypted ? "mimamori: " + path + ": an encrypted bundle: give the recipient's private"
                    + " key with --decrypt-key KEY / 暗号化されたバンドルです。--decrypt-key で秘密鍵を指定してください"
                    : "mimamori: --decrypt-key: only an encrypted bundle (*.p7m) is decrypted / 暗号化されたバンドル"
                    + " (*.p7m) にのみ使います");
            return ExitCodes.USAGE;
        }
        if (encrypted) {
            PrivateKey pk = InputFiles.privateKey(decryptKey, BundleEncryption::privateKey);
            BundleVerifier.Result br;
            try (FileChannel plain = BundleEncryption.plaintext(path, pk)) {
                br = new BundleVerifier(tsaRoots).check(plain, name.toString(), ctx);
            }
            return print(br);
        }
        for (PathVerifier v : verifiers(k)) {
            if (v.accepts(path)) {
                if (v instanceof BundleVerifier) {
                    return print(new BundleVerifier(tsaRoots).check(path, ctx));
                }
                VerificationReport r = v.verify(path, ctx);
                output.print(json.json() ? r.toJson() + "\n" : r.render(lang.locale()));
                return r.isValid() ? ExitCodes.OK : ExitCodes.FOUND;
            }
        }
        if (acknowledge != null) {
            System.err.println("mimamori: --acknowledge: only a bundle (*.zip) is acknowledged / 受領の確認はバンドルのみです");
            return ExitCodes.USAGE;
        }
        System.err.println("mimamori: " + path + ": not a store, camera, segment or clip folder, nor anything else"
                + " a verifier recognises / 検証できる対象ではありません");
        return ExitCodes.USAGE;
    }
}
