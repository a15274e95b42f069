package jp.mimamori.integrity.manifest;

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
 * The unit index of a stored segment or clip ({@code units.json}): for each unit present, its capture time,
 * content hash and length, and, in a clip, its RFC 9162 inclusion proof. It is not signed: a verifier trusts it
 * only after the leaves it names hash to the signed Merkle root (whole segment) or their proofs verify against
 * it (clip).
 *
 * <pre>{@code
 * {"camera":"cam-01","first_index":0,"format":"mimamori-unit-index","sequence":7,"unit_count":250,
 *  "units":[{"capture_us":1775034000000000,"hash":"ab..","length":2256},...],"version":1}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param camera     camera id
 * @param sequence   the segment's sequence number
 * @param unitCount  number of units in the whole segment (tree size)
 * @param firstIndex index in the segment of the first unit listed
 * @param units      the units listed, consecutive from {@code firstIndex}
 */
public record UnitIndex(String camera, long sequence, long unitCount, long firstIndex, List<Entry> units) {
    /** The {@code format} value. */
    public static final String FORMAT = "mimamori-unit-index";
    /** The most units an index may list. */
    public static final int MAX_UNITS = 1 << 20;

    /**
     * One unit of the index.
     *
     * <p>Immutable and thread-safe: byte arrays are copied in and out, and equality is by content.
     *
     * @param captureUs capture time, microseconds since the epoch
     * @param hash      SHA-256 of the unit's bytes
     * @param length    the unit's length in bytes
     * @param proof     its inclusion proof (clips), or empty (whole segments)
     */
    public record Entry(long captureUs, byte[] hash, long length, List<byte[]> proof) {
        /** Validates and copies. */
        public Entry {
            hash = Objects.requireNonNull(hash, "hash").clone();
            if (hash.length != 32) {
                throw new IllegalArgumentException("hash: must be 32 bytes");
            }
            if (length < 0) {
                throw new IllegalArgumentException("length: must be >= 0");
            }
            List<byte[]> p = new ArrayList<>();
            for (byte[] b : Objects.requireNonNull(proof, "proof")) {
                p.add(b.clone());
            }
            proof = List.copyOf(p);
        }

        /** The {@code hash} component, as a copy: the record keeps its own. */
        @Override
        public byte[] hash() {
            return hash.clone();
        }

        /** The {@code proof} component, as a copy: the record keeps its own. */
        @Override
        public List<byte[]> proof() {
            List<byte[]> p = new ArrayList<>();
            for (byte[] b : proof) {
                p.add(b.clone());
            }
            return p;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.captureUs == captureUs && e.length == length
                    && Arrays.equals(e.hash, hash) && e.proof.size() == proof.size()
                    && equalLists(e.proof, proof);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(hash);
        }

        private static boolean equalLists(List<byte[]> a, List<byte[]> b) {
            for (int i = 0; i < a.size(); i++) {
                if (!Arrays.equals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Validates. */
    public UnitIndex {
        IdSyntax.require(camera, "camera");
        units = List.copyOf(Objects.requireNonNull(units, "units"));
        if (sequence < 0 || unitCount < 1 || firstIndex < 0 || firstIndex + units.size() > unitCount) {
            throw new IllegalArgumentException("first_index: units must lie within 0..unit_count");
        }
    }

    /** The canonical JSON bytes. */
    public byte[] encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", 1L);
        m.put("camera", camera);
        m.put("sequence", sequence);
        m.put("unit_count", unitCount);
        m.put("first_index", firstIndex);
        List<Object> l = new ArrayList<>(units.size());
        for (Entry e : units) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("capture_us", e.captureUs());
            u.put("hash", ManifestJson.HEX.formatHex(e.hash));
            u.put("length", e.length());
            if (!e.proof.isEmpty()) {
                List<Object> p = new ArrayList<>();
                for (byte[] b : e.proof) {
                    p.add(ManifestJson.HEX.formatHex(b));
                }
                u.put("proof", p);
            }
            l.add(u);
        }
        m.put("units", l);
        return CanonicalJson.encode(m);
    }

    /** Parses an index; throws naming the field path on anything malformed. */
    public static UnitIndex parse(byte[] bytes) throws ManifestFormatException {
        ManifestJson json = new ManifestJson("units");
        Obj o = json.document(bytes, 256 << 20, FORMAT, 1);
        Optional<String> camera = ManifestJson.id(o, "camera");
        Optional<Long> seq = o.longInteger("sequence", 0, SegmentManifest.MAX_INT);
        Optional<Long> count = o.longInteger("unit_count", 1, SegmentManifest.MAX_INT);
        json.check();
        Optional<Long> first = o.longInteger("first_index", 0, count.orElseThrow() - 1);
        List<Obj> l = o.objects("units", true, MAX_UNITS);
        json.check();
        if (first.orElseThrow() + l.size() > count.orElseThrow()) {
            throw new ManifestFormatException("units: more units than unit_count allows after first_index");
        }
        List<Entry> entries = new ArrayList<>(l.size());
        for (Obj u : l) {
            List<byte[]> proof = new ArrayList<>();
            for (String h : u.texts("proof", false, 64, ManifestJson.HEX64, "小文字16進数64桁",
                    "64 lowercase hex digits")) {
                proof.add(ManifestJson.HEX.parseHex(h));
            }
            Optional<Long> capture = u.longInteger("capture_us", -SegmentManifest.MAX_INT, SegmentManifest.MAX_INT);
            Optional<byte[]> hash = u.hex32("hash");
            Optional<Long> length = u.longInteger("length", 0, SegmentManifest.MAX_INT);
            u.end();
            json.check();
            entries.add(new Entry(capture.orElseThrow(), hash.orElseThrow(), length.orElseThrow(), proof));
        }
        o.end();
        json.check();
        return new UnitIndex(camera.orElseThrow(), seq.orElseThrow(), count.orElseThrow(), first.orElseThrow(),
                entries);
    }

    /** The leaf bytes of the {@code i}-th listed unit (segment index {@code firstIndex + i}). */
    public byte[] leaf(int i) {
        Entry e = units.get(i);
        return UnitLeaf.of(firstIndex + i, e.captureUs(), e.hash);
    }
}
