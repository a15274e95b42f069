package jp.mimamori.integrity.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.text.LocalizedText;

/**
 * The result of any verification: {@code VALID} when no finding is an {@link Severity#ERROR}. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * VerificationReport r = new RecordingVerifier().verify(Path.of("store"), VerifyContext.of(trust));
 * if (!r.isValid()) System.out.print(r.render(Locale.JAPANESE));
 * String json = r.toJson();  // {"format":"mimamori-verify-report","version":1,...}
 * }</pre>
 *
 * @param findings every finding, in the order found
 */
public record VerificationReport(List<Finding> findings) {
    /** The report format name in JSON. */
    public static final String FORMAT = "mimamori-verify-report";
    /** The report format version in JSON. */
    public static final int VERSION = 1;

    /** The verdict of a report. Immutable and thread-safe. */
    public enum Verdict {
        /** No finding is an {@link Severity#ERROR}. */
        VALID,
        /** At least one finding is an {@link Severity#ERROR}. */
        INVALID
    }

    /** Copies the findings. */
    public VerificationReport {
        findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
    }

    /** A report with no findings. */
    public static VerificationReport valid() {
        return new VerificationReport(List.of());
    }

    /**
     * The finding for a failure of a verifier itself on this input (an unexpected exception, which is a bug):
     * {@code INTERNAL}, severity ERROR (the input is not verified), and a message saying it is a verifier failure
     * to report, never a sign of tampering.
     */
    public static Finding verifierFailure(Location where, RuntimeException e) {
        String what = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return Finding.of(VerificationCode.INTERNAL, where, LocalizedText.of(
                "検証器の内部エラーで、この入力を検証しきれませんでした (" + what
                        + ")。改ざんを示すものではありません。検証器の不具合として報告してください",
                "the verifier itself failed on this input (" + what + "); this is a verifier failure to report as"
                        + " a bug, not a sign of tampering, and the input is not verified"));
    }

    /** {@code INVALID} if any finding is an ERROR, else {@code VALID}. */
    public Verdict verdict() {
        for (Finding f : findings) {
            if (f.severity() == Severity.ERROR) {
                return Verdict.INVALID;
            }
        }
        return Verdict.VALID;
    }

    /** Whether the verdict is VALID. */
    public boolean isValid() {
        return verdict() == Verdict.VALID;
    }

    /** Whether some finding has this code. */
    public boolean has(VerificationCode code) {
        return findings.stream().anyMatch(f -> f.code() == code);
    }

    /** This report followed by {@code other}'s findings. */
    public VerificationReport merge(VerificationReport other) {
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(other.findings);
        return new VerificationReport(all);
    }

    /**
     * Text for people: the verdict, then one line per finding ({@code SEVERITY CODE [requirement] where:
     * message}), in Japanese or English.
     */
    public String render(Locale locale) {
        boolean ja = "ja".equals(locale.getLanguage());
        StringBuilder sb = new StringBuilder();
        Verdict v = verdict();
        sb.append(ja ? (v == Verdict.VALID ? "検証結果: 正常 (VALID)" : "検証結果: 異常 (INVALID)")
                     : "verdict: " + v).append('\n');
        for (Finding f : findings) {
            sb.append(f.severity()).append(' ').append(f.code()).append(" [").append(f.requirement())
              .append("] ").append(f.where()).append(": ").append(f.message().in(locale)).append('\n');
        }
        return sb.toString();
    }

    /** The machine-readable form fixed by DESIGN.md, with keys in a stable order. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(128 + findings.size() * 160);
        sb.append("{\"format\":\"").append(FORMAT).append("\",\"version\":").append(VERSION)
          .append(",\"verdict\":\"").append(verdict()).append("\",\"findings\":[");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"code\":\"").append(f.code()).append("\",\"severity\":\"").append(f.severity())
              .append("\",\"where\":{");
            Location w = f.where();
            boolean first = true;
            if (w.entry().isPresent()) {
                sb.append("\"entry\":");
                quote(sb, w.entry().get());
                first = false;
            }
            if (w.segment().isPresent()) {
                sb.append(first ? "" : ",").append("\"segment\":").append(w.segment().getAsLong());
                first = false;
            }
            if (w.index().isPresent()) {
                sb.append(first ? "" : ",").append("\"index\":").append(w.index().getAsLong());
            }
            sb.append("},\"requirement\":");
            quote(sb, f.requirement());
            sb.append(",\"message_en\":");
            quote(sb, f.message().en());
            sb.append(",\"message_ja\":");
            quote(sb, f.message().ja());
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    /** Findings of one code, for tests and tools. */
    public List<Finding> findings(VerificationCode code) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            if (f.code() == code) {
                out.add(f);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static void quote(StringBuilder sb, String s) {
        // The one JSON string escaping (RFC 8785); the report keeps its documented key order, so it is not JCS.
        sb.append(CanonicalJson.quote(s));
    }
}
