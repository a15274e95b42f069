package jp.mimamori.cli.hostile;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.mimamori.cli.Main;

/**
 * Runs many command lines in one JVM, as a child of {@link HostileInputChildJvmTest}, so that a handful of JVMs
 * with a 256 MiB heap try every command on every hostile input. Reads {@code CASES} (one case a line: name, then
 * the arguments, tab-separated), and for each case writes {@code OUT/name.out}, {@code OUT/name.err} and a line
 * {@code name TAB exit} to {@code OUT/results.tsv}, after a line {@code name TAB started} (so a hang names its
 * case). The library's logger writes to whatever {@code System.err} is at the time, so both streams are switched
 * per case behind one stream each.
 */
public final class HostileRunner {
    private HostileRunner() {}

    /** A stream passing to a target that is switched per case. */
    static final class Switch extends OutputStream {
        volatile OutputStream target = OutputStream.nullOutputStream();

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }

    /** {@code HostileRunner CASES OUT}. */
    public static void main(String[] args) throws IOException {
        List<String> cases = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        Path out = Path.of(args[1]);
        Switch so = new Switch();
        Switch se = new Switch();
        System.setOut(new PrintStream(so, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(se, true, StandardCharsets.UTF_8));
        try (PrintStream results = new PrintStream(new FileOutputStream(out.resolve("results.tsv").toFile(), true),
                true, StandardCharsets.UTF_8)) {
            for (String line : cases) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\t");
                String name = parts[0];
                String[] argv = java.util.Arrays.copyOfRange(parts, 1, parts.length);
                results.println(name + "\tstarted");
                int exit;
                try (OutputStream o = Files.newOutputStream(out.resolve(name + ".out"));
                     OutputStream e = Files.newOutputStream(out.resolve(name + ".err"))) {
                    so.target = o;
                    se.target = e;
                    exit = Main.run(argv);
                    System.out.flush();
                    System.err.flush();
                } finally {
                    so.target = OutputStream.nullOutputStream();
                    se.target = OutputStream.nullOutputStream();
                }
                results.println(name + "\t" + exit);
            }
        }
        System.exit(0);
    }
}
