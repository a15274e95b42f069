package jp.mimamori.integrity.store.internal;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The names of the one-file-per-unit folder layout that partial clips (and the segment manifest v1 vectors) use,
 * in one place; sealed footage itself is kept in the recorder module's store v2:
 * <pre>
 * STORE/&lt;camera&gt;/chain.json                                  recorder chain state (not evidence)
 * STORE/&lt;camera&gt;/&lt;sequence, 12 digits&gt;/manifest.json          canonical manifest bytes (signed)
 * STORE/&lt;camera&gt;/&lt;sequence&gt;/manifest.sig.json                  detached signature
 * STORE/&lt;camera&gt;/&lt;sequence&gt;/units.json                         unit index (capture time, hash, length)
 * STORE/&lt;camera&gt;/&lt;sequence&gt;/units/&lt;index, 8 digits&gt;.ts|.bin     the units, in order
 * </pre>
 */
public final class StoreLayout {
    /** Chain state file name in a camera folder. */
    public static final String CHAIN = "chain.json";
    /** Manifest file name in a segment folder. */
    public static final String MANIFEST = "manifest.json";
    /** Signature file name in a segment folder. */
    public static final String SIGNATURE = "manifest.sig.json";
    /** Unit index file name in a segment folder. */
    public static final String UNITS_INDEX = "units.json";
    /** Unit folder name in a segment folder. */
    public static final String UNITS = "units";
    /** A segment folder name. */
    public static final Pattern SEGMENT_DIR = Pattern.compile("[0-9]{12}");

    private StoreLayout() {}

    /** A camera's folder. */
    public static Path camera(Path store, String camera) {
        return store.resolve(camera);
    }

    /** A segment's folder. */
    public static Path segment(Path store, String camera, long sequence) {
        return camera(store, camera).resolve(segmentName(sequence));
    }

    /** A segment folder's name. */
    public static String segmentName(long sequence) {
        return String.format("%012d", sequence);
    }

    /** A unit file's name. */
    public static String unitName(long index, boolean ts) {
        return String.format("%08d", index) + (ts ? ".ts" : ".bin");
    }
}
