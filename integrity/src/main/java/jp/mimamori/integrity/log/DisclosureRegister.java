package jp.mimamori.integrity.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.integrity.log.internal.RecordCodec;

/**
 * The K3-4 disclosure register (画像の提供の記録): every provision of images to a third party, read from the
 * log's {@code disclosure} records, with the fields the guideline requires — date and time, recipient and how
 * their identity was verified, reason (and legal basis), and the content provided — printable in Japanese or
 * English.
 *
 * <pre>{@code
 * System.out.print(DisclosureRegister.from(log).render(Locale.JAPANESE));
 * }</pre>
 *
 * <p>Refused requests are listed too ({@code decision.disclosure} records with {@code DENY}), with their reasons:
 * a refusal is as much part of the account as a provision. Each provision is followed by the recipient's
 * acknowledgements of it ({@code disclosure.received} records: the chain of custody closed on the recipient's side),
 * each said to acknowledge the bundle the {@code export} record names, or not.
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries          the register's entries (provisions) in log order
 * @param refusals         the disclosure requests refused, in log order
 * @param acknowledgements the recipients' acknowledgements, in log order
 */
public record DisclosureRegister(List<Entry> entries, List<Refusal> refusals, List<Acknowledgement> acknowledgements) {
    /**
     * A disclosure request refused.
     *
     * <p>Immutable and thread-safe.
     *
     * @param logIndex     the decision record's index in the log
     * @param requestId    the request's id
     * @param requestedAt  when it was decided
     * @param requester    who asked
     * @param purpose      for what purpose, as written
     * @param reason       the reason given, in English
     * @param reasonJa     the reason given, in Japanese
     * @param requirements the requirement IDs the refusal cites
     */
    public record Refusal(long logIndex, String requestId, String requestedAt, String requester, String purpose,
                          String reason, String reasonJa, String requirements) {}

    /** A register of provisions only. */
    public DisclosureRegister(List<Entry> entries) {
        this(entries, List.of(), List.of());
    }

    /** A register of provisions and refusals, without acknowledgements. */
    public DisclosureRegister(List<Entry> entries, List<Refusal> refusals) {
        this(entries, refusals, List.of());
    }

    /**
     * A recipient's acknowledgement of a bundle ({@code disclosure.received}, appended by the city after checking
     * the recipient's signature).
     *
     * <p>Immutable and thread-safe.
     *
     * @param logIndex       the record's index in the log
     * @param disclosureId   the disclosure acknowledged
     * @param bundleHash     the bundle hash the recipient signed
     * @param recipient      who acknowledged
     * @param receivedAt     when the recipient verified the bundle
     * @param verdict        what their verification said ({@code VALID} or {@code INVALID})
     * @param exportedBundle the bundle hash of the latest {@code export} record of that disclosure before it, or
     *                       {@code "-"} if the log has none
     */
    public record Acknowledgement(long logIndex, String disclosureId, String bundleHash, String recipient,
                                  String receivedAt, String verdict, String exportedBundle) {
        /** Whether it acknowledges the bundle the export record names. */
        public boolean matchesExport() {
            return bundleHash.equals(exportedBundle);
        }
    }

    /**
     * One provision.
     *
     * <p>Immutable and thread-safe.
     *
     * @param logIndex     the record's index in the log (its inclusion proof proves the entry)
     * @param disclosureId the disclosure id
     * @param providedAt   date and time of provision
     * @param recipient    who received the images
     * @param verification how the recipient's identity was verified
     * @param reason       the reason
     * @param basis        the legal basis (law or regulation, or the written request of an investigative agency)
     * @param content      what was provided (cameras, time ranges, manifest hashes), as canonical JSON
     */
    public record Entry(long logIndex, String disclosureId, String providedAt, String recipient, String verification,
                        String reason, String basis, String content) {}

    /** Copies. */
    public DisclosureRegister {
        entries = List.copyOf(entries);
        refusals = List.copyOf(refusals);
        acknowledgements = List.copyOf(acknowledgements);
    }

    /**
     * Reads the register from the log (the writer, or a {@link LogReader} that writes nothing) in one sequential
     * pass, keeping only the disclosure records, each read again by its index (memory grows with the register, not
     * with the log).
     *
     * @throws IOException naming the record if one is damaged or not a canonical record
     */
    public static DisclosureRegister from(LogView log) throws IOException {
        List<Entry> out = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        List<Acknowledgement> acks = new ArrayList<>();
        Map<String, String> exported = new HashMap<>();
        log.forEach(0, log.size(), (i, bytes) -> {
            EvidenceRecord r;
            try {
                r = RecordCodec.decode(bytes);
            } catch (IllegalArgumentException e) {
                throw new IOException(TransparentEvidenceLog.RECORDS + ": record " + i + " is not a canonical record ("
                        + e.getMessage() + "; LOG_RECORD_MODIFIED, see log verify)");
            }
            if (r.type().equals(EvidenceTypes.DISCLOSURE_DECISION) && "DENY".equals(r.body().get("decision"))) {
                r = log.record(i); // checked against its stored leaf hash
                refused.add(new Refusal(i, text(r, "request_id"), text(r, "requested_at"), text(r, "requester"),
                        text(r, "purpose"), text(r, "reason_en"), text(r, "reason_ja"), text(r, "requirements")));
                return;
            }
            if (r.type().equals(EvidenceTypes.EXPORT)) {
                exported.put(text(r, "disclosure_id"), text(r, "bundle_hash"));
                return;
            }
            if (r.type().equals(EvidenceTypes.DISCLOSURE_RECEIVED)) {
                r = log.record(i);
                String id = text(r, "disclosure_id");
                acks.add(new Acknowledgement(i, id, text(r, "bundle_hash"), text(r, "recipient"),
                        text(r, "received_at"), text(r, "verdict"), exported.getOrDefault(id, "-")));
                return;
            }
            if (!r.type().equals(EvidenceTypes.DISCLOSURE)) {
                return;
            }
            out.add(entry(i, log.record(i))); // read again by its index (the writer checks its stored leaf)
        });
        return new DisclosureRegister(out, refused, acks);
    }

    /**
     * The register entry of a {@code disclosure} record at {@code logIndex}; a field the record lacks is
     * {@code "-"}. For logs that keep their records elsewhere (the PostgreSQL log's tiles).
     */
    public static Entry entry(long logIndex, EvidenceRecord r) {
        Object content = r.body().get("content");
        return new Entry(logIndex, text(r, "disclosure_id"),
                r.string("provided_at").orElse(r.occurredAt().toString()),
                text(r, "recipient"), text(r, "recipient_verification"), text(r, "reason"), text(r, "basis"),
                content == null ? "-" : content instanceof String s ? s : CanonicalJson.encodeToString(content));
    }

    private static String text(EvidenceRecord r, String field) {
        Object v = r.body().get(field);
        if (v == null) {
            return "-";
        }
        return v instanceof String s ? s : v instanceof Map<?, ?> || v instanceof List<?>
                ? CanonicalJson.encodeToString(v) : String.valueOf(v);
    }

    /** The register as text for people, in Japanese or English. */
    public String render(Locale locale) {
        boolean ja = "ja".equals(locale.getLanguage());
        StringBuilder sb = new StringBuilder();
        sb.append(ja ? "画像提供記録簿 (熊谷市ガイドライン 第3-4)\n" : "Disclosure register (Kumagaya guideline K3-4)\n");
        if (entries.isEmpty()) {
            sb.append(ja ? "提供の記録はありません。\n" : "No provision recorded.\n");
        }
        for (Entry e : entries) {
            sb.append("---\n");
            line(sb, ja ? "提供番号" : "Disclosure", e.disclosureId() + (ja ? " (ログ記録 " : " (log record ")
                    + e.logIndex() + ")");
            line(sb, ja ? "提供日時" : "Date and time", e.providedAt());
            line(sb, ja ? "提供先" : "Recipient", e.recipient());
            line(sb, ja ? "本人確認の方法" : "Identity verified by", e.verification());
            line(sb, ja ? "提供理由" : "Reason", e.reason());
            line(sb, ja ? "根拠" : "Basis", e.basis());
            line(sb, ja ? "提供内容" : "Content provided", e.content());
            boolean any = false;
            for (Acknowledgement a : acknowledgements) {
                if (a.disclosureId().equals(e.disclosureId())) {
                    acknowledgement(sb, a, ja);
                    any = true;
                }
            }
            if (!any) {
                line(sb, ja ? "受領確認" : "Acknowledged", ja ? "記録なし" : "not recorded");
            }
        }
        List<Acknowledgement> orphans = new ArrayList<>();
        for (Acknowledgement a : acknowledgements) {
            if (entries.stream().noneMatch(e -> e.disclosureId().equals(a.disclosureId()))) {
                orphans.add(a);
            }
        }
        if (!orphans.isEmpty()) {
            sb.append(ja ? "--- このログに提供の記録がない受領確認\n"
                    : "--- Acknowledgements of disclosures this log does not record\n");
        }
        for (Acknowledgement a : orphans) {
            sb.append("---\n");
            line(sb, ja ? "提供番号" : "Disclosure", a.disclosureId());
            acknowledgement(sb, a, ja);
        }
        if (!refusals.isEmpty()) {
            sb.append(ja ? "--- 提供を拒否した請求\n" : "--- Requests refused\n");
        }
        for (Refusal f : refusals) {
            sb.append("---\n");
            line(sb, ja ? "請求" : "Request", f.requestId() + (ja ? " (ログ記録 " : " (log record ") + f.logIndex() + ")");
            line(sb, ja ? "判断日時" : "Decided at", f.requestedAt());
            line(sb, ja ? "請求者" : "Requester", f.requester());
            line(sb, ja ? "目的" : "Purpose", f.purpose());
            line(sb, ja ? "拒否の理由" : "Reason refused", ja ? f.reasonJa() : f.reason());
            line(sb, ja ? "根拠" : "Requirements", f.requirements());
        }
        return sb.toString();
    }

    private static void acknowledgement(StringBuilder sb, Acknowledgement a, boolean ja) {
        String bundle;
        if (a.exportedBundle().equals("-")) {
            bundle = ja ? "この提供の書出し記録がありません" : "the log has no export record of this disclosure";
        } else if (a.matchesExport()) {
            bundle = ja ? "書き出したバンドルと同じ" : "the bundle exported";
        } else {
            bundle = ja ? "書き出したバンドル (" + a.exportedBundle() + ") と異なります"
                    : "not the bundle exported (" + a.exportedBundle() + ")";
        }
        line(sb, ja ? "受領確認" : "Acknowledged", a.receivedAt() + (ja ? " " : " by ") + a.recipient()
                + (ja ? " (検証結果 " : " (verification ") + a.verdict() + (ja ? "、ログ記録 " : ", log record ")
                + a.logIndex() + ")");
        line(sb, ja ? "受領したバンドル" : "Bundle acknowledged", a.bundleHash() + " — " + bundle);
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(label).append(": ").append(value).append('\n');
    }
}
