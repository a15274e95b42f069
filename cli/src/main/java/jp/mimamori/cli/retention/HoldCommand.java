package jp.mimamori.cli.retention;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.recorder.json.RetentionJson;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.hold.HoldDeniedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mimamori hold place|release|list}: evidence locks (invariant 3). */
@Command(name = "hold", mixinStandardHelpOptions = true,
        description = "Place, release and list holds (invariant 3). / 証拠保全の設定・解除・一覧",
        subcommands = {HoldCommand.Place.class, HoldCommand.Release.class, HoldCommand.ListHolds.class})
public final class HoldCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Instant instant(String name, String v) {
        try {
            return Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": not an ISO-8601 instant (2026-04-01T09:00:00Z): " + v);
        }
    }

    /** {@code hold place}. */
    @Command(name = "place", mixinStandardHelpOptions = true, description = "Place a hold. / 保全を設定します。")
    public static final class Place implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--camera", required = true)
        String camera;
        @Option(names = "--from", required = true, description = "start of the held range (ISO-8601)")
        String from;
        @Option(names = "--to", required = true, description = "end of the held range (ISO-8601)")
        String to;
        @Option(names = "--principal", required = true, description = "who places it (must be authorised)")
        String principal;
        @Option(names = "--reason", required = true, description = "why (investigation, disclosure in progress)")
        String reason;
        @Option(names = "--expires", description = "an expiry to record now (ISO-8601); none: until released")
        String expires;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (RetentionWorkspace ws = RetentionWorkspace.open(common.dir, common.clock())) {
                Hold h = ws.service().placeHold(camera, instant("--from", from), instant("--to", to), principal,
                        reason, expires == null ? null : instant("--expires", expires));
                out.println(common.json ? Common.JSON.writeValueAsString(RetentionJson.hold(h)) : "placed " + h.holdId());
                out.flush();
                return ExitCodes.OK;
            } catch (HoldDeniedException e) {
                spec.commandLine().getErr().println("mimamori: " + e.text().in(common.locale()));
                return ExitCodes.USAGE;
            }
        }
    }

    /** {@code hold release}. */
    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release a hold. / 保全を解除します。")
    public static final class Release implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--id", required = true)
        String id;
        @Option(names = "--principal", required = true)
        String principal;
        @Option(names = "--reason", required = true)
        String reason;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (RetentionWorkspace ws = RetentionWorkspace.open(common.dir, common.clock())) {
                ws.service().releaseHold(id, principal, reason);
                spec.commandLine().getOut().println("released " + id);
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            } catch (HoldDeniedException e) {
                spec.commandLine().getErr().println("mimamori: " + e.text().in(common.locale()));
                return ExitCodes.USAGE;
            }
        }
    }

    /** {@code hold list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List holds in force. / 保全の一覧")
    public static final class ListHolds implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (RetentionWorkspace ws = RetentionWorkspace.open(common.dir, common.clock())) {
                List<Map<String, Object>> all = new ArrayList<>();
                ws.service().holds().forEach(h -> all.add(RetentionJson.hold(h)));
                if (common.json) {
                    out.println(Common.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
                } else {
                    for (Hold h : ws.service().holds()) {
                        out.println(h.holdId() + " " + h.cameraId() + " " + h.from() + " – " + h.to() + " by "
                                + h.principal() + ": " + h.reason()
                                + (h.expires() == null ? "" : " (expires " + h.expires() + ")"));
                    }
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}
