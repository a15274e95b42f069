package jp.mimamori.log.postgres.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL cluster for tests: {@code initdb} into a temporary folder, {@code pg_ctl start} on a free
 * loopback port with its unix socket in that folder, stopped and deleted when the test JVM ends. One cluster per
 * test JVM ({@link #shared()}), one database per test class ({@link #newDatabase}).
 *
 * <p>PostgreSQL refuses to run as root; when the tests run as root the cluster's folder is given to the
 * {@code postgres} user (or {@code nobody}) and every PostgreSQL program runs as that user through
 * {@code setpriv}. Where no PostgreSQL is installed ({@code initdb} not under {@code /usr/lib/postgresql/}
 * and not on the PATH, or {@code -Dmimamori.postgres=off}), {@link #shared()} skips the calling test with a
 * message saying so.
 *
 * <p>Thread-safe.
 */
public final class PgCluster {
    private static PgCluster shared;
    private static String unavailable;

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;
    private final List<String> asUser;
    private int databases;

    private PgCluster(Path bin) throws IOException, InterruptedException {
        this.bin = bin;
        this.root = Files.createTempDirectory("mimamori-pg");
        this.data = root.resolve("data");
        this.asUser = runAs();
        if (!asUser.isEmpty()) {
            run(List.of("chown", "-R", asUser.get(1).substring("--reuid=".length()) + ":"
                    + asUser.get(2).substring("--regid=".length()), root.toString()), false);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(pg("initdb", "-D", data.toString(), "-U", "mimamori", "--auth=trust", "-E", "UTF8", "--no-locale",
                "--no-sync"), true);
        start();
    }

    /**
     * The test JVM's cluster, started on first use; skips the calling test (a JUnit assumption) when PostgreSQL
     * is not installed or does not start.
     */
    public static synchronized PgCluster shared() {
        if (shared == null && unavailable == null) {
            Optional<Path> bin = findBin();
            if (bin.isEmpty()) {
                unavailable = "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on the PATH;"
                        + " .ci/run installs the Debian package postgresql): skipping the PostgreSQL log tests";
            } else {
                try {
                    PgCluster c = new PgCluster(bin.get());
                    Runtime.getRuntime().addShutdownHook(new Thread(c::destroy, "pg-cluster-stop"));
                    shared = c;
                } catch (IOException | InterruptedException | RuntimeException e) {
                    unavailable = "PostgreSQL did not start (" + e.getMessage() + "): skipping the PostgreSQL log tests";
                }
            }
            if (unavailable != null) {
                System.err.println(unavailable);
            }
        }
        Assumptions.assumeTrue(shared != null, unavailable);
        return shared;
    }

    /** Whether PostgreSQL's programs can be found on this machine. */
    public static boolean installed() {
        return findBin().isPresent();
    }

    static Optional<Path> findBin() {
        if ("off".equals(System.getProperty("mimamori.postgres"))) {
            return Optional.empty(); // -Dmimamori.postgres=off: behave as on a machine without PostgreSQL
        }
        String env = System.getenv("MIMAMORI_PG_BIN");
        if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
            return Optional.of(Path.of(env));
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> s = Files.list(lib)) {
                Optional<Path> best = s.map(p -> p.resolve("bin"))
                        .filter(p -> Files.isExecutable(p.resolve("initdb")))
                        .max(Comparator.comparingInt(PgCluster::major));
                if (best.isPresent()) {
                    return best;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Optional.of(Path.of(dir));
            }
        }
        return Optional.empty();
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The bin folder of the PostgreSQL programs (pgbench, psql) this cluster uses. */
    public Path bin() {
        return bin;
    }

    /** The cluster's data folder. */
    public Path dataDirectory() {
        return data;
    }

    /** The loopback TCP port. */
    public int port() {
        return port;
    }

    /** The command prefix that runs a PostgreSQL program as the cluster's owner (empty when not root). */
    public List<String> asOwner() {
        return asUser;
    }

    /** Starts the cluster (again, after {@link #stopFast()} or {@link #stopImmediate()}). */
    public synchronized void start() throws IOException, InterruptedException {
        run(pg("pg_ctl", "-D", data.toString(), "-l", root.resolve("server.log").toString(), "-w", "-t", "120",
                "-o", "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c max_connections=120"
                        + " -c shared_buffers=128MB -c max_wal_size=2GB -c fsync=on",
                "start"), true);
    }

    /** {@code pg_ctl stop -m fast}: disconnects every client, aborts open transactions, shuts down cleanly. */
    public synchronized void stopFast() throws IOException, InterruptedException {
        run(pg("pg_ctl", "-D", data.toString(), "-w", "-t", "120", "-m", "fast", "stop"), true);
    }

    /**
     * {@code pg_ctl stop -m immediate}: a crash as far as the database knows (no shutdown checkpoint, WAL not yet
     * written from its buffers is lost); {@link #start()} then runs crash recovery.
     */
    public synchronized void stopImmediate() throws IOException, InterruptedException {
        run(pg("pg_ctl", "-D", data.toString(), "-w", "-t", "120", "-m", "immediate", "stop"), true);
    }

    /** A new, empty database; its name. */
    public synchronized String newDatabase(String prefix) throws SQLException {
        String name = prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + (++databases);
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** A JDBC URL of database {@code db}. */
    public String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=mimamori";
    }

    /** A plain (unpooled) data source for database {@code db}. */
    public DataSource dataSource(String db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(db);
        ds.setUser("mimamori");
        ds.setConnectTimeout(10);
        return ds;
    }

    private List<String> pg(String program, String... args) {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.add(bin.resolve(program).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void destroy() {
        try {
            run(pg("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-m", "immediate", "stop"), false);
        } catch (IOException | InterruptedException e) {
            // best effort at JVM exit
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    /** When running as root, the setpriv prefix that drops to an unprivileged user PostgreSQL accepts. */
    private static List<String> runAs() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        for (String user : List.of("postgres", "nobody")) {
            String uid = output(List.of("id", "-u", user));
            String gid = output(List.of("id", "-g", user));
            if (uid != null && gid != null) {
                return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
            }
        }
        throw new IOException("running as root and neither the postgres nor the nobody user exists");
    }

    private static String output(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 && out.matches("[0-9]+") ? out : null;
    }

    private void run(List<String> cmd, boolean check) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("HOME", root.toString());
        pb.directory(root.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.get(asUser.size()) + " did not finish");
        }
        if (check && p.exitValue() != 0) {
            String log = "";
            Path server = root.resolve("server.log");
            if (Files.exists(server)) {
                log = "; server.log: " + Files.readString(server, StandardCharsets.UTF_8).lines()
                        .reduce((a, b) -> b).orElse("");
            }
            throw new IOException(Path.of(cmd.get(asUser.size())).getFileName() + " exited " + p.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8).trim() + log);
        }
    }
}
