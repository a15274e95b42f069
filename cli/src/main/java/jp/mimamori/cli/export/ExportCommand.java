package jp.mimamori.cli.export;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.KekOption;
import jp.mimamori.cli.options.LogFolder;
import jp.mimamori.cli.rules.CoreInput;
import jp.mimamori.cli.rules.DecidingOptions;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.ExportProtection;
import jp.mimamori.core.decision.NonCompliantRulesException;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.integrity.bundle.BundleEncryption;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.core.suite.SuiteRunner;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.recorder.export.DisclosureExport;
import jp.mimamori.recorder.export.DisclosureOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mimamori export --store STORE --log LOGDIR --rules RULES --request REQUEST.json --key PEM --out BUNDLE.zip
 * [--recipient-cert CERT.pem]}: decides a disclosure request under the rules, logs the decision, and on PERMIT logs
 * the disclosure (K3-4 register) and writes the export bundle v1; on DENY prints the reasons (for an individual,
 * the route, S9) and writes nothing (exit 1). {@code --key} is the city's log key (Ed25519, PKCS#8 PEM): it signs
 * the checkpoint that covers the disclosure and the bundle manifest, so a recipient who trusts the log's
 * {@code .vkey} (or the city's CA, with {@code --certs}) verifies the bundle. With {@code --recipient-cert} the bundle
 * is also encrypted to that certificate ({@code BUNDLE.zip.p7m}, CMS, opened with {@code openssl cms -decrypt}).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Decide a disclosure request, log it and write the export bundle (exit 1 and no bundle on"
                + " DENY).%n提供の請求を判断・記録し、提供用バンドルを書きます(拒否のときは終了コード 1)。")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "STORE", description = "the store v2 folder")
    Path store;

    @Option(names = "--log", required = true, paramLabel = "LOGDIR", description = "the evidence log folder")
    Path log;

    @Option(names = "--rules", required = true, paramLabel = "RULES", description = "operating rules JSON")
    Path rules;

    @Option(names = "--request", required = true, paramLabel = "REQUEST.json",
            description = "the disclosure request with its handover (docs/GUIDE.md)")
    Path request;

    @Option(names = "--key", required = true, paramLabel = "PEM",
            description = "the city's log key (Ed25519 PKCS#8 PEM): signs the checkpoint and the bundle manifest")
    Path key;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE.zip", description = "the bundle to write")
    Path out;

    @Option(names = "--recipient-cert", paramLabel = "CERT.pem",
            description = "also write BUNDLE.zip.p7m, the bundle encrypted to this X.509 certificate (CMS"
                    + " EnvelopedData, RSA or EC P-256; required for ENCRYPTED_TO_RECIPIENT)")
    Path recipientCert;

    @Option(names = "--origin", paramLabel = "NAME",
            description = "the log's origin (default: the first line of LOGDIR/checkpoint)")
    String origin;

    @Option(names = "--certs", arity = "1..*", paramLabel = "PEM",
            description = "certificate chains (leaf first) to carry, for recipients who trust only the city's CA")
    List<Path> certs = new ArrayList<>();

    @Mixin
    KekOption kek = new KekOption();

    @Mixin
    DecidingOptions options = new DecidingOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LogFolder.require(log, "--log: ");
        DecisionEngine engine;
        ExportRequestFile req;
        try {
            OperatingRules r = RulesReader.read(rules);
            engine = DecisionEngine.create(r, SuiteRunner.profile(r, options.profiles()),
                    options.engineOptions("export"));
        } catch (InvalidDocumentException e) {
            CoreInput.error(err, rules.toString(), e, options.locale());
            return ExitCodes.USAGE;
        } catch (NonCompliantRulesException e) {
            return CoreInput.refused(err, e, options.locale());
        }
        try {
            req = ExportRequestFile.read(request);
            engine.requireKnown(req.request());
        } catch (InvalidDocumentException e) {
            CoreInput.error(err, request.toString(), e, options.locale());
            return ExitCodes.USAGE;
        }
        if (req.handover().protection() == ExportProtection.ENCRYPTED_TO_RECIPIENT && recipientCert == null) {
            throw new IllegalArgumentException("--recipient-cert: required when handover.protection is"
                    + " ENCRYPTED_TO_RECIPIENT (K3-2-1) / 受取人の証明書が必要です");
        }
        Optional<X509Certificate> recipient = Optional.empty();
        if (recipientCert != null) {
            try {
                recipient = Optional.of(BundleEncryption.certificate(Files.readAllBytes(recipientCert)));
            } catch (CryptoException e) {
                throw new IllegalArgumentException("--recipient-cert: " + recipientCert + ": " + e.getMessage()
                        + " / 受取人の証明書を読めません");
            }
        }
        String name = origin != null ? origin : originOf(log);
        SigningKey signing = InputFiles.privateKey(key, SigningKey::fromPem);
        NoteSigner note = InputFiles.noteSigner(key, name, NoteVerifier.ED25519);
        List<String> chains = new ArrayList<>();
        for (Path c : certs) {
            chains.add(InputFiles.key(c));
        }
        DisclosureOutcome o;
        try (TransparentEvidenceLog l = TransparentEvidenceLog.open(log)) {
            o = new DisclosureExport(engine, store, kek.read(store), l,
                    new DisclosureExport.Signers(signing, note, List.of(), chains), Clock.systemUTC())
                    .disclose(req.request(), req.handover(), out, recipient);
        }
        Decision d = o.decision();
        w.println(d.explain(options.locale()));
        w.println((options.locale().getLanguage().equals("ja") ? "判断の記録: ログ記録 " : "decision logged: log record ")
                + o.decisionLogIndex());
        if (o instanceof DisclosureOutcome.Exported e) {
            boolean ja = options.locale().getLanguage().equals("ja");
            w.println((ja ? "提供記録: ログ記録 " : "disclosure logged: log record ") + e.disclosureLogIndex());
            w.println((ja ? "バンドル: " : "bundle: ") + e.bundle() + " (" + e.units() + (ja ? " ユニット, bundle.json の SHA-256 "
                    : " units, bundle.json SHA-256 ") + e.bundleHash() + ")");
            e.encrypted().ifPresent(p -> w.println((ja ? "受取人に暗号化したバンドル (CMS): " : "encrypted to the recipient (CMS): ")
                    + p + (ja ? "  開き方: openssl cms -decrypt -inform DER -in " : "  open with: openssl cms -decrypt -inform DER -in ")
                    + p.getFileName() + " -recip CERT.pem -inkey KEY.pem -out " + e.bundle().getFileName()));
            w.flush();
            return ExitCodes.OK;
        }
        w.flush();
        return ExitCodes.FOUND;
    }

    /** The origin of the log's newest checkpoint: its first line. */
    static String originOf(Path log) throws IOException {
        Path cp = log.resolve(LogCheckpoints.LATEST);
        if (!Files.isRegularFile(cp)) {
            throw new IllegalArgumentException("--origin: required, since " + cp + " does not exist to name the log's"
                    + " origin / ログの名前 (--origin) が必要です");
        }
        String text = InputFiles.key(cp);
        int nl = text.indexOf('\n');
        return nl > 0 ? text.substring(0, nl) : text;
    }
}
