package jp.mimamori.cli.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.JsonOption;
import jp.mimamori.cli.options.LangOption;
import jp.mimamori.cli.options.LogFolder;
import jp.mimamori.cli.options.Output;
import jp.mimamori.cli.options.TrustOption;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.integrity.checkpoint.NoteFormatException;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.DisclosureRegister;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.LogVerifier;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.timestamp.TimestampVerifier;
import jp.mimamori.recorder.json.ProofJson;
import org.bouncycastle.cert.X509CertificateHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mimamori log …}: verify a log folder, sign a checkpoint, print proofs and the disclosure register. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "The tamper-evident evidence log. / 改ざん検知可能な証跡ログ",
        subcommands = {LogCommand.Verify.class, LogCommand.CheckpointCmd.class, LogCommand.Prove.class,
            LogCommand.Consistency.class, LogCommand.Register.class})
public final class LogCommand implements Runnable {
    @Mixin
    Output output;

    @Override
    public void run() {
        output.usage();
    }

    /**
     * Verifies the log folder {@code dir} against signed-note keys ({@code *.vkey}) and TSA root certificates
     * ({@code *.pem}) and prints the report; also what {@code mimamori verify LOGDIR} does.
     *
     * @return the exit code: 0 valid, 1 findings
     */
    public static int verify(Path dir, List<Path> trust, boolean json, Locale locale, Output output)
            throws IOException {
        LogFolder.require(dir, "");
        List<NoteVerifier> keys = new ArrayList<>();
        List<X509CertificateHolder> roots = new ArrayList<>();
        for (Path p : trust) {
            String text = InputFiles.key(p);
            if (text.contains("-----BEGIN CERTIFICATE-----")) {
                roots.addAll(TimestampVerifier.readCertificates(text));
            } else {
                try {
                    keys.add(NoteVerifier.parse(text));
                } catch (NoteFormatException e) {
                    throw new IllegalArgumentException(p + ": " + e.getMessage());
                }
            }
        }
        VerificationReport r = LogVerifier.verify(dir, keys, roots);
        output.print(json ? r.toJson() + "\n" : r.render(locale));
        return r.isValid() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    /** {@code log verify DIR --trust KEY… [--json]}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a log folder against trusted keys: *.vkey (log and cosigner keys), *.pem "
                    + "certificates (RFC 3161 TSA roots). Exit 0 valid, 1 findings, 2 input error.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        LogFolder log;
        @Mixin
        TrustOption trust;
        @Mixin
        JsonOption json;
        @Mixin
        LangOption lang;
        @Mixin
        Output output;

        @Override
        public Integer call() throws IOException {
            return verify(log.dir(), trust.files(), json.json(), lang.locale(), output);
        }
    }

    /** {@code log checkpoint DIR --key PEM --origin NAME}. */
    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = "Sign the log's current tree head as a C2SP checkpoint and print it.")
    static final class CheckpointCmd implements Callable<Integer> {
        @Mixin
        LogFolder log;
        @Mixin
        Output output;
        @Option(names = "--key", required = true, description = "Ed25519 private key, PKCS#8 PEM")
        Path key;
        @Option(names = "--origin", required = true, description = "the log's origin (signed-note key name)")
        String origin;
        @Option(names = "--cosign", arity = "0..*", paramLabel = "NAME=PEM",
                description = "add a C2SP tlog-cosignature by this Ed25519 key (PKCS#8 PEM) under NAME")
        Map<String, Path> cosign = new LinkedHashMap<>();

        @Override
        public Integer call() throws IOException {
            log.dir();
            NoteSigner s = InputFiles.privateKey(key, t -> NoteSigner.fromPkcs8Pem(origin, t, NoteVerifier.ED25519));
            List<NoteSigner> cosigners = new ArrayList<>();
            for (Map.Entry<String, Path> e : cosign.entrySet()) {
                cosigners.add(InputFiles.privateKey(e.getValue(), t -> NoteSigner.fromPkcs8Pem(e.getKey(), t,
                        NoteVerifier.COSIGNATURE_V1)));
            }
            try (TransparentEvidenceLog l = log.open()) {
                Path cp = LogCheckpoints.write(l, s, cosigners, Instant.now());
                output.print(BoundedFiles.readUtf8(l.directory(), cp, SignedNote.MAX_BYTES));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code log prove DIR --index N [--size S]}. */
    @Command(name = "prove", description = "Print the RFC 9162 inclusion proof of one record as JSON.")
    static final class Prove extends ProofCommand {
        @Option(names = "--index", required = true, description = "record index")
        long index;
        @Option(names = "--size", description = "tree size (default: the whole log)")
        Long size;

        @Override
        Map<String, Object> proof(TransparentEvidenceLog l) throws IOException {
            return ProofJson.inclusion(l, index, size == null ? l.size() : size);
        }
    }

    /** {@code log consistency DIR --from SIZE [--to SIZE]}. */
    @Command(name = "consistency", description = "Print the RFC 9162 consistency proof between two tree sizes as JSON.")
    static final class Consistency extends ProofCommand {
        @Option(names = "--from", required = true, description = "older tree size")
        long from;
        @Option(names = "--to", description = "newer tree size (default: the whole log)")
        Long to;

        @Override
        Map<String, Object> proof(TransparentEvidenceLog l) throws IOException {
            return ProofJson.consistency(l, from, to == null ? l.size() : to);
        }
    }

    /**
     * What {@code log prove} and {@code log consistency} share: the help options, the log folder, the output; open
     * the log, print one proof canonically.
     */
    @Command(mixinStandardHelpOptions = true)
    abstract static class ProofCommand implements Callable<Integer> {
        @Mixin
        LogFolder log;
        @Mixin
        Output output;

        /** The proof document, from the open log. */
        abstract Map<String, Object> proof(TransparentEvidenceLog l) throws IOException;

        @Override
        public Integer call() throws IOException {
            try (TransparentEvidenceLog l = log.open()) {
                output.printCanonical(proof(l));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code log register DIR [--lang ja|en]}. */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Print the K3-4 disclosure register from the log. / 画像提供記録簿を表示します。")
    static final class Register implements Callable<Integer> {
        @Mixin
        LogFolder log;
        @Mixin
        LangOption lang;
        @Mixin
        Output output;

        @Override
        public Integer call() throws IOException {
            try (TransparentEvidenceLog l = log.open()) {
                output.print(DisclosureRegister.from(l).render(lang.locale()));
            }
            return ExitCodes.OK;
        }
    }
}
