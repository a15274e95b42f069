package jp.mimamori.integrity.bundle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;

/**
 * The bundle manifest ({@code bundle.json}, docs/FORMATS.md "Export bundle v1"): what one disclosure handed to one
 * recipient, signed, and bound to the disclosure record in the evidence log (K3-4, S3). It names the disclosure
 * and its log record (index and SHA-256 of the record's bytes), the recipient and how their identity was checked,
 * the purpose and the request, export metadata after the ONVIF Export File Format's {@code suep} fields (export
 * unit, operator, export time, source cameras with names and locations), the range asked for of each camera, each
 * segment's clip (which units, whether it starts at a keyframe and how far it was widened back to one), the log
 * records of completeness, and the certificate chains it carries. Canonical JSON (RFC 8785); its exact bytes are
 * signed.
 *
 * <pre>{@code
 * BundleManifest m = BundleManifest.parse(Files.readAllBytes(Path.of("bundle.json")));
 * System.out.println(m.disclosureId() + " → " + m.recipient().name());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param disclosureId       the disclosure's id (register, K3-4)
 * @param disclosure         the disclosure record in the log
 * @param recipient          who receives the bundle
 * @param purpose            the purpose as the request states it
 * @param requestId          the request's id
 * @param requestReference   the request document's reference (a letter number), if any
 * @param export             the ONVIF {@code suep}-like export metadata
 * @param ranges             the footage asked for: one range a camera, in the order the request names the cameras
 *                           (1 to {@link DisclosureRequest#MAX_CAMERAS}, each camera once)
 * @param segments           the segments' clips, in the order of {@code ranges} and, per camera, of sequence
 * @param completeness       log indexes of the completeness records ({@code segment.sealed}, {@code erasure.receipt})
 * @param log                the log's origin and the size of the checkpoint every proof is against
 * @param certificates       entries ({@code certs/NN.pem}) of certificate chains for the bundle's signing keys
 * @param timestamps         tree sizes of the timestamped checkpoints the bundle carries ({@code timestamps/…},
 *                           {@link BundleTimestamp}), ascending; empty when it carries none (the member is then absent)
 */
public record BundleManifest(String disclosureId, DisclosureRef disclosure, Recipient recipient, String purpose,
                             String requestId, Optional<String> requestReference, Export export, List<Range> ranges,
                             List<Segment> segments, List<Long> completeness, LogRef log,
                             List<String> certificates, List<Long> timestamps) {
    /** The format name. */
    public static final String FORMAT = "mimamori-bundle";
    /** The format version. */
    public static final int VERSION = 1;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CERT = Pattern.compile("certs/[0-9]{2}\\.pem");
    /** Most timestamped checkpoints a bundle carries. */
    public static final int MAX_TIMESTAMPS = 16;

    /**
     * The disclosure record.
     *
     * @param logIndex         its index in the evidence log
     * @param recordSha256     lowercase hex SHA-256 of the record's canonical bytes
     * @param decisionLogIndex index of the {@code decision.disclosure} record that permitted it
     */
    public record DisclosureRef(long logIndex, String recordSha256, long decisionLogIndex) {
        /** Validates. */
        public DisclosureRef {
            if (logIndex < 0 || decisionLogIndex < 0 || !HEX64.matcher(recordSha256).matches()) {
                throw new IllegalArgumentException("disclosure: indexes >= 0 and a hex SHA-256");
            }
        }
    }

    /**
     * The recipient.
     *
     * @param name              who, such as {@code 佐久警察署 刑事課}
     * @param identityCheck     how their identity was checked (K3-4)
     * @param identityReference the reference of that check (an ID card number, a letter), if any
     */
    public record Recipient(String name, String identityCheck, Optional<String> identityReference) {
        /** Validates. */
        public Recipient {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(identityCheck, "identityCheck");
            Objects.requireNonNull(identityReference, "identityReference");
        }
    }

    /**
     * Export metadata after the ONVIF Export File Format's {@code suep} box.
     *
     * @param exportUnit the system that exported (ONVIF: export unit)
     * @param operator   who exported
     * @param exportTime when
     * @param cameras    the source cameras with their names and locations
     */
    public record Export(String exportUnit, String operator, Instant exportTime, List<SourceCamera> cameras) {
        /** Copies. */
        public Export {
            Objects.requireNonNull(exportUnit, "exportUnit");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(exportTime, "exportTime");
            cameras = List.copyOf(cameras);
        }
    }

    /**
     * A source camera.
     *
     * @param camera   its id
     * @param name     its display name
     * @param location where it is (the site's name)
     */
    public record SourceCamera(String camera, String name, String location) {
        /** Validates. */
        public SourceCamera {
            Objects.requireNonNull(camera, "camera");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(location, "location");
        }
    }

    /**
     * The footage asked for of one camera.
     *
     * @param camera the camera
     * @param from   start
     * @param to     end
     */
    public record Range(String camera, Instant from, Instant to) {
        /** Validates. */
        public Range {
            Objects.requireNonNull(camera, "camera");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("ranges[].to: must be after from");
            }
        }
    }

    /**
     * One segment's clip.
     *
     * @param camera           camera
     * @param sequence         sequence number
     * @param manifestHash     lowercase hex SHA-256 of its manifest
     * @param unitCount        units in the whole segment
     * @param firstUnit        first unit exported
     * @param lastUnit         last unit exported (inclusive)
     * @param startsAtKeyframe whether {@code firstUnit} is a keyframe (a player can start there)
     * @param widenedUnits     how many units before the first unit asked for were added to start at a keyframe
     * @param media            the media entry's name
     */
    public record Segment(String camera, long sequence, String manifestHash, long unitCount, long firstUnit,
                          long lastUnit, boolean startsAtKeyframe, long widenedUnits, String media) {
        /** Validates. */
        public Segment {
            if (!IdSyntax.isId(camera) || sequence < 0 || !HEX64.matcher(manifestHash).matches()
                    || firstUnit < 0 || lastUnit < firstUnit || lastUnit >= unitCount || widenedUnits < 0) {
                throw new IllegalArgumentException("segments[]: camera, sequence, manifest hash and units "
                        + firstUnit + ".." + lastUnit + " of " + unitCount);
            }
            Objects.requireNonNull(media, "media");
        }
    }

    /**
     * The log the proofs are against.
     *
     * @param origin   the checkpoint's origin (the log's name)
     * @param treeSize the checkpoint's tree size
     */
    public record LogRef(String origin, long treeSize) {
        /** Validates. */
        public LogRef {
            Objects.requireNonNull(origin, "origin");
            if (treeSize < 1) {
                throw new IllegalArgumentException("log.tree_size: must be >= 1");
            }
        }
    }

    /** Copies. */
    public BundleManifest {
        Objects.requireNonNull(disclosureId, "disclosureId");
        Objects.requireNonNull(disclosure, "disclosure");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(requestReference, "requestReference");
        Objects.requireNonNull(export, "export");
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty() || ranges.size() > DisclosureRequest.MAX_CAMERAS
                || ranges.stream().map(Range::camera).distinct().count() != ranges.size()) {
            throw new IllegalArgumentException("ranges: 1 to " + DisclosureRequest.MAX_CAMERAS
                    + " ranges, each of another camera");
        }
        segments = List.copyOf(segments);
        completeness = List.copyOf(completeness);
        Objects.requireNonNull(log, "log");
        certificates = List.copyOf(certificates);
        timestamps = List.copyOf(timestamps);
        if (timestamps.size() > MAX_TIMESTAMPS) {
            throw new IllegalArgumentException("timestamps: at most " + MAX_TIMESTAMPS);
        }
        for (int i = 0; i < timestamps.size(); i++) {
            long n = timestamps.get(i);
            if (n < 1 || n > log.treeSize() || (i > 0 && n <= timestamps.get(i - 1))) {
                throw new IllegalArgumentException("timestamps[" + i + "]: tree sizes ascending, from 1 to"
                        + " log.tree_size");
            }
        }
    }

    /** A bundle manifest without timestamps. */
    public BundleManifest(String disclosureId, DisclosureRef disclosure, Recipient recipient, String purpose,
                          String requestId, Optional<String> requestReference, Export export, List<Range> ranges,
                          List<Segment> segments, List<Long> completeness, LogRef log, List<String> certificates) {
        this(disclosureId, disclosure, recipient, purpose, requestId, requestReference, export, ranges, segments,
                completeness, log, certificates, List.of());
    }

    /** This manifest naming the timestamped checkpoints of tree sizes {@code treeSizes} (ascending). */
    public BundleManifest withTimestamps(List<Long> treeSizes) {
        return new BundleManifest(disclosureId, disclosure, recipient, purpose, requestId, requestReference, export,
                ranges, segments, completeness, log, certificates, treeSizes);
    }

    /**
     * The media entry's name for a segment: {@code media/CAMERA/SEQUENCE.ts} ({@code .mp4} for fragmented MP4,
     * {@code .bin} for chunks), the sequence as 12 digits.
     */
    public static String mediaEntry(String camera, long sequence, String unitKind) {
        return jp.mimamori.integrity.bundle.internal.BundleLayout.media(camera, sequence, unitKind);
    }

    /** The canonical JSON bytes (what is signed). */
    public byte[] encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("disclosure_id", disclosureId);
        m.put("disclosure", Map.of("log_index", disclosure.logIndex(), "record_sha256", disclosure.recordSha256(),
                "decision_log_index", disclosure.decisionLogIndex()));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", recipient.name());
        r.put("identity_check", recipient.identityCheck());
        recipient.identityReference().ifPresent(x -> r.put("identity_reference", x));
        m.put("recipient", r);
        m.put("purpose", purpose);
        m.put("request_id", requestId);
        requestReference.ifPresent(x -> m.put("request_reference", x));
        List<Object> cams = new ArrayList<>();
        for (SourceCamera c : export.cameras()) {
            cams.add(Map.of("camera", c.camera(), "name", c.name(), "location", c.location()));
        }
        m.put("export", Map.of("export_unit", export.exportUnit(), "operator", export.operator(), "export_time",
                export.exportTime().toString(), "cameras", cams));
        List<Object> rs = new ArrayList<>();
        for (Range g : ranges) {
            rs.add(Map.of("camera", g.camera(), "from", g.from().toString(), "to", g.to().toString()));
        }
        m.put("ranges", rs);
        List<Object> segs = new ArrayList<>();
        for (Segment s : segments) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("camera", s.camera());
            x.put("sequence", s.sequence());
            x.put("manifest_hash", s.manifestHash());
            x.put("unit_count", s.unitCount());
            x.put("first_unit", s.firstUnit());
            x.put("last_unit", s.lastUnit());
            x.put("starts_at_keyframe", s.startsAtKeyframe());
            x.put("widened_units", s.widenedUnits());
            x.put("media", s.media());
            segs.add(x);
        }
        m.put("segments", segs);
        m.put("completeness", completeness);
        m.put("log", Map.of("origin", log.origin(), "tree_size", log.treeSize()));
        m.put("certificates", certificates);
        if (!timestamps.isEmpty()) {
            m.put("timestamps", timestamps);
        }
        return CanonicalJson.encode(m);
    }

    /**
     * Reads a bundle manifest strictly (canonical JSON, every field, no other).
     *
     * @throws BundleFormatException naming the first problem
     */
    public static BundleManifest parse(byte[] bytes) throws BundleFormatException {
        JsonInput in = new JsonInput("bundle manifest", "S3");
        try {
            Obj o = in.canonicalDocument(bytes);
            if (!CanonicalJson.isCanonical(bytes)) {
                in.problem("$", "正規形 (RFC 8785) ではありません", "not in canonical form (RFC 8785)");
            }
            String format = o.text("format").orElse("");
            long version = o.longInteger("version", 0, 1_000).orElse(0L);
            if (!format.equals(FORMAT) || version != VERSION) {
                in.problem("format", "mimamori-bundle 版 1 ではありません", "not mimamori-bundle version 1");
            }
            String id = o.text("disclosure_id").orElse("");
            Obj d = o.object("disclosure", true).orElse(null);
            DisclosureRef dref = null;
            if (d != null) {
                long li = d.longInteger("log_index", 0, CanonicalJson.MAX_SAFE_INTEGER).orElse(-1L);
                String h = hex(d, "record_sha256");
                long di = d.longInteger("decision_log_index", 0, CanonicalJson.MAX_SAFE_INTEGER).orElse(-1L);
                d.end();
                if (li >= 0 && di >= 0 && h != null) {
                    dref = new DisclosureRef(li, h, di);
                }
            }
            Obj r = o.object("recipient", true).orElse(null);
            Recipient rec = null;
            if (r != null) {
                Optional<String> name = r.text("name");
                Optional<String> check = r.text("identity_check");
                Optional<String> ref = r.optText("identity_reference");
                r.end();
                if (name.isPresent() && check.isPresent()) {
                    rec = new Recipient(name.get(), check.get(), ref);
                }
            }
            Optional<String> purpose = o.text("purpose");
            Optional<String> requestId = o.text("request_id");
            Optional<String> requestRef = o.optText("request_reference");
            Export exp = null;
            Obj e = o.object("export", true).orElse(null);
            if (e != null) {
                Optional<String> unit = e.text("export_unit");
                Optional<String> op = e.text("operator");
                Optional<Instant> at = e.instant("export_time");
                List<SourceCamera> cams = new ArrayList<>();
                for (Obj c : e.objects("cameras", true, 1024)) {
                    Optional<String> cid = c.text("camera");
                    Optional<String> cn = c.text("name");
                    Optional<String> cl = c.text("location");
                    c.end();
                    if (cid.isPresent() && cn.isPresent() && cl.isPresent()) {
                        cams.add(new SourceCamera(cid.get(), cn.get(), cl.get()));
                    }
                }
                e.end();
                if (unit.isPresent() && op.isPresent() && at.isPresent()) {
                    exp = new Export(unit.get(), op.get(), at.get(), cams);
                }
            }
            List<Range> ranges = new ArrayList<>();
            java.util.Set<String> rangeCameras = new java.util.HashSet<>();
            List<Obj> rangeObjs = o.objects("ranges", true, DisclosureRequest.MAX_CAMERAS);
            if (o.has("ranges") && rangeObjs.isEmpty()) {
                o.problem("ranges", "S3", "範囲が1件以上必要です", "must name at least one range");
            }
            for (Obj g : rangeObjs) {
                Optional<String> cam = g.text("camera");
                Optional<Instant> from = g.instant("from");
                Optional<Instant> to = g.instant("to");
                g.end();
                if (cam.isPresent() && !rangeCameras.add(cam.get())) {
                    g.problem("camera", "S3", "カメラが重複しています", "names a camera another range names");
                } else if (cam.isPresent() && from.isPresent() && to.isPresent() && to.get().isAfter(from.get())) {
                    ranges.add(new Range(cam.get(), from.get(), to.get()));
                } else {
                    g.problem("to", "S3", "範囲が正しくありません", "not a range (to after from)");
                }
            }
            List<Segment> segs = new ArrayList<>();
            for (Obj s : o.objects("segments", true, 1 << 20)) {
                Optional<String> cam = s.text("camera");
                Optional<Long> seq = s.longInteger("sequence", 0, CanonicalJson.MAX_SAFE_INTEGER);
                String mh = hex(s, "manifest_hash");
                Optional<Long> n = s.longInteger("unit_count", 1, 1L << 40);
                Optional<Long> first = s.longInteger("first_unit", 0, 1L << 40);
                Optional<Long> last = s.longInteger("last_unit", 0, 1L << 40);
                Optional<Boolean> key = s.bool("starts_at_keyframe");
                Optional<Long> wide = s.longInteger("widened_units", 0, 1L << 40);
                Optional<String> media = s.text("media");
                s.end();
                if (cam.isPresent() && seq.isPresent() && mh != null && n.isPresent() && first.isPresent()
                        && last.isPresent() && key.isPresent() && wide.isPresent() && media.isPresent()) {
                    try {
                        segs.add(new Segment(cam.get(), seq.get(), mh, n.get(), first.get(), last.get(), key.get(),
                                wide.get(), media.get()));
                    } catch (IllegalArgumentException x) {
                        s.problem("first_unit", "S3", "セグメントの範囲が正しくありません", x.getMessage());
                    }
                }
            }
            List<Long> comp = o.longIntegers("completeness", true, 0, CanonicalJson.MAX_SAFE_INTEGER);
            LogRef logRef = null;
            Obj l = o.object("log", true).orElse(null);
            if (l != null) {
                Optional<String> origin = l.text("origin");
                Optional<Long> size = l.longInteger("tree_size", 1, CanonicalJson.MAX_SAFE_INTEGER);
                l.end();
                if (origin.isPresent() && size.isPresent()) {
                    logRef = new LogRef(origin.get(), size.get());
                }
            }
            List<String> certs = o.texts("certificates", true, 99, CERT, "certs/NN.pem", "certs/NN.pem");
            List<Long> stamps = timestamps(o, logRef);
            o.end();
            in.throwIfProblems();
            if (dref == null || rec == null || exp == null || ranges.isEmpty() || logRef == null || purpose.isEmpty()
                    || requestId.isEmpty()) {
                throw new BundleFormatException("bundle.json が不完全です", "bundle.json is incomplete");
            }
            return new BundleManifest(id, dref, rec, purpose.get(), requestId.get(), requestRef, exp, ranges, segs,
                    comp, logRef, certs, stamps);
        } catch (InvalidDocumentException x) {
            String en = x.problems().isEmpty() ? "malformed" : x.problems().get(0).toString();
            throw new BundleFormatException("bundle.json が署名済みバンドル目録 v1 ではありません: " + en,
                    "bundle.json is not a bundle manifest v1: " + en);
        }
    }

    /**
     * The optional {@code timestamps} member: when present, 1 to {@link #MAX_TIMESTAMPS} tree sizes, ascending,
     * none above {@code log.tree_size}.
     */
    private static List<Long> timestamps(Obj o, LogRef logRef) {
        if (!o.has("timestamps")) {
            return List.of();
        }
        List<Long> stamps = o.longIntegers("timestamps", true, 1, CanonicalJson.MAX_SAFE_INTEGER);
        boolean ascending = true;
        for (int i = 1; i < stamps.size(); i++) {
            ascending &= stamps.get(i) > stamps.get(i - 1);
        }
        if (stamps.isEmpty() || stamps.size() > MAX_TIMESTAMPS || !ascending
                || (logRef != null && stamps.get(stamps.size() - 1) > logRef.treeSize())) {
            o.problem("timestamps", "S3", "1〜" + MAX_TIMESTAMPS + " 個の昇順の木のサイズ (log.tree_size 以下) が必要です",
                    "must be 1 to " + MAX_TIMESTAMPS + " ascending tree sizes, none above log.tree_size");
            return List.of();
        }
        return stamps;
    }

    private static String hex(Obj o, String name) {
        Optional<String> h = o.text(name);
        if (h.isPresent() && !HEX64.matcher(h.get()).matches()) {
            o.problem(name, "S3", "64 桁の小文字16進数が必要です", "must be 64 lowercase hex digits");
            return null;
        }
        return h.orElse(null);
    }
}
