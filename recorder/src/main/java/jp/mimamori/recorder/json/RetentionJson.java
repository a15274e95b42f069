package jp.mimamori.recorder.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.retention.erase.Erasure;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.plan.DueSegment;
import jp.mimamori.retention.plan.RetentionPlan;
import jp.mimamori.retention.plan.StorageForecast;

/**
 * The JSON forms of retention's results: a plan ({@code mimamori-retention-plan} version 1), what a run erased,
 * a finding, an erasure receipt (the body of its {@code erasure.receipt} evidence record) and a hold. Fields keep
 * the order written here. Times are ISO-8601 instants; an absent value is JSON {@code null}. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * Map<String, Object> plan = RetentionJson.plan(service.plan(), Optional.empty(), service.policyFindings());
 * }</pre>
 */
public final class RetentionJson {
    private RetentionJson() {}

    /**
     * A retention plan with the storage forecast, if one was made, and the findings to report beside it.
     */
    public static Map<String, Object> plan(RetentionPlan plan, Optional<StorageForecast> forecast,
                                           List<Finding> findings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "mimamori-retention-plan");
        m.put("version", 1);
        m.put("at", plan.at().toString());
        List<Map<String, Object>> due = new ArrayList<>();
        for (DueSegment d : plan.segments()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("camera", d.cameraId());
            x.put("sequence", d.sequence());
            x.put("end", d.end().toString());
            x.put("due_at", d.dueAt().toString());
            x.put("size", d.sizeBytes());
            due.add(x);
        }
        m.put("due", due);
        m.put("held_overdue", plan.heldOverdue());
        m.put("next_due_at", plan.nextDueAt().map(Object::toString).orElse(null));
        Map<String, Object> next = new LinkedHashMap<>();
        plan.nextDueByCamera().forEach((k, v) -> next.put(k, v.toString()));
        m.put("next_due_by_camera", next);
        forecast.ifPresent(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("budget", f.budgetBytes());
            x.put("usage", f.usageBytes());
            x.put("steady_state", f.steadyStateBytes());
            x.put("exceeds_at", f.exceedsAt().map(Object::toString).orElse("never"));
            x.put("retained_age_hours", f.retainedAge().toHours());
            m.put("forecast", x);
        });
        m.put("findings", findings(findings));
        return m;
    }

    /** What {@code retention run} did: {@code {"receipts":[…],"findings":[…]}}. */
    public static Map<String, Object> run(List<Erasure> receipts, List<Finding> findings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receipts", receipts(receipts));
        m.put("findings", findings(findings));
        return m;
    }

    /** Findings in order. */
    public static List<Map<String, Object>> findings(List<Finding> findings) {
        List<Map<String, Object>> out = new ArrayList<>();
        findings.forEach(f -> out.add(finding(f)));
        return out;
    }

    /** One finding: code, severity, requirement, where, and the message in both languages. */
    public static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", f.code().name());
        m.put("severity", f.severity().name());
        m.put("requirement", f.requirement());
        m.put("where", f.where().toString());
        m.put("message_en", f.message().en());
        m.put("message_ja", f.message().ja());
        return m;
    }

    /** Receipts in order. */
    public static List<Map<String, Object>> receipts(List<Erasure> receipts) {
        List<Map<String, Object>> out = new ArrayList<>();
        receipts.forEach(r -> out.add(receipt(r)));
        return out;
    }

    /** One erasure receipt: the body of its {@code erasure.receipt} evidence record. */
    public static Map<String, Object> receipt(Erasure r) {
        return new LinkedHashMap<>(r.toRecord().body());
    }

    /** One hold; {@code expires} is {@code null} for a hold that lasts until released. */
    public static Map<String, Object> hold(Hold h) {
        Map<String, Object> m = h.fields();
        m.putIfAbsent("expires", null);
        return m;
    }
}
