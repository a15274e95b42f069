package jp.mimamori.integrity.seal.internal;

import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;

/**
 * A camera's chain state as the recorder persists it between segments ({@code chain.json}, canonical JSON):
 * <pre>{@code
 * {"camera":"cam-01","format":"mimamori-chain-state","last_manifest_hash":"c0..","next_sequence":8,
 *  "open_sequence":8,"unsealed":[6],"version":1}
 * }</pre>
 * It is the recorder's working memory, not evidence: verifiers trust only signed manifests, and use this file
 * at most as a hint that the newest segment is missing.
 *
 * @param camera           camera id
 * @param nextSequence     the sequence number the next segment gets
 * @param lastManifestHash SHA-256 of the newest sealed manifest, or {@code null} before the first
 * @param openSequence     the sequence number of a segment begun and not yet sealed, or -1
 * @param unsealed         segments a crash left unsealed that no sealed manifest records yet (the next sealed
 *                         manifest names them all, so two crashes in a row are both recorded)
 */
public record ChainState(String camera, long nextSequence, byte[] lastManifestHash, long openSequence,
                         List<Long> unsealed) {
    /** The {@code format} value. */
    public static final String FORMAT = "mimamori-chain-state";
    /** The most unrecorded crashes a state keeps. */
    public static final int MAX_UNSEALED = 1000;
    /** Largest state file read: far above what {@link #MAX_UNSEALED} entries take; a larger one is refused unread. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** A state with no unrecorded crashes. */
    public ChainState(String camera, long nextSequence, byte[] lastManifestHash, long openSequence) {
        this(camera, nextSequence, lastManifestHash, openSequence, List.of());
    }

    /** Validates. */
    public ChainState {
        unsealed = List.copyOf(Objects.requireNonNull(unsealed, "unsealed"));
        if (unsealed.size() > MAX_UNSEALED) {
            throw new IllegalArgumentException("unsealed: at most " + MAX_UNSEALED + " entries");
        }
        IdSyntax.require(camera, "camera");
        if (nextSequence < 0 || openSequence < -1) {
            throw new IllegalArgumentException("next_sequence: must be >= 0");
        }
        if (lastManifestHash != null) {
            lastManifestHash = lastManifestHash.clone();
            if (lastManifestHash.length != 32) {
                throw new IllegalArgumentException("last_manifest_hash: must be 32 bytes");
            }
        }
    }

    /** The {@code lastManifestHash} component, as a copy (or null): the record keeps its own. */
    @Override
    public byte[] lastManifestHash() {
        return lastManifestHash == null ? null : lastManifestHash.clone();
    }

    /** The canonical JSON bytes. */
    public byte[] encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", 1L);
        m.put("camera", camera);
        m.put("next_sequence", nextSequence);
        if (lastManifestHash != null) {
            m.put("last_manifest_hash", HexFormat.of().formatHex(lastManifestHash));
        }
        if (openSequence >= 0) {
            m.put("open_sequence", openSequence);
        }
        if (!unsealed.isEmpty()) {
            m.put("unsealed", List.copyOf(unsealed));
        }
        return CanonicalJson.encode(m);
    }

    /** Parses a state file; a damaged one is an {@link IllegalArgumentException} naming the field. */
    public static ChainState parse(byte[] bytes) {
        JsonInput in = new JsonInput("chain state", "K3-2-4");
        try {
            Obj m = in.canonicalDocument(bytes);
            m.constant("format", FORMAT);
            m.integer("version", 1, 1);
            Optional<String> camera = m.matching("camera", IdSyntax.PATTERN, "カメラID", "a camera id");
            Optional<Long> next = m.longInteger("next_sequence", 0, CanonicalJson.MAX_SAFE_INTEGER);
            Optional<String> last = m.optMatching("last_manifest_hash", HEX64, "小文字16進数64桁",
                    "64 lowercase hex digits");
            Optional<Long> open = m.optLongInteger("open_sequence", 0, CanonicalJson.MAX_SAFE_INTEGER);
            List<Long> unsealed = m.longIntegers("unsealed", false, 0, CanonicalJson.MAX_SAFE_INTEGER);
            m.end();
            in.throwIfProblems();
            return new ChainState(camera.orElseThrow(), next.orElseThrow(),
                    last.map(HexFormat.of()::parseHex).orElse(null), open.orElse(-1L), unsealed);
        } catch (InvalidDocumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Equal when every field is equal, the hash by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ChainState s && s.camera.equals(camera) && s.nextSequence == nextSequence
                && java.util.Arrays.equals(s.lastManifestHash, lastManifestHash) && s.openSequence == openSequence
                && s.unsealed.equals(unsealed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(camera, nextSequence, openSequence) * 31 + java.util.Arrays.hashCode(lastManifestHash);
    }

    @Override
    public String toString() {
        return "ChainState[camera=" + camera + ", nextSequence=" + nextSequence + ", lastManifestHash="
                + (lastManifestHash == null ? "-" : HexFormat.of().formatHex(lastManifestHash)) + ", openSequence="
                + openSequence + ", unsealed=" + unsealed + "]";
    }
}
