package jp.mimamori.recorder.store.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;

/**
 * The names and the marker of store v2 (docs/FORMATS.md "Store v2"), in one place:
 * <pre>
 * STORE/store.json                               marker: format, version 2, encrypted flag, cipher segment size
 * STORE/store.lock                               the writer's lock (one writer process per store)
 * STORE/&lt;camera&gt;/chain.json                       recorder chain state (a hint, not evidence)
 * STORE/&lt;camera&gt;/keys.vault                       per-segment data keys, wrapped by the KEK (encrypted stores)
 * STORE/&lt;camera&gt;/&lt;sequence, 12 digits&gt;/media.bin    the recorded bytes, plain       (exactly one of
 * STORE/&lt;camera&gt;/&lt;sequence&gt;/media.enc                the recorded bytes, encrypted    these two)
 * STORE/&lt;camera&gt;/&lt;sequence&gt;/units.idx                unit index (binary, {@link UnitIndexFile})
 * STORE/&lt;camera&gt;/&lt;sequence&gt;/manifest.json            canonical manifest bytes (segment manifest v1)
 * STORE/&lt;camera&gt;/&lt;sequence&gt;/manifest.sig.json        detached signature
 * </pre>
 *
 * @param encrypted   whether segments are encrypted at rest
 * @param segmentSize the streaming cipher's ciphertext segment size (encrypted stores), else 0
 */
public record StoreV2(boolean encrypted, int segmentSize) {
    /** The marker's file name. */
    public static final String MARKER = "store.json";
    /** The writer's lock file name. */
    public static final String LOCK = "store.lock";
    /** The marker's {@code format}. */
    public static final String FORMAT = "mimamori-store";
    /** The store format version. */
    public static final int VERSION = 2;
    /** Chain state file name in a camera folder. */
    public static final String CHAIN = "chain.json";
    /** Key vault file name in a camera folder. */
    public static final String VAULT = "keys.vault";
    /** Plain media file name in a segment folder. */
    public static final String MEDIA_PLAIN = "media.bin";
    /** Encrypted media file name in a segment folder. */
    public static final String MEDIA_ENCRYPTED = "media.enc";
    /** Unit index file name in a segment folder. */
    public static final String UNITS = "units.idx";
    /** Manifest file name in a segment folder. */
    public static final String MANIFEST = "manifest.json";
    /** Signature file name in a segment folder. */
    public static final String SIGNATURE = "manifest.sig.json";
    /** A segment folder name. */
    public static final Pattern SEGMENT_DIR = Pattern.compile("[0-9]{12}");
    /** The ciphertext segment size new encrypted stores use: 64 KiB (bounded heap per camera, fine random access). */
    public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;

    /** Validates. */
    public StoreV2 {
        if (encrypted && (segmentSize < 1024 || segmentSize > (1 << 20))) {
            throw new IllegalArgumentException("segment_size: must be within 1024..1048576");
        }
        if (!encrypted && segmentSize != 0) {
            throw new IllegalArgumentException("segment_size: only for encrypted stores");
        }
    }

    /** The media file name of a segment in this store. */
    public String media() {
        return encrypted ? MEDIA_ENCRYPTED : MEDIA_PLAIN;
    }

    /** A segment folder's name. */
    public static String segmentName(long sequence) {
        return String.format("%012d", sequence);
    }

    /** The associated data binding a segment's ciphertext to its camera and sequence number. */
    public static byte[] associatedData(String camera, long sequence) {
        return ("mimamori-store-v2:" + camera + ":" + sequence).getBytes(StandardCharsets.US_ASCII);
    }

    /** The marker's canonical bytes. */
    public byte[] encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", (long) VERSION);
        m.put("encrypted", encrypted);
        if (encrypted) {
            m.put("segment_size", (long) segmentSize);
        }
        return CanonicalJson.encode(m);
    }

    /** Parses a marker; a malformed one is an {@link InvalidDocumentException} naming the field. */
    public static StoreV2 parse(byte[] bytes) throws InvalidDocumentException {
        JsonInput in = new JsonInput("store marker", "K3-2-4");
        Obj m = in.canonicalDocument(bytes);
        m.constant("format", FORMAT);
        m.integer("version", VERSION, VERSION);
        Optional<Boolean> enc = m.bool("encrypted");
        Optional<Integer> seg = m.optInteger("segment_size", 1024, 1 << 20);
        m.end();
        in.throwIfProblems();
        boolean e = enc.orElseThrow();
        if (e != seg.isPresent()) {
            throw new InvalidDocumentException("store marker", java.util.List.of(jp.mimamori.core.error.Problem.of(
                    "segment_size", "K3-2-4", jp.mimamori.core.text.LocalizedText.of(
                            "暗号化されたストアにだけ必要です", "present exactly when encrypted"))));
        }
        return new StoreV2(e, seg.orElse(0));
    }

    /** Whether {@code folder} holds a store marker (a regular file, not a link). */
    public static boolean isStore(Path folder) {
        return Files.isRegularFile(folder.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    /** Reads a store's marker. */
    public static StoreV2 read(Path folder) throws IOException, InvalidDocumentException {
        Path p = folder.resolve(MARKER);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(MARKER + ": missing or not a regular file in " + folder.getFileName()
                    + " (not a store v2) / ストア v2 ではありません");
        }
        return parse(BoundedFiles.read(p, 4096));
    }

    /** Writes the marker durably. */
    public void write(Path folder) throws IOException {
        DurableFiles.replace(folder.resolve(MARKER), encode());
    }
}
