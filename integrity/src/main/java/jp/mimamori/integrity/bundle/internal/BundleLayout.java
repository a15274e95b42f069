package jp.mimamori.integrity.bundle.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.mimamori.core.internal.id.IdSyntax;

/**
 * The entry names of bundle v1 and the largest size each may have (docs/FORMATS.md "Export bundle v1"). Stateless.
 */
public final class BundleLayout {
    private BundleLayout() {}

    /** The bundle manifest. */
    public static final String MANIFEST = "bundle.json";
    /** Its signature. */
    public static final String SIGNATURE = "bundle.sig.json";
    /** The signed checkpoint every proof of the bundle is against. */
    public static final String CHECKPOINT = "log/checkpoint";
    /** Largest bundle manifest. */
    public static final long MAX_MANIFEST = 16L << 20;
    /** Largest unit index of one segment in a bundle. */
    public static final long MAX_UNIT_INDEX = 64L << 20;
    /** Largest media entry (one segment's recorded bytes). */
    public static final long MAX_MEDIA = 1L << 40;
    /** Most bytes of all entries but media held in memory while verifying. */
    public static final long MAX_HELD = 256L << 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern RECORD = Pattern.compile("(log|completeness)/([0-9]{20})\\.(json|tlog-proof)");
    private static final Pattern SEGMENT_FILE = Pattern.compile(
            "manifests/(" + IdSyntax.PATTERN.pattern() + ")/([0-9]{12})/(manifest\\.json|manifest\\.sig\\.json|units\\.json)");
    private static final Pattern MEDIA = Pattern.compile("media/(" + IdSyntax.PATTERN.pattern()
            + ")/([0-9]{12})\\.(ts|mp4|bin)");
    private static final Pattern CERT = Pattern.compile("certs/[0-9]{2}\\.pem");
    private static final Pattern TIMESTAMP = Pattern.compile("timestamps/[0-9]{20}\\.(checkpoint|checkpoint\\.tsr"
            + "|consistency)");
    /** The suffix of a timestamped checkpoint's entry. */
    public static final String TS_CHECKPOINT = ".checkpoint";
    /** The suffix of its RFC 3161 response's entry. */
    public static final String TS_RESPONSE = ".checkpoint.tsr";
    /** The suffix of its consistency proof's entry. */
    public static final String TS_CONSISTENCY = ".consistency";

    /**
     * Checks an entry name: printable ASCII letters, digits, {@code . _ -} and {@code /} between non-empty
     * parts, none of them {@code .} or {@code ..}, at most 255 bytes.
     *
     * @throws IllegalArgumentException naming the rule broken
     */
    public static void checkName(String name) {
        if (name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("1 to 255 characters");
        }
        if (name.startsWith("/")) {
            throw new IllegalArgumentException("an absolute path");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("only letters, digits, '.', '_', '-' and '/' between parts");
        }
        for (String part : name.split("/")) {
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("a '.' or '..' part");
            }
        }
    }

    /** The largest size of an entry of this name, or -1 if bundle v1 has no such entry. */
    public static long limit(String name) {
        if (name.equals(MANIFEST)) {
            return MAX_MANIFEST;
        }
        if (name.equals(SIGNATURE) || CERT.matcher(name).matches()) {
            return 64 * 1024;
        }
        if (name.equals(CHECKPOINT)) {
            return 64 * 1024;
        }
        Matcher t = TIMESTAMP.matcher(name);
        if (t.matches()) {
            return switch (t.group(1)) {
                case "checkpoint" -> 64 * 1024;
                case "checkpoint.tsr" -> jp.mimamori.integrity.bundle.BundleTimestamp.MAX_RESPONSE_BYTES;
                default -> 4 * 1024;
            };
        }
        Matcher r = RECORD.matcher(name);
        if (r.matches()) {
            return r.group(3).equals("json") ? (1 << 20) + 64 : 128 * 1024;
        }
        Matcher s = SEGMENT_FILE.matcher(name);
        if (s.matches()) {
            return switch (s.group(3)) {
                case "manifest.json" -> 64 * 1024;
                case "manifest.sig.json" -> 16 * 1024;
                default -> MAX_UNIT_INDEX;
            };
        }
        return MEDIA.matcher(name).matches() ? MAX_MEDIA : -1;
    }

    /** Whether the entry is media (recorded bytes), which the verifier reads from the file rather than holds. */
    public static boolean isMedia(String name) {
        return MEDIA.matcher(name).matches();
    }

    /** The log index of a record or proof entry, if {@code name} is one. */
    public static Optional<Long> recordIndex(String name) {
        Matcher r = RECORD.matcher(name);
        return r.matches() ? Optional.of(Long.parseLong(r.group(2))) : Optional.empty();
    }

    /** {@code log/NNNN….json} or {@code completeness/NNNN….json}: a log record's canonical bytes. */
    public static String record(String folder, long index) {
        return folder + "/" + String.format("%020d", index) + ".json";
    }

    /** The C2SP tlog-proof of that record. */
    public static String proof(String folder, long index) {
        return folder + "/" + String.format("%020d", index) + ".tlog-proof";
    }

    /** {@code timestamps/<size, 20 digits>} followed by {@code suffix} (one of the {@code TS_} suffixes). */
    public static String timestamp(long treeSize, String suffix) {
        return "timestamps/" + String.format("%020d", treeSize) + suffix;
    }

    /** The folder of a segment's manifest, signature and unit index. */
    public static String segmentFolder(String camera, long sequence) {
        if (!IdSyntax.isId(camera)) {
            throw new IllegalArgumentException("camera: not a camera id");
        }
        return "manifests/" + camera + "/" + String.format("%012d", sequence) + "/";
    }

    /** The media entry of a segment, by its unit kind. */
    public static String media(String camera, long sequence, String unitKind) {
        String ext = switch (unitKind) {
            case "mpegts-access-unit" -> "ts";
            case "fmp4-fragment" -> "mp4";
            default -> "bin";
        };
        if (!IdSyntax.isId(camera)) {
            throw new IllegalArgumentException("camera: not a camera id");
        }
        return "media/" + camera + "/" + String.format("%012d", sequence) + "." + ext;
    }
}
