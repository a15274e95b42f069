package jp.mimamori.cli.integrity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.PathVerifier;
import jp.mimamori.integrity.verify.RecordingVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.erasure.LogReceipts;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mimamori verify PATH --trust PEM… [--kek FILE] [--receipts FILE] [--log LOGDIR] [--json]}: verifies a
 * store v2 (encrypted segments read with the KEK file, by default {@code STORE.kek} beside it), a segment or clip
 * folder (and, through {@link #verifiers(Optional)}, whatever other areas register: log folders, bundles).
 * Erasure receipts come from {@code --receipts} and from the {@code erasure.receipt} records of the evidence log
 * in {@code --log}, so a segment erased under retention is told apart from one deleted (K3-2-3, invariant 4).
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

    @Option(names = "--receipts", description = "erasure receipts (JSON array of erasure.receipt bodies or records)")
    Path receipts;

    @Option(names = "--log", paramLabel = "LOGDIR",
            description = "evidence log folder whose erasure.receipt records are read as erasure receipts")
    Path log;

    @Mixin
    KekOption kek;

    @Mixin
    JsonOption json;

    @Mixin
    LangOption lang;

    @Mixin
    Output output;

    /**
     * The verifiers tried in order; the first that accepts the path verifies it. Other areas add theirs here
     * (one line each).
     */
    public static List<PathVerifier> verifiers(Optional<KeyEncryptionKey> kek) {
        List<PathVerifier> v = new ArrayList<>();
        v.add(new StoreVerifier(kek));
        v.add(new RecordingVerifier());
        return v;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(path)) {
            System.err.println("mimamori: " + path + ": no such file or folder / 見つかりません");
            return ExitCodes.USAGE;
        }
        if (Files.isRegularFile(path.resolve(TransparentEvidenceLog.RECORDS))) {
            // An evidence-log folder: its trust is signed-note keys (*.vkey) and TSA roots, so the log
            // command, which reads those, does the work (DESIGN.md: verify accepts a log folder).
            return LogCommand.verify(path, trust.files(), json.json(), lang.locale(), output);
        }
        TrustStore ts;
        try {
            ts = trust.store();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("mimamori: --trust: cannot read trusted keys: "
                    + Main.oneLine(String.valueOf(e.getMessage()))
                    + " / 信頼する鍵を読めません");
            return ExitCodes.USAGE;
        }
        List<ErasureReceipt> rs = new ArrayList<>();
        if (receipts != null) {
            try {
                rs.addAll(ErasureReceipt.parseFile(InputFiles.json(receipts)));
            } catch (InvalidDocumentException e) {
                System.err.println("mimamori: --receipts: " + InputFiles.problems(receipts.toString(), e,
                        lang.locale()));
                return ExitCodes.USAGE;
            } catch (IllegalArgumentException e) {
                System.err.println("mimamori: --receipts: " + receipts + ": " + Main.oneLine(e.getMessage()));
                return ExitCodes.USAGE;
            }
        }
        if (log != null) {
            LogFolder.require(log, "--log: ");
            try (TransparentEvidenceLog l = TransparentEvidenceLog.open(log)) {
                rs.addAll(LogReceipts.read(l));
            } catch (IllegalArgumentException e) {
                System.err.println("mimamori: --log: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        VerifyContext ctx = new VerifyContext(ts, rs);
        Optional<KeyEncryptionKey> k;
        try {
            k = kek.read(path);
        } catch (java.io.IOException e) {
            System.err.println("mimamori: --kek: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        for (PathVerifier v : verifiers(k)) {
            if (v.accepts(path)) {
                VerificationReport r = v.verify(path, ctx);
                output.print(json.json() ? r.toJson() + "\n" : r.render(lang.locale()));
                return r.isValid() ? ExitCodes.OK : ExitCodes.FOUND;
            }
        }
        System.err.println("mimamori: " + path + ": not a store, camera, segment or clip folder, nor anything else"
                + " a verifier recognises / 検証できる対象ではありません");
        return ExitCodes.USAGE;
    }
}
