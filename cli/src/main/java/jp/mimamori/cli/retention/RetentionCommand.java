package jp.mimamori.cli.retention;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.Output;
import jp.mimamori.cli.options.PrincipalOption;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.recorder.json.RetentionJson;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import jp.mimamori.retention.erase.Erasure;
import jp.mimamori.retention.erase.ErasureDeniedException;
import jp.mimamori.retention.erase.JournalTamperedException;
import jp.mimamori.retention.plan.DueSegment;
import jp.mimamori.retention.plan.RetentionPlan;
import jp.mimamori.retention.plan.StorageForecast;
import jp.mimamori.retention.service.RetentionService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mimamori retention plan|run}. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Retention planning and erasure (K3-2-2, K3-2-3, S1, S2). / 保存期間と消去",
        subcommands = {RetentionCommand.Plan.class, RetentionCommand.Run.class})
public final class RetentionCommand implements Runnable {
    @Mixin
    Output output;

    @Override
    public void run() {
        output.usage();
    }

    /** {@code mimamori retention plan}: what must be erased now, what next and when, and findings. */
    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Show what must be erased now and next, storage forecast, orphans and erasures left "
                    + "pending (never executed here). Exit 1 on an ERROR finding. / 消去計画を表示します。")
    public static final class Plan extends ServiceCommand {
        @Option(names = "--budget", description = "storage budget in bytes, for the S2 forecast")
        Long budget;

        @Override
        boolean readOnly() {
            return true;
        }

        @Override
        int call(RetentionService svc, PrintWriter out) throws Exception {
            RetentionPlan plan = svc.plan();
            List<Finding> findings = new ArrayList<>(svc.policyFindings());
            findings.addAll(svc.journalFindings());
            findings.addAll(logFindings);
            Optional<StorageForecast> forecast = Optional.ofNullable(budget).map(svc::forecast);
            forecast.ifPresent(f -> findings.addAll(f.findings()));
            findings.addAll(svc.orphans());
            if (common.json.json()) {
                output.printPretty(RetentionJson.plan(plan, forecast, findings));
            } else {
                boolean ja = common.lang.japanese();
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
                forecast.ifPresent(f -> out.println((ja ? "容量予測: 使用 " : "storage: using ") + f.usageBytes()
                        + " / " + f.budgetBytes() + (ja ? " バイト、超過 " : " bytes, exceeds at ")
                        + f.exceedsAt().map(Object::toString).orElse(ja ? "なし" : "never")));
                findings.forEach(f -> out.println(line(f, common.lang.locale())));
                out.flush();
            }
            return Common.anyError(findings) ? ExitCodes.FOUND : ExitCodes.OK;
        }
    }

    /** {@code mimamori retention run}: erase what is due (and what the budget forces), printing receipts. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Erase every due, unheld segment write-ahead and print the receipts; only a principal the "
                    + "rules allow to erase (exit 1 on DENY, nothing erased). / 消去を実行します。")
    public static final class Run extends ServiceCommand {
        @Mixin
        PrincipalOption principal;

        @Option(names = "--budget", description = "storage budget in bytes: also erase what it forces out (S2)")
        Long budget;

        @Override
        int call(RetentionService svc, PrintWriter out) throws Exception {
            List<Erasure> receipts = new ArrayList<>(svc.resumedOnOpen());
            // Hold records that do not count (G7) are reported; the holds they name stay in force.
            List<Finding> findings = new ArrayList<>(logFindings);
            try {
                receipts.addAll(svc.runScheduled(principal.principal()));
                if (budget != null) {
                    RetentionService.Forced f = svc.enforceBudget(budget, principal.principal());
                    receipts.addAll(f.receipts());
                    findings.addAll(f.findings());
                }
            } catch (ErasureDeniedException e) {
                // DENY (K3-2-2, K3-1-1): a decision said no, so exit 1; nothing was erased.
                receipts.forEach(r -> out.println(r.render(common.lang.locale())));
                out.flush();
                output.err().println("mimamori: " + e.text().in(common.lang.locale()));
                return ExitCodes.FOUND;
            }
            if (common.json.json()) {
                output.printPretty(RetentionJson.run(receipts, findings));
            } else {
                receipts.forEach(r -> out.println(r.render(common.lang.locale())));
                findings.forEach(x -> out.println(line(x, common.lang.locale())));
                out.println((common.lang.japanese() ? "消去件数: " : "erased: ") + receipts.stream()
                        .filter(Erasure::erased).count());
                out.flush();
            }
            boolean failed = receipts.stream().anyMatch(r -> !r.erased());
            return failed || Common.anyError(findings) ? ExitCodes.FOUND : ExitCodes.OK;
        }
    }

    /** What {@code plan} and {@code run} share: the retention service of the folder opened at {@code --now}. */
    abstract static class ServiceCommand implements Callable<Integer> {
        @Mixin
        Common common;

        @Mixin
        Output output;

        /** What opening the folder found in its evidence log (hold records that do not count, G7). */
        List<Finding> logFindings = List.of();

        /** Does the work with the open folder's service, printing to {@code out}; returns the exit code. */
        abstract int call(RetentionService svc, PrintWriter out) throws Exception;

        /** Whether the command only reads: then nothing pending is executed and the state folder is not written. */
        boolean readOnly() {
            return false;
        }

        @Override
        public Integer call() throws Exception {
            try (RetentionWorkspace ws = readOnly() ? common.openReadOnly() : common.open()) {
                logFindings = ws.logFindings();
                return call(ws.service(), output.out());
            } catch (JournalTamperedException e) {
                // Detected tampering (K3-2-3, invariant 6): nothing in the journal was executed.
                output.err().println("mimamori: ERROR K3-2-3 JOURNAL_TAMPERED " + e.getMessage());
                return ExitCodes.FOUND;
            }
        }
    }

    /** One retention finding as the retention commands print it: {@code SEVERITY REQ CODE where: message}. */
    public static String line(Finding f, Locale locale) {
        return f.severity() + " " + f.requirement() + " " + f.code() + " " + f.where() + ": "
                + f.message().in(locale);
    }
}
