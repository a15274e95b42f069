package jp.mimamori.core.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.CaptureArea;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.Inquiry;
import jp.mimamori.core.model.InspectionSchedule;
import jp.mimamori.core.model.Obligation;
import jp.mimamori.core.model.Principal;
import jp.mimamori.core.model.PrivacyMask;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.RemoteViewingGrant;
import jp.mimamori.core.model.RetentionSetting;
import jp.mimamori.core.model.Role;
import jp.mimamori.core.model.Scope;
import jp.mimamori.core.model.Signage;
import jp.mimamori.core.model.Site;
import jp.mimamori.core.model.SiteKind;
import jp.mimamori.core.text.LocalizedText;

/**
 * Reads operating rules from JSON (format in {@code docs/RULES.md}) with limits: at most
 * {@link JsonInput#MAX_BYTES} bytes, nesting depth {@link JsonInput#MAX_DEPTH}, duplicate keys and unknown
 * fields rejected. Every problem is reported at once, each with its field path, requirement ID and a message in
 * Japanese and English. Whether the rules keep a guideline is {@link ComplianceCheck}'s business.
 *
 * <pre>{@code
 * try {
 *     OperatingRules rules = RulesReader.read(Path.of("rules.json"));
 * } catch (InvalidDocumentException e) {
 *     e.problems().forEach(p -> System.err.println(p)); // cameras[3].retention.days: ... (K4-1)
 * }
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class RulesReader {
    private static final String REQ = "K4-1";

    private RulesReader() {}

    /**
     * Reads rules from a file: a regular file of at most {@link JsonInput#MAX_BYTES} bytes, its size checked
     * before reading.
     *
     * @throws IOException              if the file cannot be read, is a folder, device or FIFO, or is larger
     *                                  than the limit (one line naming the file)
     * @throws InvalidDocumentException if its content is not valid operating rules (every problem at once)
     */
    public static OperatingRules read(Path file) throws IOException, InvalidDocumentException {
        return parse(BoundedFiles.read(file, JsonInput.MAX_BYTES));
    }

    /**
     * Reads rules from JSON bytes. Throws nothing but {@link InvalidDocumentException} on any input.
     *
     * @throws InvalidDocumentException listing every problem found
     */
    public static OperatingRules parse(byte[] json) throws InvalidDocumentException {
        JsonInput in = new JsonInput("operating rules", REQ);
        return new Builder(in, in.document(json, JsonInput.MAX_BYTES, OperatingRules.FORMAT)).build();
    }

    /** Reads one document; kept apart so the field-by-field code reads top to bottom. */
    private static final class Builder {
        private final JsonInput in;
        private final Obj root;
        private final Set<String> principalIds = new HashSet<>();
        private final Map<String, String> siteOfCamera = new HashMap<>();
        private final Set<String> siteIds = new HashSet<>();
        private final Set<String> grantIds = new HashSet<>();

        Builder(JsonInput in, Obj root) {
            this.in = in;
            this.root = root;
        }

        OperatingRules build() throws InvalidDocumentException {
            Optional<String> id = root.text("id");
            Optional<String> version = root.text("version");
            Optional<Obj> profile = root.object("profile", true);
            Optional<String> profileId = profile.flatMap(p -> p.text("id"));
            Optional<String> profileVersion = profile.flatMap(p -> p.text("version"));
            profile.ifPresent(Obj::end);
            List<Principal> principals = principals();
            Optional<Installer> installer = root.object("installer", true).flatMap(o -> {
                Optional<String> p = o.text("principal");
                Optional<String> name = o.text("name");
                o.end();
                p.ifPresent(pid -> ref(o, "principal", pid, principalIds, "principals"));
                return p.isPresent() && name.isPresent() ? Optional.of(new Installer(p.get(), name.get()))
                        : Optional.empty();
            });
            Optional<String> penalty = root.optText("penalty_clause");
            List<Site> sites = sites();
            List<Camera> cameras = cameras();
            List<Designation> designations = designations();
            List<AccessPermit> permits = permits();
            List<RemoteViewingGrant> remote = remoteViewing();
            Optional<InspectionSchedule> inspection = root.object("inspection", false).flatMap(o -> {
                Optional<Integer> interval = o.integer("interval_days", 1, 3660);
                var last = o.optDate("last_inspected");
                o.end();
                return interval.map(i -> new InspectionSchedule(i, last));
            });
            int answerDays = 14;
            List<Inquiry> inquiries = new ArrayList<>();
            Optional<Obj> inq = root.object("inquiries", false);
            if (inq.isPresent()) {
                answerDays = inq.get().integer("answer_within_days", 1, 365).orElse(14);
                for (Obj q : inq.get().objects("register", false)) {
                    Optional<String> qid = q.text("id");
                    Optional<Instant> received = q.instant("received");
                    Optional<Instant> answered = q.optInstant("answered");
                    Optional<String> summary = q.text("summary");
                    q.end();
                    if (qid.isPresent() && received.isPresent() && summary.isPresent()) {
                        construct(q, () -> inquiries.add(new Inquiry(qid.get(), received.get(), answered,
                                summary.get())));
                    }
                }
                inq.get().end();
            }
            root.end();
            in.throwIfProblems();
            try {
                return new OperatingRules(id.orElseThrow(), version.orElseThrow(), profileId.orElseThrow(),
                        profileVersion.orElseThrow(), installer.orElseThrow(), penalty, principals, sites, cameras,
                        designations, permits, remote, inspection, answerDays, inquiries);
            } catch (IllegalArgumentException e) {
                in.problem("$", REQ, "規約が整合していません: " + e.getMessage(), e.getMessage());
                in.throwIfProblems();
                throw e;
            }
        }

        private List<Principal> principals() {
            List<Principal> out = new ArrayList<>();
            for (Obj o : root.objects("principals", true)) {
                Optional<String> id = o.text("id");
                Optional<String> name = o.text("name");
                Optional<String> org = o.text("organization");
                o.end();
                // An id is registered even when other fields are bad, so references to it do not cascade.
                if (id.isPresent() && unique(o, id.get(), principalIds) && name.isPresent() && org.isPresent()) {
                    construct(o, () -> out.add(new Principal(id.get(), name.get(), org.get())));
                }
            }
            return out;
        }

        private List<Site> sites() {
            List<Site> out = new ArrayList<>();
            for (Obj o : root.objects("sites", true)) {
                Optional<String> id = o.text("id");
                Optional<String> name = o.text("name");
                Optional<SiteKind> kind = o.enumValue("kind", SiteKind.class);
                o.end();
                if (id.isPresent() && unique(o, id.get(), siteIds) && name.isPresent() && kind.isPresent()) {
                    construct(o, () -> out.add(new Site(id.get(), name.get(), kind.get())));
                }
            }
            return out;
        }

        private List<Camera> cameras() {
            List<Camera> out = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (Obj o : root.objects("cameras", true)) {
                Optional<String> id = o.text("id");
                Optional<String> site = o.text("site");
                site.ifPresent(s -> ref(o, "site", s, siteIds, "sites"));
                Optional<String> name = o.text("name");
                Set<Purpose> purposes = o.enumSet("purposes", Purpose.class, true);
                if (purposes.isEmpty() && o.has("purposes")) {
                    o.problem("purposes", "K2-1", "設置目的を1つ以上明示してください",
                            "declare at least one purpose");
                }
                Optional<CaptureArea> area = o.object("capture_area", false).flatMap(a -> {
                    Optional<String> d = a.text("description");
                    Set<String> masks = a.textSet("privacy_masks", false);
                    boolean privateOnly = a.optBool("private_ground_only").orElse(false);
                    a.end();
                    return d.map(desc -> new CaptureArea(desc, masks.stream().map(PrivacyMask::new).toList(),
                            privateOnly));
                });
                Optional<Signage> signage = o.object("signage", false).flatMap(s -> {
                    Optional<String> who = s.text("installer_name");
                    Optional<String> where = s.text("placement");
                    s.end();
                    return who.isPresent() && where.isPresent() ? Optional.of(new Signage(who.get(), where.get()))
                            : Optional.empty();
                });
                // K1-1: no retention given means the shortest period the profile allows, never its ceiling.
                Optional<RetentionSetting> retention = o.has("retention") ? o.object("retention", true).flatMap(r -> {
                    Optional<Integer> days = r.integer("days", 1, 3660);
                    Optional<String> why = r.optText("justification");
                    r.end();
                    return days.map(d -> new RetentionSetting(d, why));
                }) : Optional.of(RetentionSetting.profileShortest());
                o.end();
                if (id.isPresent() && unique(o, id.get(), ids)) {
                    siteOfCamera.put(id.get(), site.orElse(""));
                }
                if (id.isPresent() && site.isPresent() && name.isPresent() && !purposes.isEmpty()
                        && retention.isPresent()) {
                    construct(o, () -> out.add(new Camera(id.get(), site.get(), name.get(), purposes, area, signage,
                            retention.get())));
                }
            }
            return out;
        }

        private Scope scope(Obj owner) {
            Optional<Obj> s = owner.object("scope", false);
            if (s.isEmpty()) {
                return Scope.EVERYWHERE;
            }
            Set<String> sites = s.get().textSet("sites", false);
            Set<String> cameras = s.get().textSet("cameras", false);
            s.get().end();
            int i = 0;
            for (String site : sites) {
                ref(s.get(), "sites[" + i++ + "]", site, siteIds, "sites");
            }
            i = 0;
            for (String cam : cameras) {
                ref(s.get(), "cameras[" + i++ + "]", cam, siteOfCamera.keySet(), "cameras");
            }
            try {
                return new Scope(sites, cameras);
            } catch (IllegalArgumentException e) {
                s.get().problem("", REQ, "範囲のIDが不正です", e.getMessage());
                return Scope.EVERYWHERE;
            }
        }

        private List<Designation> designations() {
            List<Designation> out = new ArrayList<>();
            for (Obj o : root.objects("designations", true)) {
                Optional<String> id = o.text("id");
                Optional<String> principal = o.text("principal");
                principal.ifPresent(p -> ref(o, "principal", p, principalIds, "principals"));
                Optional<Role> role = o.enumValue("role", Role.class);
                Optional<String> by = o.text("designated_by");
                by.ifPresent(p -> ref(o, "designated_by", p, principalIds, "principals"));
                Scope scope = scope(o);
                Optional<Instant> from = o.instant("from");
                Optional<Instant> revoked = o.optInstant("revoked_at");
                Optional<String> clause = o.optText("contract_clause");
                o.end();
                if (revoked.isPresent() && from.isPresent() && revoked.get().isBefore(from.get())) {
                    o.problem("revoked_at", "K3-3", "指定の開始より前です", "is before from");
                    continue;
                }
                if (id.isPresent() && principal.isPresent() && role.isPresent() && by.isPresent()
                        && from.isPresent() && unique(o, id.get(), grantIds)) {
                    construct(o, () -> out.add(new Designation(id.get(), principal.get(), role.get(), by.get(),
                            scope, from.get(), revoked, clause)));
                }
            }
            return out;
        }

        private List<AccessPermit> permits() {
            List<AccessPermit> out = new ArrayList<>();
            for (Obj o : root.objects("permits", false)) {
                Optional<String> id = o.text("id");
                Optional<String> principal = o.text("principal");
                principal.ifPresent(p -> ref(o, "principal", p, principalIds, "principals"));
                Optional<String> by = o.text("issued_by");
                by.ifPresent(p -> ref(o, "issued_by", p, principalIds, "principals"));
                Set<Action> actions = o.enumSet("actions", Action.class, true);
                // A permit to erase only (K3-2-3) uses no footage, so it names no purpose; every other names one.
                boolean erasureOnly = AccessPermit.erasureOnly(actions);
                Set<Purpose> purposes = o.enumSet("purposes", Purpose.class, !erasureOnly);
                Scope scope = scope(o);
                Optional<Instant> from = o.instant("from");
                Optional<Instant> until = o.instant("until");
                Optional<Instant> issued = o.optInstant("issued_at");
                Optional<Instant> revoked = o.optInstant("revoked_at");
                Set<Obligation> obligations = o.enumSet("obligations", Obligation.class, false);
                o.end();
                if (from.isPresent() && until.isPresent() && !until.get().isAfter(from.get())) {
                    o.problem("until", "K3-1-3", "許可には終了日時が必要で、開始より後でなければなりません",
                            "must be after from: permits are time-bounded");
                    continue;
                }
                if (issued.isPresent() && from.isPresent() && issued.get().isAfter(from.get())) {
                    o.problem("issued_at", "K3-1-3", "許可の発行は開始日時以前でなければなりません",
                            "must not be after from: a permit is issued before it takes effect");
                    continue;
                }
                if (id.isPresent() && principal.isPresent() && by.isPresent() && !actions.isEmpty()
                        && (!purposes.isEmpty() || erasureOnly) && from.isPresent() && until.isPresent()
                        && unique(o, id.get(), grantIds)) {
                    construct(o, () -> out.add(new AccessPermit(id.get(), principal.get(), by.get(), actions,
                            purposes, scope, from.get(), until.get(), revoked, List.copyOf(obligations),
                            issued.orElse(from.get()))));
                }
            }
            return out;
        }

        private List<RemoteViewingGrant> remoteViewing() {
            List<RemoteViewingGrant> out = new ArrayList<>();
            for (Obj o : root.objects("remote_viewing", false)) {
                Optional<String> principal = o.text("principal");
                principal.ifPresent(p -> ref(o, "principal", p, principalIds, "principals"));
                Scope scope = scope(o);
                Optional<String> means = o.text("means");
                o.end();
                if (scope.everywhere()) {
                    o.problem("scope", "S5", "遠隔閲覧は対象の施設又はカメラを明示して許可してください",
                            "remote viewing must name its sites or cameras");
                    continue;
                }
                if (principal.isPresent() && means.isPresent()) {
                    construct(o, () -> out.add(new RemoteViewingGrant(principal.get(), scope, means.get())));
                }
            }
            return out;
        }

        private boolean unique(Obj o, String id, Set<String> seen) {
            if (!seen.add(id)) {
                o.problem("id", REQ, "IDが重複しています: " + id, "duplicate id " + id);
                return false;
            }
            return true;
        }

        private void ref(Obj o, String field, String id, Set<String> known, String where) {
            if (!known.contains(id)) {
                String shown = id.length() > 40 ? id.substring(0, 40) + "…" : id;
                o.problem(field, REQ, where + "にない\"" + shown + "\"を参照しています",
                        "refers to \"" + shown + "\", which is not in " + where);
            }
        }

        /**
         * Model constructors validate forms (ids, ranges); their message starts with the field's Java name,
         * which becomes the JSON path ({@code contractClause: …} → {@code designations[1].contract_clause}).
         */
        private void construct(Obj o, Runnable r) {
            try {
                r.run();
            } catch (IllegalArgumentException e) {
                String msg = String.valueOf(e.getMessage());
                int colon = msg.indexOf(": ");
                String field = "";
                if (colon > 0 && msg.substring(0, colon).matches("[a-z][A-Za-z]*")) {
                    field = msg.substring(0, colon).replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
                    msg = msg.substring(colon + 2);
                }
                o.problem(field, REQ, "値が不正です: " + msg, msg);
            }
        }
    }
}
