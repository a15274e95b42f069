package jp.mimamori.integrity.seal.internal;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonFormatException;

/**
 * A camera's chain state as the recorder persists it between segments ({@code chain.json}, canonical JSON):
 * <pre>{@code
 * {"camera":"cam-01","format":"mimamori-chain-state","last_manifest_hash":"c0..","next_sequence":8,
 *  "open_sequence":8,"version":1}
 * }</pre>
 * It is the recorder's working memory, not evidence: verifiers trust only signed manifests, and use this file
 * at most as a hint that the newest segment is missing.
 *
 * @param camera           camera id
 * @param nextSequence     the sequence number the next segment gets
 * @param lastManifestHash SHA-256 of the newest sealed manifest, or {@code null} before the first
 * @param openSequence     the sequence number of a segment begun and not yet sealed, or -1
 */
public record ChainState(String camera, long nextSequence, byte[] lastManifestHash, long openSequence) {
    /** The {@code format} value. */
    public static final String FORMAT = "mimamori-chain-state";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Validates. */
    public ChainState {
        if (!ID.matcher(Objects.requireNonNull(camera, "camera")).matches()) {
            throw new IllegalArgumentException("camera: must match " + ID.pattern());
        }
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
        return CanonicalJson.encode(m);
    }

    /** Parses a state file; a damaged one is an {@link IllegalArgumentException} naming the field. */
    public static ChainState parse(byte[] bytes) {
        Object json;
        try {
            json = CanonicalJson.parse(bytes);
        } catch (JsonFormatException e) {
            throw new IllegalArgumentException("chain state: not valid JSON: " + e.getMessage(), e);
        }
        if (!(json instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format")) || !Long.valueOf(1).equals(
                m.get("version"))) {
            throw new IllegalArgumentException("chain state: format must be \"" + FORMAT + "\" version 1");
        }
        Object camera = m.get("camera");
        Object next = m.get("next_sequence");
        Object last = m.get("last_manifest_hash");
        Object open = m.get("open_sequence");
        if (!(camera instanceof String c) || !(next instanceof Long n)) {
            throw new IllegalArgumentException("chain state: camera and next_sequence are required");
        }
        if (last != null && !(last instanceof String s && HEX64.matcher(s).matches())) {
            throw new IllegalArgumentException("last_manifest_hash: must be 64 lowercase hex digits");
        }
        if (open != null && !(open instanceof Long)) {
            throw new IllegalArgumentException("open_sequence: must be an integer");
        }
        return new ChainState(c, n, last == null ? null : HexFormat.of().parseHex((String) last),
                open == null ? -1 : (Long) open);
    }
}
