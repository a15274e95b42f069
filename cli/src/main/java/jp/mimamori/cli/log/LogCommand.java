package jp.mimamori.cli.log;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.integrity.checkpoint.NoteFormatException;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.DisclosureRegister;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.LogVerifier;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.timestamp.TimestampVerifier;
import jp.mimamori.recorder.json.ProofJson;
import org.bouncycastle.cert.X509CertificateHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mimamori log …}: verify a log folder, sign a checkpoint, print proofs and the disclosure register. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "The tamper-evident evidence log. / 改ざん検知可能な証跡ログ",
        subcommands = {LogCommand.Verify.class, LogCommand.CheckpointCmd.class, LogCommand.Prove.class,
            LogCommand.Consistency.class, LogCommand.Register.class})
public final class LogCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void requireLog(Path dir) {
        if (!Files.isRegularFile(dir.resolve(TransparentEvidenceLog.RECORDS))) {
            throw new IllegalArgumentException(dir + ": not an evidence log folder (no "
                    + TransparentEvidenceLog.RECORDS + ") / 証跡ログのフォルダではありません");
        }
    }

    /** Prints one canonical JSON document on its own line. */
    static void printJson(CommandSpec spec, Map<String, Object> doc) {
        spec.commandLine().getOut().println(CanonicalJson.encodeToString(doc));
        spec.commandLine().getOut().flush();
    }

    /** {@code log verify DIR --trust KEY… [--json]}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a log folder against trusted keys: *.vkey (log and cosigner keys), *.pem "
                    + "certificates (RFC 3161 TSA roots). Exit 0 valid, 1 findings, 2 input error.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "the log folder")
        Path dir;
        @Option(names = "--trust", required = true, arity = "1..*", description = "trusted *.vkey or certificate *.pem files")
        List<Path> trust;
        @Option(names = "--json", description = "print the machine-readable report")
        boolean json;
        @Option(names = "--lang", defaultValue = "en", description = "ja or en (default: ${DEFAULT-VALUE})")
        String lang;

        @Override
        public Integer call() throws IOException {
            requireLog(dir);
            List<NoteVerifier> keys = new ArrayList<>();
            List<X509CertificateHolder> roots = new ArrayList<>();
            for (Path p : trust) {
                String text = Files.readString(p, StandardCharsets.UTF_8);
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
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? r.toJson() + "\n" : r.render(Locale.forLanguageTag(lang)));
            out.flush();
            return r.isValid() ? ExitCodes.OK : ExitCodes.FOUND;
        }
    }

    /** {@code log checkpoint DIR --key PEM --origin NAME}. */
    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = "Sign the log's current tree head as a C2SP checkpoint and print it.")
    static final class CheckpointCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "the log folder")
        Path dir;
        @Option(names = "--key", required = true, description = "Ed25519 private key, PKCS#8 PEM")
        Path key;
        @Option(names = "--origin", required = true, description = "the log's origin (signed-note key name)")
        String origin;
        @Option(names = "--cosign", arity = "0..*", paramLabel = "NAME=PEM",
                description = "add a C2SP tlog-cosignature by this Ed25519 key (PKCS#8 PEM) under NAME")
        Map<String, Path> cosign = new LinkedHashMap<>();

        @Override
        public Integer call() throws IOException {
            requireLog(dir);
            NoteSigner s = NoteSigner.fromPkcs8Pem(origin, Files.readString(key), NoteVerifier.ED25519);
            List<NoteSigner> cosigners = new ArrayList<>();
            for (Map.Entry<String, Path> e : cosign.entrySet()) {
                cosigners.add(NoteSigner.fromPkcs8Pem(e.getKey(), Files.readString(e.getValue()),
                        NoteVerifier.COSIGNATURE_V1));
            }
            try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
                Path cp = LogCheckpoints.write(log, s, cosigners, Instant.now());
                spec.commandLine().getOut().print(Files.readString(cp));
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
        }
    }

    /** {@code log prove DIR --index N [--size S]}. */
    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = "Print the RFC 9162 inclusion proof of one record as JSON.")
    static final class Prove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "the log folder")
        Path dir;
        @Option(names = "--index", required = true, description = "record index")
        long index;
        @Option(names = "--size", description = "tree size (default: the whole log)")
        Long size;

        @Override
        public Integer call() throws IOException {
            requireLog(dir);
            try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
                long n = size == null ? log.size() : size;
                printJson(spec, ProofJson.inclusion(log, index, n));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code log consistency DIR --from SIZE [--to SIZE]}. */
    @Command(name = "consistency", mixinStandardHelpOptions = true,
            description = "Print the RFC 9162 consistency proof between two tree sizes as JSON.")
    static final class Consistency implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "the log folder")
        Path dir;
        @Option(names = "--from", required = true, description = "older tree size")
        long from;
        @Option(names = "--to", description = "newer tree size (default: the whole log)")
        Long to;

        @Override
        public Integer call() throws IOException {
            requireLog(dir);
            try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
                long n = to == null ? log.size() : to;
                printJson(spec, ProofJson.consistency(log, from, n));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code log register DIR [--lang ja|en]}. */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Print the K3-4 disclosure register from the log. / 画像提供記録簿を表示します。")
    static final class Register implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "the log folder")
        Path dir;
        @Option(names = "--lang", defaultValue = "en", description = "ja or en (default: ${DEFAULT-VALUE})")
        String lang;

        @Override
        public Integer call() throws IOException {
            requireLog(dir);
            try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
                spec.commandLine().getOut().print(DisclosureRegister.from(log).render(Locale.forLanguageTag(lang)));
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
        }
    }
}
