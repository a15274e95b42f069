package jp.mimamori.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.LangOption;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mimamori demo --out DIR}: the whole scenario with embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the demo scenario and leave a workspace in --out. / デモを実行します。")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", description = "workspace folder (default: ${DEFAULT-VALUE})",
            defaultValue = "mimamori-demo")
    Path out;

    @Mixin
    LangOption lang;

    /** The sections, in order. Each area adds its own. */
    static List<DemoSection> sections() {
        return List.of(
                new CoreDemoSection(),
                new IntegrityDemoSection(),
                new RetentionDemoSection(),
                new ErasureOfSealedFootageDemoSection(),
                new LogDemoSection());
    }

    /** Marks a folder as a demo workspace, so a later run may replace it. */
    static final String MARKER = ".mimamori-demo";

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(out) && !isEmpty(out)) {
            if (!Files.exists(out.resolve(MARKER))) {
                System.err.println("mimamori: " + out + ": exists and is not a demo workspace; choose another --out"
                        + " / デモ用ではない既存のフォルダです");
                return ExitCodes.USAGE;
            }
            deleteTree(out); // a previous demo run: start afresh so the scenario is the same every time
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve(MARKER), "workspace written by mimamori demo; a new run replaces it\n");
        for (String d : List.of("keys", "rules", "store", "log", "exports")) {
            Files.createDirectories(out.resolve(d));
        }
        // A fixed start keeps the demo's output the same on every run.
        Clock clock = Clock.fixed(Instant.parse("2026-04-01T09:00:00Z"), ZoneOffset.UTC);
        // Every decision of every section lands in the file-backed, tamper-evident log in log/.
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(out.resolve("log"))) {
            DemoContext ctx = new DemoContext(out, System.out, lang.locale(), clock, log);
            for (DemoSection s : sections()) {
                ctx.print().println("== " + s.title());
                s.run(ctx);
            }
        }
        System.out.println("workspace: " + out.toAbsolutePath().normalize());
        return ExitCodes.OK;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
