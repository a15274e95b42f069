package jp.mimamori.cli.export;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.LogFolder;
import jp.mimamori.cli.options.Output;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.bundle.BundleFormatException;
import jp.mimamori.integrity.bundle.BundleReceipt;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.recorder.export.DisclosureExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mimamori acknowledge --log LOGDIR RECEIPT.json}: the city appends the recipient's signed receipt of a bundle
 * (written by {@code mimamori verify BUNDLE.zip --acknowledge KEY}) to its evidence log as a
 * {@code disclosure.received} record, after checking the receipt's signature (K3-4: the chain of custody closes on
 * both sides). Exit 0 appended, 2 unreadable or badly signed receipt.
 */
@Command(name = "acknowledge", mixinStandardHelpOptions = true,
        description = "Append a recipient's signed bundle receipt to the evidence log (disclosure.received)."
                + "%n受取人の受領証を証跡ログに記録します。")
public final class AcknowledgeCommand implements Callable<Integer> {
    @Option(names = "--log", required = true, paramLabel = "LOGDIR", description = "the evidence log folder")
    Path log;

    @Parameters(index = "0", paramLabel = "RECEIPT.json", description = "the recipient's receipt")
    Path receipt;

    @Mixin
    Output output;

    @Override
    public Integer call() throws Exception {
        LogFolder.require(log, "--log: ");
        BundleReceipt r;
        try {
            r = BundleReceipt.parse(InputFiles.json(receipt, 64 * 1024));
            r.verify();
        } catch (BundleFormatException | CryptoException e) {
            throw new IllegalArgumentException(receipt + ": " + e.getMessage() + " (K3-4) / 受領証を受け付けられません");
        }
        try (TransparentEvidenceLog l = TransparentEvidenceLog.open(log)) {
            long i = DisclosureExport.received(l, r, Instant.now());
            output.println("disclosure.received: log record " + i + " (" + r.disclosureId() + ", " + r.recipient()
                    + ", " + r.verdict() + ")");
        }
        return ExitCodes.OK;
    }
}
