package jp.mimamori.integrity.manifest;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mimamori.core.error.Problem;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;

/**
 * The manifest files (manifest, signature, unit index) read with core's one strict reader ({@link JsonInput},
 * {@link Obj}), its first problem thrown as a {@link ManifestFormatException} naming the field path; and the
 * patterns and encodings they are written with. Not thread-safe: one instance reads one document.
 */
final class ManifestJson {
    static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]*");
    static final HexFormat HEX = HexFormat.of();
    /** What the manifest files' problems cite. */
    static final String REQ = "K3-2-4";

    private final String what;
    private final JsonInput in;

    /** A reader for one document; {@code what} names it where a problem concerns it all. */
    ManifestJson(String what) {
        this.what = what;
        this.in = new JsonInput(what, REQ);
    }

    /**
     * Parses a canonical-JSON document of at most {@code maxBytes}: an object with {@code format} and
     * {@code version} as given.
     */
    Obj document(byte[] bytes, int maxBytes, String format, int version) throws ManifestFormatException {
        if (bytes.length > maxBytes) {
            throw new ManifestFormatException(what + ": larger than " + maxBytes + " bytes");
        }
        CanonicalJson.Limits d = CanonicalJson.defaults();
        Optional<Obj> root = in.canonical(bytes, maxBytes <= d.maxBytes() ? d
                : new CanonicalJson.Limits(maxBytes, d.maxDepth(), d.maxStringLength(), d.maxMembers()));
        check();
        Obj o = root.orElseThrow();
        o.constant("format", format);
        o.longInteger("version", version, version);
        check();
        return o;
    }

    /** Throws the first problem recorded so far as {@code path: text}, the document's name for its root. */
    void check() throws ManifestFormatException {
        if (!in.ok()) {
            Problem p = in.problems().get(0);
            throw new ManifestFormatException(("$".equals(p.path()) ? what : p.path()) + ": " + p.message().en());
        }
    }

    /** An id: a letter or digit, then up to 63 letters, digits, dots, underscores or hyphens. */
    static Optional<String> id(Obj o, String name) {
        return o.matching(name, IdSyntax.PATTERN, "ID(" + IdSyntax.PATTERN.pattern() + ")",
                "an id matching " + IdSyntax.PATTERN.pattern());
    }

    /** A signature algorithm this format knows. */
    static Optional<String> sigAlg(Obj o, String name) {
        Optional<String> alg = o.text(name);
        if (alg.isPresent() && !"ed25519".equals(alg.get()) && !"ecdsa-p256-sha256".equals(alg.get())) {
            o.problem(name, REQ, "不明なアルゴリズムです \"" + alg.get() + "\"",
                    "unknown algorithm \"" + alg.get() + "\"");
            return Optional.empty();
        }
        return alg;
    }

    /** Base64url without padding, as the files write keys and signatures. */
    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
