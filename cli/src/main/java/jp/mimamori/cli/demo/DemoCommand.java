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

    /** A section under the heading printed before it runs. */
    record Titled(String title, DemoSection section) {}

    /** The sections, in order, each with its heading. Each area adds its own. */
    static List<Titled> sections() {
        return List.of(
                new Titled("Operating rules and access decisions (core) / 設置運用規約と閲覧・提供の判断",
                        new CoreDemoSection()),
                new Titled("Sealing and verifying recordings (K3-2-4) / 録画の封印と検証",
                        new IntegrityDemoSection()),
                new Titled("Retention, holds and erasure / 保存期間・証拠保全・消去 (K3-2-2, K3-2-3, K4-3-2, S1, S2)",
                        new RetentionDemoSection()),
                new Titled("Erasing sealed footage and disclosing a clip (K3-2-3, K3-4) / 封印済み映像の消去と提供",
                        new ErasureOfSealedFootageDemoSection()),
                new Titled("Evidence log: checkpoint, timestamp, verification / 証跡ログ: チェックポイント・タイムスタンプ・検証",
                        new LogDemoSection()),
                new Titled("Handing footage to the police: decide, log, bundle, verify / 警察への画像提供: 判断・記録・バンドル・検証",
                        new DisclosureDemoSection()));
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
            for (Titled s : sections()) {
                ctx.print().println("== " + s.title());
                s.section().run(ctx);
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
