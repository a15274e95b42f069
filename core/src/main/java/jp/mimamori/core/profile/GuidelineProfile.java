package jp.mimamori.core.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.SiteKind;
import jp.mimamori.core.text.LocalizedText;

/**
 * A municipal guideline as versioned data (K5-2, S10). Read one with {@link #parse(byte[])}, {@link #load(Path)}
 * or {@link #fromClasspath(ClassLoader, String)}; the shipped ones come from {@link ProfileRegistry#builtIn()}.
 * The JSON format is described in {@code docs/PROFILES.md}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id                  profile id, such as {@code kumagaya-2019}
 * @param version             profile version, such as {@code 1.0.0}; operating rules name id and version
 * @param title               the guideline's title
 * @param effective           the date it took effect
 * @param source              where the text comes from
 * @param articles            articles by ID, in document order
 * @param topics              which articles each topic cites
 * @param retention           retention ceiling and floor
 * @param coveredSiteKinds    site kinds the guideline covers (S4)
 * @param disclosureGrounds   grounds on which images may be provided (K3-4, S7)
 * @param remoteViewingByDefault whether remote viewing is allowed without a grant (S5: no)
 * @param purposeFit          for a request purpose, the declared purposes it also fits (it always fits itself)
 * @param history             change history, oldest first
 * @param timeZone            the zone in which decisions and reports give times (JSON {@code time_zone}, an IANA
 *                            zone id; default {@code UTC}); {@code Asia/Tokyo} for both built-in profiles
 */
public record GuidelineProfile(String id, String version, LocalizedText title, LocalDate effective, String source,
                               Map<String, Article> articles, Map<Topic, List<String>> topics,
                               RetentionPolicy retention, Set<SiteKind> coveredSiteKinds,
                               Set<DisclosureGround> disclosureGrounds, boolean remoteViewingByDefault,
                               Map<Purpose, Set<Purpose>> purposeFit, List<ProfileChange> history,
                               ZoneId timeZone) {
    /** The format name in the document's {@code format} field. */
    public static final String FORMAT = "mimamori-profile";

    /** Validates consistency: every topic cites known articles, every required topic is present. */
    public GuidelineProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(effective, "effective");
        Objects.requireNonNull(source, "source");
        articles = Collections.unmodifiableMap(new LinkedHashMap<>(articles));
        EnumMap<Topic, List<String>> t = new EnumMap<>(Topic.class);
        topics.forEach((k, v) -> t.put(k, List.copyOf(v)));
        topics = Collections.unmodifiableMap(t);
        for (Topic topic : Topic.values()) {
            List<String> ids = topics.get(topic);
            if (ids == null) {
                if (!topic.optional()) {
                    throw new IllegalArgumentException("topics." + topic + ": required topic is missing");
                }
                continue;
            }
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("topics." + topic + ": must cite at least one article");
            }
            for (String a : ids) {
                if (!articles.containsKey(a)) {
                    throw new IllegalArgumentException("topics." + topic + ": cites " + a
                            + ", which is not among the profile's articles");
                }
            }
        }
        Objects.requireNonNull(retention, "retention");
        coveredSiteKinds = Collections.unmodifiableSet(EnumSet.copyOf(nonEmpty(coveredSiteKinds,
                "coveredSiteKinds")));
        disclosureGrounds = disclosureGrounds.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(disclosureGrounds));
        EnumMap<Purpose, Set<Purpose>> fit = new EnumMap<>(Purpose.class);
        purposeFit.forEach((k, v) -> fit.put(k, Set.copyOf(v)));
        purposeFit = Collections.unmodifiableMap(fit);
        history = List.copyOf(history);
        Objects.requireNonNull(timeZone, "timeZone");
        if (history.isEmpty() || !history.get(history.size() - 1).version().equals(version)) {
            throw new IllegalArgumentException("history: the last entry must be the profile's version " + version);
        }
    }

    private static <T> Set<T> nonEmpty(Set<T> s, String field) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
        return s;
    }

    /** {@code id@version}, as decisions and documents name the profile. */
    public String ref() {
        return id + "@" + version;
    }

    /** The article IDs {@code topic} cites; empty when the profile leaves an optional topic out. */
    public List<String> requirements(Topic topic) {
        return topics.getOrDefault(topic, List.of());
    }

    /** Whether the profile rules on {@code topic} (optional topics switch their check on). */
    public boolean covers(Topic topic) {
        return topics.containsKey(topic);
    }

    /** The article with {@code id}, if the profile has it. */
    public Optional<Article> article(String id) {
        return Optional.ofNullable(articles.get(id));
    }

    /**
     * Whether a request for {@code requested} fits a camera declared for {@code declared} (K2-1, S8): it does
     * when it is one of them, or when the profile says it fits one of them.
     */
    public boolean fits(Purpose requested, Set<Purpose> declared) {
        if (declared.contains(requested)) {
            return true;
        }
        for (Purpose p : purposeFit.getOrDefault(requested, Set.of())) {
            if (declared.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The retention period in days that {@code setting} gives a camera under this profile: its days, or, when the
     * rules leave it out, the shortest period the profile allows — the floor, else one day (K1-1).
     */
    public int retentionDays(jp.mimamori.core.model.RetentionSetting setting) {
        return setting.isProfileShortest() ? retention.floorDays().orElse(1) : setting.days();
    }

    /** Reads a profile from a file: a regular file of at most {@link JsonInput#MAX_BYTES} bytes. */
    public static GuidelineProfile load(Path file) throws IOException, InvalidDocumentException {
        return parse(BoundedFiles.read(file, JsonInput.MAX_BYTES));
    }

    /** Reads a profile from a class-path resource, such as {@code "com/example/profiles/my-city-2025.json"}. */
    public static GuidelineProfile fromClasspath(ClassLoader loader, String resource)
            throws IOException, InvalidDocumentException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("profile resource not found: " + resource);
            }
            return parse(in.readNBytes(JsonInput.MAX_BYTES + 1));
        }
    }

    /**
     * Reads a profile from JSON bytes, reporting every problem at once.
     *
     * @throws InvalidDocumentException listing every problem, each with its field path (citing K5-2)
     */
    public static GuidelineProfile parse(byte[] json) throws InvalidDocumentException {
        JsonInput in = new JsonInput("guideline profile", "K5-2");
        Obj root = in.document(json, 1024 * 1024, FORMAT);
        Optional<String> id = root.text("id");
        Optional<String> version = root.text("version");
        Optional<LocalizedText> title = root.object("title", true).flatMap(GuidelineProfile::localized);
        Optional<LocalDate> effective = root.date("effective");
        Optional<String> source = root.text("source");
        Map<String, Article> articles = new LinkedHashMap<>();
        for (Obj a : root.objects("articles", true)) {
            Optional<String> aid = a.text("id");
            Optional<String> ja = a.text("ja");
            Optional<String> en = a.text("en");
            a.end();
            if (aid.isPresent() && ja.isPresent() && en.isPresent()) {
                try {
                    if (articles.put(aid.get(), new Article(aid.get(), LocalizedText.of(ja.get(), en.get())))
                            != null) {
                        a.problem("id", "K5-2", "記事IDが重複しています", "duplicate article id");
                    }
                } catch (IllegalArgumentException e) {
                    a.problem("id", "K5-2", "要件IDの形式ではありません", "not a requirement ID such as K3-2-2");
                }
            }
        }
        Map<Topic, List<String>> topics = new EnumMap<>(Topic.class);
        root.object("topics", true).ifPresent(t -> {
            for (Topic topic : Topic.values()) {
                Set<String> ids = t.textSet(topic.name(), false);
                if (!ids.isEmpty()) {
                    topics.put(topic, new ArrayList<>(ids));
                }
            }
            t.end();
        });
        Optional<RetentionPolicy> retention = root.object("retention", true).flatMap(r -> {
            Optional<Integer> ceiling = r.integer("ceiling_days", 1, 3660);
            Optional<Boolean> ext = r.bool("extendable_with_justification");
            Optional<Integer> floor = r.optInteger("floor_days", 1, 3660);
            r.end();
            if (ceiling.isEmpty() || ext.isEmpty()) {
                return Optional.empty();
            }
            if (floor.isPresent() && floor.get() > ceiling.get()) {
                r.problem("floor_days", "S2", "下限が上限を超えています", "floor exceeds the ceiling");
                return Optional.empty();
            }
            return Optional.of(new RetentionPolicy(ceiling.get(), ext.get(),
                    floor.map(OptionalInt::of).orElse(OptionalInt.empty())));
        });
        Set<SiteKind> kinds = root.enumSet("covered_site_kinds", SiteKind.class, true);
        Set<DisclosureGround> grounds = root.enumSet("disclosure_grounds", DisclosureGround.class, true);
        Optional<Boolean> remote = root.bool("remote_viewing_by_default");
        Map<Purpose, Set<Purpose>> fit = new EnumMap<>(Purpose.class);
        root.object("purpose_fit", true).ifPresent(f -> {
            for (Purpose p : Purpose.values()) {
                Set<Purpose> s = f.enumSet(p.name(), Purpose.class, false);
                if (!s.isEmpty()) {
                    fit.put(p, s);
                }
            }
            f.end();
        });
        Optional<ZoneId> zone = root.optText("time_zone").flatMap(z -> {
            try {
                return Optional.of(ZoneId.of(z));
            } catch (DateTimeException e) {
                root.problem("time_zone", "K5-2", "IANAのタイムゾーン名ではありません", "not an IANA time zone id");
                return Optional.empty();
            }
        });
        List<ProfileChange> history = new ArrayList<>();
        for (Obj h : root.objects("history", true)) {
            Optional<String> v = h.text("version");
            Optional<LocalDate> d = h.date("date");
            Optional<String> ja = h.text("ja");
            Optional<String> en = h.text("en");
            h.end();
            if (v.isPresent() && d.isPresent() && ja.isPresent() && en.isPresent()) {
                history.add(new ProfileChange(v.get(), d.get(), LocalizedText.of(ja.get(), en.get())));
            }
        }
        root.end();
        in.throwIfProblems();
        try {
            return new GuidelineProfile(id.orElseThrow(), version.orElseThrow(), title.orElseThrow(),
                    effective.orElseThrow(), source.orElseThrow(), articles, topics, retention.orElseThrow(), kinds,
                    grounds, remote.orElseThrow(), fit, history, zone.orElse(ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            // Cross-field consistency (topics citing unknown articles, history) is checked by the constructor.
            in.problem("$", "K5-2", "プロファイルが整合していません: " + e.getMessage(),
                    "inconsistent profile: " + e.getMessage());
            in.throwIfProblems();
            throw e;
        }
    }

    private static Optional<LocalizedText> localized(Obj o) {
        Optional<String> ja = o.text("ja");
        Optional<String> en = o.text("en");
        o.end();
        return ja.isPresent() && en.isPresent() ? Optional.of(LocalizedText.of(ja.get(), en.get()))
                : Optional.empty();
    }
}
