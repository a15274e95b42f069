package jp.mimamori.cli.retention;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.InstantConverter;
import jp.mimamori.cli.options.Output;
import jp.mimamori.cli.options.PrincipalOption;
import jp.mimamori.recorder.json.RetentionJson;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.hold.HoldDeniedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mimamori hold place|release|list}: evidence locks (invariant 3). */
@Command(name = "hold", mixinStandardHelpOptions = true,
        description = "Place, release and list holds (invariant 3). / 証拠保全の設定・解除・一覧",
        subcommands = {HoldCommand.Place.class, HoldCommand.Release.class, HoldCommand.ListHolds.class})
public final class HoldCommand implements Runnable {
    @Mixin
    Output output;

    @Override
    public void run() {
        output.usage();
    }

    /** {@code hold place}. */
    @Command(name = "place", mixinStandardHelpOptions = true, description = "Place a hold. / 保全を設定します。")
    public static final class Place extends HoldChange {
        @Option(names = "--camera", required = true)
        String camera;
        @Option(names = "--from", required = true, converter = InstantConverter.class,
                description = "start of the held range (ISO-8601)")
        Instant from;
        @Option(names = "--to", required = true, converter = InstantConverter.class,
                description = "end of the held range (ISO-8601)")
        Instant to;
        @Option(names = "--reason", required = true, description = "why (investigation, disclosure in progress)")
        String reason;
        @Option(names = "--expires", converter = InstantConverter.class,
                description = "an expiry to record now (ISO-8601); none: until released")
        Instant expires;

        @Override
        void apply(RetentionWorkspace ws) throws IOException, HoldDeniedException {
            Hold h = ws.service().placeHold(camera, from, to, principal.principal(), reason,
                    Optional.ofNullable(expires));
            if (common.json.json()) {
                output.printCompact(RetentionJson.hold(h));
            } else {
                output.println("placed " + h.holdId());
            }
        }
    }

    /** {@code hold release}. */
    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release a hold. / 保全を解除します。")
    public static final class Release extends HoldChange {
        @Option(names = "--id", required = true)
        String id;
        @Option(names = "--reason", required = true)
        String reason;

        @Override
        void apply(RetentionWorkspace ws) throws IOException, HoldDeniedException {
            ws.service().releaseHold(id, principal.principal(), reason);
            output.println("released " + id);
        }
    }

    /** What placing and releasing share: a principal changes holds, and a refusal is a usage error. */
    abstract static class HoldChange implements Callable<Integer> {
        @Mixin
        Common common;
        @Mixin
        PrincipalOption principal;
        @Mixin
        Output output;

        /** Makes the change in the open workspace. */
        abstract void apply(RetentionWorkspace ws) throws IOException, HoldDeniedException;

        @Override
        public Integer call() throws IOException {
            try (RetentionWorkspace ws = common.open()) {
                // Hold records that do not count (G7) are reported; the holds they name stay in force.
                ws.logFindings().forEach(f -> output.err().println(RetentionCommand.line(f, common.lang.locale())));
                apply(ws);
                return ExitCodes.OK;
            } catch (HoldDeniedException e) {
                output.err().println("mimamori: " + e.text().in(common.lang.locale()));
                return ExitCodes.USAGE;
            }
        }
    }

    /** {@code hold list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List holds in force. / 保全の一覧")
    public static final class ListHolds implements Callable<Integer> {
        @Mixin
        Common common;
        @Mixin
        Output output;

        @Override
        public Integer call() throws Exception {
            try (RetentionWorkspace ws = common.openReadOnly()) {
                // Read only: erasures left pending are reported (on standard error), never executed here.
                // Hold records the log holds without the retention key's signature are reported too (G7).
                List<jp.mimamori.core.finding.Finding> journal = new ArrayList<>(ws.logFindings());
                journal.addAll(ws.service().journalFindings());
                journal.forEach(f -> output.err().println(RetentionCommand.line(f, common.lang.locale())));
                if (common.json.json()) {
                    List<Map<String, Object>> all = new ArrayList<>();
                    ws.service().holds().forEach(h -> all.add(RetentionJson.hold(h)));
                    output.printPretty(all);
                } else {
                    for (Hold h : ws.service().holds()) {
                        output.println(h.holdId() + " " + h.cameraId() + " " + h.from() + " – " + h.to() + " by "
                                + h.principal() + ": " + h.reason()
                                + h.expires().map(x -> " (expires " + x + ")").orElse(""));
                    }
                }
                return Common.anyError(journal) ? ExitCodes.FOUND : ExitCodes.OK;
            }
        }
    }
}
