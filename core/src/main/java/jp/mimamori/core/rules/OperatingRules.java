package jp.mimamori.core.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.model.AccessPermit;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.Designation;
import jp.mimamori.core.model.InspectionSchedule;
import jp.mimamori.core.model.Inquiry;
import jp.mimamori.core.model.Principal;
import jp.mimamori.core.model.RemoteViewingGrant;
import jp.mimamori.core.model.Site;

/**
 * One installer's operating rules (設置運用規約, K4-1), as read by {@link RulesReader}. Names the guideline
 * profile and version it follows (K5-2) and carries its own version, which every decision made under it cites.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id                rules id, such as {@code kumagaya-city-hall}
 * @param version           rules version, such as {@code 2026-04-01}
 * @param profileId         the guideline profile followed
 * @param profileVersion    its version
 * @param installer         the installer
 * @param penaltyClause     the clause stating disciplinary penalties for leaks (S6), if written
 * @param principals        everyone the rules name
 * @param sites             sites
 * @param cameras           cameras
 * @param designations      role designations, including revoked ones (kept for the audit history, K3-3)
 * @param permits           permits issued by operation managers (K3-1-3)
 * @param remoteViewing     remote-viewing grants (S5)
 * @param inspection        the inspection schedule (K4-3-1), if any
 * @param inquiryAnswerDays days within which an inquiry must be answered (K4-2)
 * @param inquiries         the inquiry register (K4-2)
 */
public record OperatingRules(String id, String version, String profileId, String profileVersion, Installer installer,
                             Optional<String> penaltyClause, List<Principal> principals, List<Site> sites,
                             List<Camera> cameras, List<Designation> designations, List<AccessPermit> permits,
                             List<RemoteViewingGrant> remoteViewing, Optional<InspectionSchedule> inspection,
                             int inquiryAnswerDays, List<Inquiry> inquiries) {
    /** The format name in the document's {@code format} field. */
    public static final String FORMAT = "mimamori-rules";

    /** Copies the lists and checks that ids are unique; references are checked by {@link RulesReader}. */
    public OperatingRules {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(profileVersion, "profileVersion");
        Objects.requireNonNull(installer, "installer");
        Objects.requireNonNull(penaltyClause, "penaltyClause");
        principals = List.copyOf(principals);
        sites = List.copyOf(sites);
        cameras = List.copyOf(cameras);
        designations = List.copyOf(designations);
        permits = List.copyOf(permits);
        remoteViewing = List.copyOf(remoteViewing);
        Objects.requireNonNull(inspection, "inspection");
        inquiries = List.copyOf(inquiries);
        unique("principals", principals.stream().map(Principal::id).toList());
        unique("sites", sites.stream().map(Site::id).toList());
        unique("cameras", cameras.stream().map(Camera::id).toList());
        unique("designations and permits", java.util.stream.Stream.concat(
                designations.stream().map(Designation::id), permits.stream().map(AccessPermit::id)).toList());
        if (inquiryAnswerDays < 1) {
            throw new IllegalArgumentException("inquiryAnswerDays: must be >= 1");
        }
    }

    private static void unique(String field, List<String> ids) {
        Set<String> seen = new HashSet<>();
        for (String i : ids) {
            if (!seen.add(i)) {
                throw new IllegalArgumentException(field + ": duplicate id " + i);
            }
        }
    }

    /** {@code id@version}, as decisions name the rules. */
    public String ref() {
        return id + "@" + version;
    }

    /** {@code profileId@profileVersion}. */
    public String profileRef() {
        return profileId + "@" + profileVersion;
    }

    /** The camera with {@code id}. */
    public Optional<Camera> camera(String id) {
        return cameras.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The site with {@code id}. */
    public Optional<Site> site(String id) {
        return sites.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The principal with {@code id}. */
    public Optional<Principal> principal(String id) {
        return principals.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
