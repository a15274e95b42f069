package jp.mimamori.cli.retention;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.recorder.json.RetentionJson;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import jp.mimamori.retention.erase.Erasure;
import jp.mimamori.retention.plan.DueSegment;
import jp.mimamori.retention.plan.RetentionPlan;
import jp.mimamori.retention.plan.StorageForecast;
import jp.mimamori.retention.service.RetentionService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mimamori retention plan|run}. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Retention planning and erasure (K3-2-2, K3-2-3, S1, S2). / 保存期間と消去",
        subcommands = {RetentionCommand.Plan.class, RetentionCommand.Run.class})
public final class RetentionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code mimamori retention plan}: what must be erased now, what next and when, and findings. */
    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Show what must be erased now and next, storage forecast and orphans. Exit 1 on an "
                    + "ERROR finding. / 消去計画を表示します。")
    public static final class Plan implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--budget", description = "storage budget in bytes, for the S2 forecast")
        Long budget;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (RetentionWorkspace ws = RetentionWorkspace.open(common.dir, common.clock())) {
                RetentionService svc = ws.service();
                RetentionPlan plan = svc.plan();
                List<Finding> findings = new ArrayList<>(svc.policyFindings());
                StorageForecast forecast = budget == null ? null : svc.forecast(budget);
                if (forecast != null) {
                    findings.addAll(forecast.findings());
                }
                findings.addAll(svc.orphans());
                if (common.json) {
                    Map<String, Object> m = RetentionJson.plan(plan, Optional.ofNullable(forecast), findings);
                    out.println(Common.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
                } else {
                    boolean ja = "ja".equals(common.locale().getLanguage());
                    out.println((ja ? "消去対象: " : "due now: ") + plan.size() + (ja ? " 件 (" : " segments (")
                            + plan.bytes() + (ja ? " バイト), 保全により保留: " : " bytes), held past period: ")
                            + plan.heldOverdue());
                    for (DueSegment d : plan.segments()) {
                        out.println("  " + d.cameraId() + "/" + d.sequence() + " end=" + d.end() + " due="
                                + d.dueAt());
                    }
                    out.println((ja ? "次の期限: " : "next due: ")
                            + plan.nextDueAt().map(Object::toString).orElse("-"));
                    plan.nextDueByCamera().forEach((k, v) -> out.println("  " + k + " " + v));
                    if (forecast != null) {
                        out.println((ja ? "容量予測: 使用 " : "storage: using ") + forecast.usageBytes() + " / "
                                + forecast.budgetBytes() + (ja ? " バイト、超過 " : " bytes, exceeds at ")
                                + forecast.exceedsAt().map(Object::toString).orElse(ja ? "なし" : "never"));
                    }
                    findings.forEach(f -> out.println(line(f, common.locale())));
                }
                out.flush();
                return Common.anyError(findings) ? ExitCodes.FOUND : ExitCodes.OK;
            }
        }
    }

    /** {@code mimamori retention run}: erase what is due (and what the budget forces), printing receipts. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Erase every due, unheld segment write-ahead and print the receipts. / 消去を実行します。")
    public static final class Run implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--principal", required = true, description = "who runs the erasure")
        String principal;

        @Option(names = "--budget", description = "storage budget in bytes: also erase what it forces out (S2)")
        Long budget;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (RetentionWorkspace ws = RetentionWorkspace.open(common.dir, common.clock())) {
                RetentionService svc = ws.service();
                List<Erasure> receipts = new ArrayList<>(svc.resumedOnOpen());
                receipts.addAll(svc.runScheduled(principal));
                List<Finding> findings = new ArrayList<>();
                if (budget != null) {
                    RetentionService.Forced f = svc.enforceBudget(budget, principal);
                    receipts.addAll(f.receipts());
                    findings.addAll(f.findings());
                }
                if (common.json) {
                    out.println(Common.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                            Map.of("receipts", RetentionJson.receipts(receipts), "findings",
                                    RetentionJson.findings(findings))));
                } else {
                    receipts.forEach(r -> out.println(r.render(common.locale())));
                    findings.forEach(x -> out.println(line(x, common.locale())));
                    out.println(("ja".equals(common.lang) ? "消去件数: " : "erased: ") + receipts.stream()
                            .filter(Erasure::erased).count());
                }
                out.flush();
                boolean failed = receipts.stream().anyMatch(r -> !r.erased());
                return failed || Common.anyError(findings) ? ExitCodes.FOUND : ExitCodes.OK;
            }
        }
    }

    /** One retention finding as the retention commands print it: {@code SEVERITY REQ CODE where: message}. */
    public static String line(Finding f, Locale locale) {
        return f.severity() + " " + f.requirement() + " " + f.code() + " " + f.where() + ": "
                + f.message().in(locale);
    }
}
