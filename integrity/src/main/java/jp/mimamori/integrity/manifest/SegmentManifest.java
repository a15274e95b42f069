package jp.mimamori.integrity.manifest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.Obj;

/**
 * Segment manifest v1: what a recorder signs about one recorded segment (K3-2-4). Encoded as RFC 8785
 * canonical JSON; the exact encoded bytes are what is signed and what the next manifest's
 * {@code prev_manifest_hash} and an erasure receipt's {@code manifest_hash} hash.
 *
 * <pre>{@code
 * {"camera":"cam-01","end_us":1775034009960000,"events":[...],"format":"mimamori-segment-manifest",
 *  "hash_alg":"sha-256","key_id":"9f...","leaf_format":"mimamori-unit-leaf-v1","merkle_root":"3a...",
 *  "prev_manifest_hash":"c0...","sequence":7,"sig_alg":"ed25519","start_us":1775034000000000,
 *  "tree_alg":"rfc9162-sha-256","unit_count":250,"unit_kind":"mpegts-access-unit","version":1}
 * }</pre>
 *
 * <p>Immutable and thread-safe: byte arrays are copied in and out, and equality is by content.
 *
 * @param camera           camera id
 * @param sequence         position in the camera's chain, from 0
 * @param startUs          earliest capture time of a unit, microseconds since the epoch
 * @param endUs            latest capture time of a unit, not before {@code startUs}
 * @param unitCount        number of units (leaves), at least 1
 * @param unitKind         {@link #KIND_TS}, {@link #KIND_FMP4} or {@link #KIND_CHUNK}
 * @param merkleRoot       RFC 9162 root over the units' {@link UnitLeaf leaves}, 32 bytes
 * @param prevManifestHash SHA-256 of the previous manifest's bytes as 64 lowercase hex digits; empty for the
 *                         first of a chain
 * @param sigAlg           signature algorithm name ({@code "ed25519"} or {@code "ecdsa-p256-sha256"})
 * @param keyId            signer key id (lowercase hex SHA-256 of its SPKI DER)
 * @param events           chain events recorded with this manifest (restarts, key rotation), possibly empty
 */
public record SegmentManifest(String camera, long sequence, long startUs, long endUs, long unitCount,
                              String unitKind, byte[] merkleRoot, Optional<String> prevManifestHash, String sigAlg,
                              String keyId, List<ChainEvent> events) {
    /** The {@code format} value. */
    public static final String FORMAT = "mimamori-segment-manifest";
    /** The {@code version} value. */
    public static final int VERSION = 1;
    /** Units that are MPEG-TS video access units (frames) with the packets up to the next frame. */
    public static final String KIND_TS = "mpegts-access-unit";
    /** Units that are a fragmented MP4's init segment and then its movie fragments ({@code moof}+{@code mdat}). */
    public static final String KIND_FMP4 = "fmp4-fragment";
    /** Units that are fixed-size chunks of a file. */
    public static final String KIND_CHUNK = "chunk";
    private static final String KINDS = "must be \"" + KIND_TS + "\", \"" + KIND_FMP4 + "\" or \"" + KIND_CHUNK
            + "\"";

    private static boolean knownKind(String kind) {
        return KIND_TS.equals(kind) || KIND_FMP4.equals(kind) || KIND_CHUNK.equals(kind);
    }

    /** The hash algorithm name. */
    public static final String HASH_ALG = "sha-256";
    /** The tree algorithm name: RFC 9162 §2.1 with SHA-256. */
    public static final String TREE_ALG = "rfc9162-sha-256";
    /** The largest integer the canonical JSON profile allows. */
    static final long MAX_INT = (1L << 53) - 1;
    /** The most bytes a manifest may have; a verifier reads no more. */
    public static final int MAX_BYTES = 64 * 1024;


    /** Validates every field; misuse names the field. */
    public SegmentManifest {
        Objects.requireNonNull(camera, "camera");
        IdSyntax.require(camera, "camera");
        if (sequence < 0 || sequence > MAX_INT) {
            throw new IllegalArgumentException("sequence: must be in 0..2^53-1");
        }
        if (Math.abs(startUs) > MAX_INT || Math.abs(endUs) > MAX_INT || endUs < startUs) {
            throw new IllegalArgumentException("end_us: must be >= start_us, both within ±2^53");
        }
        if (unitCount < 1 || unitCount > MAX_INT) {
            throw new IllegalArgumentException("unit_count: must be >= 1");
        }
        if (!knownKind(unitKind)) {
            throw new IllegalArgumentException("unit_kind: " + KINDS);
        }
        merkleRoot = Objects.requireNonNull(merkleRoot, "merkleRoot").clone();
        if (merkleRoot.length != 32) {
            throw new IllegalArgumentException("merkle_root: must be 32 bytes");
        }
        if (!Objects.requireNonNull(prevManifestHash, "prevManifestHash")
                .map(h -> ManifestJson.HEX64.matcher(h).matches()).orElse(true)) {
            throw new IllegalArgumentException("prev_manifest_hash: must be 64 lowercase hex digits");
        }
        if (!"ed25519".equals(sigAlg) && !"ecdsa-p256-sha256".equals(sigAlg)) {
            throw new IllegalArgumentException("sig_alg: must be \"ed25519\" or \"ecdsa-p256-sha256\"");
        }
        if (!ManifestJson.HEX64.matcher(Objects.requireNonNull(keyId, "keyId")).matches()) {
            throw new IllegalArgumentException("key_id: must be 64 lowercase hex digits");
        }
        events = List.copyOf(Objects.requireNonNull(events, "events"));
        if (events.size() > 8) {
            throw new IllegalArgumentException("events: at most 8");
        }
    }

    /** The {@code merkleRoot} component, as a copy: the record keeps its own. */
    @Override
    public byte[] merkleRoot() {
        return merkleRoot.clone();
    }

    /** Capture time of the earliest unit. */
    public Instant start() {
        return Instant.EPOCH.plus(startUs, ChronoUnit.MICROS);
    }

    /** Capture time of the latest unit. */
    public Instant end() {
        return Instant.EPOCH.plus(endUs, ChronoUnit.MICROS);
    }

    /** The manifest as a JSON object (before canonicalisation). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", (long) VERSION);
        m.put("camera", camera);
        m.put("sequence", sequence);
        m.put("start_us", startUs);
        m.put("end_us", endUs);
        m.put("unit_count", unitCount);
        m.put("unit_kind", unitKind);
        m.put("hash_alg", HASH_ALG);
        m.put("tree_alg", TREE_ALG);
        m.put("leaf_format", UnitLeaf.FORMAT);
        m.put("merkle_root", ManifestJson.HEX.formatHex(merkleRoot));
        prevManifestHash.ifPresent(h -> m.put("prev_manifest_hash", h));
        m.put("sig_alg", sigAlg);
        m.put("key_id", keyId);
        if (!events.isEmpty()) {
            List<Object> ev = new ArrayList<>();
            for (ChainEvent e : events) {
                ev.add(e.toJson());
            }
            m.put("events", ev);
        }
        return m;
    }

    /** The canonical (JCS) bytes: exactly what is signed and hashed. */
    public byte[] encode() {
        return CanonicalJson.encode(toJson());
    }

    /** SHA-256 of {@link #encode()}: the manifest hash a next manifest and an erasure receipt name. */
    public byte[] hash() {
        return sha256(encode());
    }

    /**
     * Parses manifest bytes, which must be canonical JSON (re-encoding them gives the same bytes).
     *
     * @throws ManifestFormatException naming the field path, for anything but a well-formed v1 manifest
     */
    public static SegmentManifest parse(byte[] bytes) throws ManifestFormatException {
        ManifestJson json = new ManifestJson("manifest");
        Obj o = json.document(bytes, MAX_BYTES, FORMAT, VERSION);
        o.constant("hash_alg", HASH_ALG);
        o.constant("tree_alg", TREE_ALG);
        o.constant("leaf_format", UnitLeaf.FORMAT);
        Optional<String> kind = o.text("unit_kind");
        if (kind.isPresent() && !knownKind(kind.get())) {
            o.problem("unit_kind", ManifestJson.REQ, "\"" + KIND_TS + "\"、\"" + KIND_FMP4 + "\"または\"" + KIND_CHUNK
                    + "\"が必要です", KINDS);
        }
        Optional<String> alg = ManifestJson.sigAlg(o, "sig_alg");
        Optional<Long> start = o.longInteger("start_us", -MAX_INT, MAX_INT);
        json.check();
        Optional<Long> end = o.longInteger("end_us", start.orElseThrow(), MAX_INT);
        List<ChainEvent> events = new ArrayList<>();
        for (Obj e : o.objects("events", false, 8)) {
            ChainEvent.parse(e).ifPresent(events::add);
        }
        Optional<String> camera = ManifestJson.id(o, "camera");
        Optional<Long> sequence = o.longInteger("sequence", 0, MAX_INT);
        Optional<Long> unitCount = o.longInteger("unit_count", 1, MAX_INT);
        Optional<byte[]> root = o.hex32("merkle_root");
        Optional<String> prev = o.optHex32("prev_manifest_hash").map(ManifestJson.HEX::formatHex);
        Optional<byte[]> keyId = o.hex32("key_id");
        o.end();
        json.check();
        SegmentManifest m = new SegmentManifest(camera.orElseThrow(), sequence.orElseThrow(), start.orElseThrow(),
                end.orElseThrow(), unitCount.orElseThrow(), kind.orElseThrow(), root.orElseThrow(), prev,
                alg.orElseThrow(), ManifestJson.HEX.formatHex(keyId.orElseThrow()), events);
        if (!Arrays.equals(m.encode(), bytes)) {
            throw new ManifestFormatException("manifest: bytes are not in canonical form (RFC 8785)");
        }
        return m;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentManifest m && Arrays.equals(m.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(merkleRoot) * 31 + Long.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "SegmentManifest[camera=" + camera + ", sequence=" + sequence + ", units=" + unitCount
                + ", root=" + ManifestJson.HEX.formatHex(merkleRoot) + "]";
    }
}
