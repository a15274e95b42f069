package jp.mimamori.cli.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.Main;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.JsonOption;
import jp.mimamori.cli.options.LangOption;
import jp.mimamori.cli.options.Output;
import jp.mimamori.cli.options.TrustOption;
import jp.mimamori.cli.options.WitnessOption;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonFormatException;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.log.ConsistencyProof;
import jp.mimamori.integrity.log.InclusionProof;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.tiles.TileLog;
import jp.mimamori.log.postgres.LogIntegrator;
import jp.mimamori.log.postgres.PostgresLogVerifier;
import jp.mimamori.log.postgres.SqlAuditIndex;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mimamori log … --db JDBC_URL}: the same log commands for a city's evidence log on PostgreSQL (module
 * {@code log-postgres}), reading from its published tiles; and {@code mimamori log integrate}, which runs the
 * integrator. {@link Main} sends a {@code log} command line that carries {@code --db} here.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "The evidence log on PostgreSQL (--db JDBC_URL). / PostgreSQL 上の証跡ログ",
        subcommands = {DbLogCommand.Verify.class, DbLogCommand.CheckpointCmd.class, DbLogCommand.Prove.class,
            DbLogCommand.Consistency.class, DbLogCommand.Register.class, DbLogCommand.Integrate.class})
public final class DbLogCommand implements Runnable {
    @Mixin
    Output output;

    @Override
    public void run() {
        output.usage();
    }

    /** Whether {@code args} is a {@code log} command line for a PostgreSQL log ({@code --db} given). */
    public static boolean wants(String... args) {
        List<String> a = Arrays.asList(args);
        int log = a.indexOf("log");
        return log >= 0 && a.subList(0, log).stream().allMatch(s -> s.startsWith("-"))
                && (a.stream().anyMatch(s -> s.equals("--db") || s.startsWith("--db="))
                    || a.size() > log + 1 && a.get(log + 1).equals("integrate"));
    }

    /** The root command for such a command line: {@code mimamori} with this {@code log} alone. */
    @Command(name = "mimamori", mixinStandardHelpOptions = true, subcommands = DbLogCommand.class)
    public static final class Root implements Runnable {
        @Option(names = "--verbose", description = "on an error, also print the stack trace")
        boolean verbose;

        @Override
        public void run() {
            new picocli.CommandLine(this).usage(System.out);
        }
    }

    /** {@code --db URL [--tiles DIR]}: the database and where its tiles are published. */
    static final class Db {
        @Option(names = "--db", required = true, paramLabel = "JDBC_URL",
                description = "the log's PostgreSQL database, e.g. jdbc:postgresql://db.city.example/mimamori?user=log")
        String url;
        @Option(names = "--tiles", paramLabel = "DIR",
                description = "the published tile folder (default: where the integrator publishes, from the database)")
        Path tiles;

        DataSource dataSource() {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("--db: " + url + ": not a PostgreSQL JDBC URL (jdbc:postgresql://…)"
                        + " / PostgreSQL の JDBC URL ではありません");
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            try {
                ds.setURL(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--db: " + e.getMessage());
            }
            return ds;
        }

        Path tiles(DataSource ds) throws IOException {
            if (tiles != null) {
                return tiles;
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT tiles FROM mimamori_log_integrated WHERE id = 1")) {
                if (r.next() && r.getString(1) != null) {
                    return Path.of(r.getString(1));
                }
            } catch (SQLException e) {
                throw new IOException("--db: " + e.getMessage(), e);
            }
            throw new IllegalArgumentException("--tiles: the database names no tile folder yet (no integrator has run);"
                    + " give --tiles DIR / タイルのフォルダを指定してください");
        }
    }

    /** The log's signed-note keys among the {@code --trust} files, read as every log command reads them. */
    private static List<NoteVerifier> keys(TrustOption trust) throws IOException {
        return trust.trusted().logKeys();
    }

    /** {@code log verify --db URL [--tiles DIR] --trust VKEY… [--witness-threshold K] [--since CHECKPOINT] [--json]}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify the PostgreSQL log from its tiles, and the database's records against them."
                    + " With --witness-threshold K the checkpoint counts only if K trusted witnesses cosigned it."
                    + " Exit 0 valid, 1 findings, 2 input error.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        Db db;
        @Mixin
        TrustOption trust;
        @Mixin
        WitnessOption witnesses;
        @Option(names = "--since", paramLabel = "CHECKPOINT",
                description = "a checkpoint seen before: the log must extend it")
        Path since;
        @Mixin
        JsonOption json;
        @Mixin
        LangOption lang;
        @Mixin
        Output output;

        @Override
        public Integer call() throws IOException {
            DataSource ds = db.dataSource();
            Optional<byte[]> earlier = since == null ? Optional.empty()
                    : Optional.of(BoundedFiles.read(since, SignedNote.MAX_BYTES));
            int k = witnesses.threshold();
            VerificationReport r = k == 0 ? PostgresLogVerifier.verify(db.tiles(ds), keys(trust), Optional.of(ds),
                    earlier) : PostgresLogVerifier.verify(db.tiles(ds), keys(trust), trust.trusted().policy(k),
                    Optional.of(ds), earlier);
            output.print(json.json() ? r.toJson() + "\n" : r.render(lang.locale()));
            return r.isValid() ? ExitCodes.OK : ExitCodes.FOUND;
        }
    }

    /** {@code log checkpoint --db URL [--tiles DIR] --trust VKEY…}: prints the newest checkpoint, checked. */
    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = "Print the newest checkpoint the integrator signed, after checking its signature.")
    static final class CheckpointCmd implements Callable<Integer> {
        @Mixin
        Db db;
        @Mixin
        TrustOption trust;
        @Mixin
        Output output;

        @Override
        public Integer call() throws IOException {
            DataSource ds = db.dataSource();
            Path tiles = db.tiles(ds);
            TileLog.open(tiles, keys(trust)).close(); // signed by a trusted key
            output.print(new String(BoundedFiles.read(tiles.resolve("checkpoint"), SignedNote.MAX_BYTES),
                    StandardCharsets.UTF_8));
            return ExitCodes.OK;
        }
    }

    /** {@code log prove --db URL --index N --trust VKEY…}. */
    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = "Print the RFC 9162 inclusion proof of one record, from the tiles, as JSON.")
    static final class Prove implements Callable<Integer> {
        @Mixin
        Db db;
        @Mixin
        TrustOption trust;
        @Option(names = "--index", required = true, description = "record index")
        long index;
        @Mixin
        Output output;

        @Override
        public Integer call() throws IOException {
            DataSource ds = db.dataSource();
            try (TileLog log = TileLog.open(db.tiles(ds), keys(trust))) {
                if (index < 0 || index >= log.size()) {
                    throw new IllegalArgumentException("--index: " + index + " is not in [0, " + log.size()
                            + ") (the signed checkpoint's size)");
                }
                InclusionProof p = log.inclusionProof(index, log.size());
                Map<String, Object> m = document("mimamori-inclusion-proof");
                m.put("index", index);
                m.put("tree_size", log.size());
                m.put("leaf_hash", HexFormat.of().formatHex(log.leafHash(index)));
                m.put("root_hash", log.treeHead(log.size()).rootHex());
                m.put("path", hex(p.path()));
                try {
                    m.put("record", CanonicalJson.parse(log.entry(index)));
                } catch (JsonFormatException e) {
                    throw new IOException(e.getMessage(), e);
                }
                output.printCanonical(m);
                return ExitCodes.OK;
            }
        }
    }

    /** {@code log consistency --db URL --from M --trust VKEY…}. */
    @Command(name = "consistency", mixinStandardHelpOptions = true,
            description = "Print the RFC 9162 consistency proof from tree size M to the signed checkpoint, as JSON.")
    static final class Consistency implements Callable<Integer> {
        @Mixin
        Db db;
        @Mixin
        TrustOption trust;
        @Option(names = "--from", required = true, description = "older tree size")
        long from;
        @Mixin
        Output output;

        @Override
        public Integer call() throws IOException {
            DataSource ds = db.dataSource();
            try (TileLog log = TileLog.open(db.tiles(ds), keys(trust))) {
                if (from < 0 || from > log.size()) {
                    throw new IllegalArgumentException("--from: " + from + " is not in [0, " + log.size() + "]");
                }
                ConsistencyProof p = log.consistencyProof(from, log.size());
                Map<String, Object> m = document("mimamori-consistency-proof");
                m.put("from_size", from);
                m.put("to_size", log.size());
                m.put("from_root", log.treeHead(from).rootHex());
                m.put("to_root", log.treeHead(log.size()).rootHex());
                m.put("path", hex(p.path()));
                output.printCanonical(m);
                return ExitCodes.OK;
            }
        }
    }

    /** {@code log register --db URL --trust VKEY… [--lang ja|en]}. */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Print the K3-4 disclosure register from the SQL index, each entry checked against the tiles."
                    + " / 画像提供記録簿を表示します。")
    static final class Register implements Callable<Integer> {
        @Mixin
        Db db;
        @Mixin
        TrustOption trust;
        @Mixin
        LangOption lang;
        @Mixin
        Output output;

        @Override
        public Integer call() throws IOException {
            DataSource ds = db.dataSource();
            try (TileLog log = TileLog.open(db.tiles(ds), keys(trust))) {
                output.print(new SqlAuditIndex(ds, log).register().render(lang.locale()));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code log integrate --db URL --tiles DIR --key PEM [--origin NAME] [--once]}. */
    @Command(name = "integrate", mixinStandardHelpOptions = true,
            description = "Run the integrator: wait to be elected, then extend the tree, publish tiles and sign a"
                    + " checkpoint per round until stopped (--once: integrate what is sequenced, then exit).")
    static final class Integrate implements Callable<Integer> {
        @Mixin
        Db db;
        @Option(names = "--key", required = true, description = "the log's Ed25519 private key, PKCS#8 PEM")
        Path key;
        @Option(names = "--once", description = "integrate everything sequenced so far, then exit")
        boolean once;
        @Option(names = "--origin", paramLabel = "NAME",
                description = "the log's origin (checkpoint name); creates the log's tables when the database has none")
        String originOption;

        /** The origin: the database's, or --origin for a new log (a different one is refused when opening). */
        private String origin(DataSource ds) throws IOException {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT to_regclass('mimamori_log_meta') IS NOT NULL")) {
                r.next();
                if (r.getBoolean(1)) {
                    try (ResultSet o = s.executeQuery("SELECT origin FROM mimamori_log_meta WHERE id = 1")) {
                        if (o.next()) {
                            return o.getString(1);
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IOException("--db: " + e.getMessage(), e);
            }
            if (originOption == null) {
                throw new IllegalArgumentException("--origin: the database holds no Mimamori log yet; give the new"
                        + " log's origin, e.g. --origin city.example/evidence-log / ログ名を指定してください");
            }
            return originOption;
        }
        @Mixin
        Output output;

        @Override
        public Integer call() throws IOException {
            if (db.tiles == null) {
                throw new IllegalArgumentException("--tiles: required for integrate / --tiles を指定してください");
            }
            DataSource ds = db.dataSource();
            String origin = origin(ds);
            NoteSigner signer = InputFiles.noteSigner(key, origin, NoteVerifier.ED25519);
            AtomicBoolean stop = new AtomicBoolean();
            Thread hook = new Thread(() -> stop.set(true), "integrator-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (LogIntegrator in = LogIntegrator.open(ds, db.tiles, signer, new LogIntegrator.Options(16_384,
                    Duration.ofMillis(50)))) {
                if (once) {
                    while (!in.tryLead()) {
                        sleep();
                    }
                    while (in.integrateOnce() > 0) {
                        // until nothing is left
                    }
                    output.println("integrated " + in.treeHead().size() + " records; checkpoint in "
                            + db.tiles.resolve("checkpoint"));
                } else {
                    in.run(() -> !stop.get());
                }
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting
                }
            }
            return ExitCodes.OK;
        }

        private static void sleep() throws IOException {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        }
    }

    private static Map<String, Object> document(String format) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("version", 1);
        return m;
    }

    private static List<String> hex(List<byte[]> path) {
        return path.stream().map(h -> HexFormat.of().formatHex(h)).toList();
    }
}
