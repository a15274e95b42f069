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
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.JsonOption;
import jp.mimamori.cli.options.LangOption;
import jp.mimamori.cli.options.LogFolder;
import jp.mimamori.cli.options.Output;
import jp.mimamori.cli.options.TrustOption;
import jp.mimamori.cli.options.WitnessOption;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.integrity.checkpoint.NoteFormatException;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.core.finding.Location;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.CheckpointVerifier;
import jp.mimamori.integrity.checkpoint.Witness;
import jp.mimamori.integrity.log.DisclosureRegister;
import jp.mimamori.integrity.log.LogReader;
import jp.mimamori.integrity.log.LogTiles;
import jp.mimamori.integrity.tiles.TileLog;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.LogVerifier;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.recorder.json.ProofJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mimamori log …}: verify a log folder or a tile folder, sign a checkpoint, print proofs and the disclosure
 * register, rebuild the stored tree, publish tiles.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "The tamper-evident evidence log. / 改ざん検知可能な証跡ログ",
        subcommands = {LogCommand.Verify.class, LogCommand.CheckpointCmd.class, LogCommand.Prove.class,
            LogCommand.Consistency.class, LogCommand.Register.class, LogCommand.Repair.class, LogCommand.Tiles.class,
            LogCommand.Publish.class, LogCommand.WitnessCmd.class},
        footer = {"", "A city's log on PostgreSQL: add --db JDBC_URL [--tiles DIR] to verify, checkpoint, prove,"
            + " consistency or register, and run its integrator with 'mimamori log integrate --db JDBC_URL --tiles DIR"
            + " --key PEM' (see 'mimamori log integrate --help').",
            "PostgreSQL 上のログ: verify / checkpoint / prove / consistency / register に --db JDBC_URL [--tiles DIR]"
            + " を付けます。インテグレータは 'mimamori log integrate --db JDBC_URL --tiles DIR --key PEM' で動かします。"})
public final class LogCommand implements Runnable {
    @Mixin
    Output output;

    @Override
    public void run() {
        output.usage();
    }

    /**
     * A checkpoint the verifier saw before ({@code --since FILE}), which must be signed by a key the trust store
     * allows the log role (no cosignature is required of it: the verifier checked it when it kept it).
     *
     * @throws IllegalArgumentException (exit 2) if it is not a checkpoint signed by a trusted log key
     */
    private static Optional<Checkpoint> since(Path file, TrustOption.Trusted trust) throws IOException {
        if (file == null) {
            return Optional.empty();
        }
        CheckpointVerifier.Result r = CheckpointVerifier.verify(BoundedFiles.read(file, SignedNote.MAX_BYTES),
                trust.policy(0), Location.entry(file.toString()));
        if (!r.valid()) {
            throw new IllegalArgumentException("--since: " + file + ": not a checkpoint signed by a trusted log key ("
                    + r.findings().get(0).message().en() + ") / 信頼するログ鍵で署名されたチェックポイントではありません");
        }
        return r.checkpoint();
    }

    /**
     * Verifies the log folder {@code dir} against the {@code --trust} files — log and witness keys (signed-note
     * {@code *.vkey}, SPKI PEM or trust files, judged by the trust store's roles) and TSA root certificates
     * ({@code *.pem}) — requiring {@code witnesses} distinct trusted cosigners of a checkpoint (0: none), and
     * prints the report; also what {@code mimamori verify LOGDIR} does.
     *
     * @return the exit code: 0 valid, 1 findings
     */
    public static int verify(Path dir, TrustOption trust, int witnesses, Path sinceFile, boolean json, Locale locale,
                             Output output) throws IOException {
        LogFolder.require(dir, "");
        TrustOption.Trusted t = trust.trusted();
        VerificationReport r = LogVerifier.verify(dir, t.policy(witnesses), t.tsaRoots(), since(sinceFile, t));
        output.print(json ? r.toJson() + "\n" : r.render(locale));
        return r.isValid() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    /**
     * Verifies the tile folder {@code dir} (C2SP tlog-tiles) against signed-note keys; also what
     * {@code mimamori verify TILEDIR} does.
     *
     * @return the exit code: 0 valid, 1 findings
     */
    public static int verifyTiles(Path dir, TrustOption trust, int witnesses, Path sinceFile, boolean json,
                                  Locale locale, Output output) throws IOException {
        if (!Files.isDirectory(dir.resolve("tile")) && !Files.isRegularFile(dir.resolve("checkpoint"))) {
            throw new IllegalArgumentException(dir + ": not a tile folder (no checkpoint, no tile/) / タイルのフォルダではありません");
        }
        TrustOption.Trusted t = trust.trusted();
        VerificationReport r = witnesses == 0 ? TileLog.verify(dir, t.logKeys(), since(sinceFile, t))
                : TileLog.verify(dir, t.policy(witnesses), since(sinceFile, t));
        output.print(json ? r.toJson() + "\n" : r.render(locale));
        return r.isValid() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    /** {@code log verify DIR --trust KEY… [--witness-threshold K] [--since CHECKPOINT] [--json]}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a log folder against trusted keys: *.vkey (type 0x01 the log's, 0x04 a witness's),"
                    + " SPKI PEM public keys and JSON trust files (keys with roles LOG, WITNESS), *.pem certificates"
                    + " (RFC 3161 TSA roots). With --witness-threshold K a checkpoint counts only if K trusted"
                    + " witnesses cosigned it. Reads only: writes nothing, takes no lock. "
                    + "Exit 0 valid, 1 findings, 2 input error. / 証跡ログを検証します")
    static final class Verify implements Callable<Integer> {
        @Mixin
        LogFolder log;
        @Mixin
        TrustOption trust;
        @Mixin
        WitnessOption witnesses;
        @Mixin
        JsonOption json;
        @Mixin
        LangOption lang;
        @Mixin
        Output output;
        @Option(names = "--since", paramLabel = "CHECKPOINT",
                description = "a checkpoint seen before: the log must extend it (a rollback or rewrite is found)")
        Path since;

        @Override
        public Integer call() throws IOException {
            return verify(log.dir(), trust, witnesses.threshold(), since, json.json(), lang.locale(), output);
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
            NoteSigner s = InputFiles.noteSigner(key, origin, NoteVerifier.ED25519);
            List<NoteSigner> cosigners = new ArrayList<>();
            for (Map.Entry<String, Path> e : cosign.entrySet()) {
                cosigners.add(InputFiles.noteSigner(e.getValue(), e.getKey(), NoteVerifier.COSIGNATURE_V1));
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
        @Option(names = "--size", description = "tree size (default: the newest checkpoint's, else the whole log)")
        Long size;

        @Override
        Map<String, Object> proof(LogReader l) throws IOException {
            return ProofJson.inclusion(l, index, size == null ? l.newestCheckpointSize().orElse(l.size()) : size);
        }
    }

    /** {@code log consistency DIR --from SIZE [--to SIZE]}. */
    @Command(name = "consistency", description = "Print the RFC 9162 consistency proof between two tree sizes as JSON.")
    static final class Consistency extends ProofCommand {
        @Option(names = "--from", required = true, description = "older tree size")
        long from;
        @Option(names = "--to", description = "newer tree size (default: the newest checkpoint's, else the whole log)")
        Long to;

        @Override
        Map<String, Object> proof(LogReader l) throws IOException {
            return ProofJson.consistency(l, from, to == null ? l.newestCheckpointSize().orElse(l.size()) : to);
        }
    }

    /**
     * What {@code log prove} and {@code log consistency} share: the help options, the log folder, the output; open
     * the log read-only (no lock, nothing written), print one proof canonically after checking it against the signed
     * root (a proof the stored tree gets wrong is recomputed from the records, never printed).
     */
    @Command(mixinStandardHelpOptions = true)
    abstract static class ProofCommand implements Callable<Integer> {
        @Mixin
        LogFolder log;
        @Mixin
        Output output;

        /** The proof document, from the log opened read-only. */
        abstract Map<String, Object> proof(LogReader l) throws IOException;

        @Override
        public Integer call() throws IOException {
            try (LogReader l = LogReader.open(log.dir())) {
                output.printCanonical(proof(l));
                if (l.cacheDamaged()) {
                    System.err.println("mimamori: WARNING: the stored tree (tree/, a cache) gave a proof that fails"
                            + " against the signed root; the proof printed was computed from the records. Run"
                            + " mimamori log repair " + log.dir() + " / 保存された木が壊れています");
                }
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
            try (LogReader l = LogReader.open(log.dir())) {
                output.print(DisclosureRegister.from(l).render(lang.locale()));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code log repair DIR}. */
    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "As the log's writer, rebuild the stored tree (tree/, a cache) from records.log; never cuts"
                    + " a record a checkpoint covers. / 保存された木を記録から再構築します。")
    static final class Repair implements Callable<Integer> {
        @Mixin
        LogFolder log;
        @Mixin
        Output output;

        @Override
        public Integer call() throws IOException {
            TransparentEvidenceLog.Recovery r = TransparentEvidenceLog.repair(log.dir());
            output.print("rebuilt the stored tree from " + r.replayedRecords() + " records"
                    + (r.cutBytes() > 0 ? "; cut a torn tail of " + r.cutBytes() + " bytes" : "") + "\n");
            return ExitCodes.OK;
        }
    }

    /** {@code log tiles DIR --trust KEY… [--witness-threshold K] [--since CHECKPOINT] [--json]}. */
    @Command(name = "tiles", mixinStandardHelpOptions = true,
            description = "Verify a C2SP tlog-tiles folder from its files alone against trusted *.vkey keys."
                    + " With --witness-threshold K its checkpoint counts only if K trusted witnesses cosigned it."
                    + " Exit 0 valid, 1 findings, 2 input error.")
    static final class Tiles implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TILEDIR", description = "the tile folder (checkpoint, tile/)")
        Path dir;
        @Mixin
        TrustOption trust;
        @Mixin
        WitnessOption witnesses;
        @Mixin
        JsonOption json;
        @Mixin
        LangOption lang;
        @Mixin
        Output output;
        @Option(names = "--since", paramLabel = "CHECKPOINT",
                description = "a checkpoint seen before: the tiles must extend it")
        Path since;

        @Override
        public Integer call() throws IOException {
            return verifyTiles(dir, trust, witnesses.threshold(), since, json.json(), lang.locale(), output);
        }
    }

    /** {@code log publish DIR --tiles TILEDIR}. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publish the log's newest checkpoint and the records it covers as C2SP tlog-tiles into"
                    + " TILEDIR (appending after what it holds). Reads the log only.")
    static final class Publish implements Callable<Integer> {
        @Mixin
        LogFolder log;
        @Mixin
        Output output;
        @Option(names = "--tiles", required = true, paramLabel = "TILEDIR", description = "the tile folder")
        Path tiles;

        @Override
        public Integer call() throws IOException {
            long n = LogTiles.publish(log.dir(), tiles);
            output.print("published " + n + " records and their checkpoint to " + tiles + "\n");
            return ExitCodes.OK;
        }
    }

    /** {@code log witness --state DIR --key PEM --name NAME --trust VKEY… (--log LOGDIR | --tiles DIR | --request FILE)}. */
    @Command(name = "witness", mixinStandardHelpOptions = true,
            description = "Act as a C2SP tlog-witness: cosign the log's newest checkpoint only if it is consistent with"
                    + " the last one this witness cosigned (state kept in --state). Prints the cosignature line;"
                    + " exit 1 when the witness refuses (a fork, a rollback, a bad signature).")
    static final class WitnessCmd implements Callable<Integer> {
        @Option(names = "--state", required = true, paramLabel = "DIR", description = "the witness's state folder")
        Path state;
        @Option(names = "--key", required = true, paramLabel = "PEM", description = "the witness's Ed25519 key")
        Path key;
        @Option(names = "--name", required = true, description = "the witness's key name")
        String name;
        @Mixin
        TrustOption trust;
        @Option(names = "--log", paramLabel = "LOGDIR", description = "a log folder (its newest checkpoint)")
        Path log;
        @Option(names = "--tiles", paramLabel = "TILEDIR", description = "a tile folder (its checkpoint)")
        Path tiles;
        @Option(names = "--request", paramLabel = "FILE", description = "a tlog-witness add-checkpoint request body")
        Path request;
        @Option(names = "--out", paramLabel = "FILE", description = "also write the checkpoint with the cosignature")
        Path out;
        @Mixin
        Output output;

        @Override
        public Integer call() throws IOException {
            if ((log == null ? 0 : 1) + (tiles == null ? 0 : 1) + (request == null ? 0 : 1) != 1) {
                throw new IllegalArgumentException("give exactly one of --log, --tiles, --request / いずれか一つを指定してください");
            }
            NoteSigner k = InputFiles.noteSigner(key, name, NoteVerifier.COSIGNATURE_V1);
            List<NoteVerifier> keys = trust.trusted().logKeys();
            Witness w = Witness.open(state, k, keys);
            byte[] body;
            byte[] checkpoint;
            if (request != null) {
                body = BoundedFiles.read(request, SignedNote.MAX_BYTES + 64 * (Witness.MAX_PROOF + 1));
                String t = new String(body, java.nio.charset.StandardCharsets.UTF_8);
                int blank = t.indexOf("\n\n");
                checkpoint = blank < 0 ? new byte[0]
                        : t.substring(blank + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } else {
                Path dir = log != null ? log : tiles;
                if (log != null) {
                    LogFolder.require(log, "--log: ");
                }
                checkpoint = BoundedFiles.read(dir, dir.resolve(LogCheckpoints.LATEST), SignedNote.MAX_BYTES);
                Checkpoint c;
                try {
                    c = Checkpoint.parseBody(SignedNote.parse(checkpoint).text());
                } catch (NoteFormatException e) {
                    throw new IllegalArgumentException(dir.resolve(LogCheckpoints.LATEST) + ": " + e.getMessage());
                }
                long old = w.latestSize(c.origin());
                if (old > c.size()) {
                    System.err.println("mimamori: witness refused (LOG_TRUNCATED): the checkpoint covers " + c.size()
                            + " records, fewer than the " + old + " this witness cosigned (a rollback) / 巻き戻しです");
                    return ExitCodes.FOUND;
                }
                List<byte[]> proof = List.of();
                if (old > 0 && old < c.size()) {
                    if (log != null) {
                        try (LogReader r = LogReader.open(log)) {
                            proof = r.consistencyProof(old, c.size()).path();
                        }
                    } else {
                        try (TileLog t = TileLog.open(tiles, keys)) {
                            proof = t.consistencyProof(old, c.size()).path();
                        }
                    }
                }
                body = Witness.request(old, proof, checkpoint);
            }
            Witness.Response r = w.addCheckpoint(body, Instant.now());
            if (r.status() == 400) {
                throw new IllegalArgumentException("witness: bad request: " + r.message());
            }
            if (r.status() != 200) {
                System.err.println("mimamori: witness refused (" + r.status() + " " + r.code() + "): " + r.message()
                        + " / 証人は連署を拒否しました");
                return ExitCodes.FOUND;
            }
            output.print(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            if (out != null) {
                byte[] all = java.util.Arrays.copyOf(checkpoint, checkpoint.length + r.body().length);
                System.arraycopy(r.body(), 0, all, checkpoint.length, r.body().length);
                jp.mimamori.core.internal.io.DurableFiles.replace(out, all);
            }
            return ExitCodes.OK;
        }
    }
}
