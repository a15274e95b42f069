package jp.mimamori.core.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.error.Problem;
import jp.mimamori.core.text.LocalizedText;

/**
 * Parses one JSON document with Mimamori's limits and collects problems. Usage:
 *
 * <pre>{@code
 * JsonInput in = new JsonInput("operating rules", "K4-1");
 * Optional<Obj> root = in.parse(bytes, JsonInput.MAX_BYTES);
 * ... read fields from root, each bad field adds a problem ...
 * in.throwIfProblems();
 * }</pre>
 *
 * <p>Two entry points, one field reader ({@link Obj}) and one limits type ({@link CanonicalJson.Limits}):
 * {@link #parse} for documents people write (operating rules, requests, profiles), whose parse errors keep the
 * wording users already see, and {@link #canonical} for files the library writes itself (stores, holds,
 * receipts, chain state), parsed by the strict RFC 8785 parser: no floats, ASCII keys, integers within
 * ±(2<sup>53</sup>−1). Both reject duplicate keys and, through {@link Obj#end()}, unknown fields. Not
 * thread-safe; one instance reads one document.
 */
public final class JsonInput {
    /**
     * Limits for documents people write: 16 MiB, nesting depth 32 (our formats need fewer than ten levels),
     * strings of 64 Ki characters, 1 Mi members per container.
     */
    public static final CanonicalJson.Limits LIMITS = new CanonicalJson.Limits(16 * 1024 * 1024, 32, 64 * 1024,
            1 << 20);
    /** Largest document accepted ({@link #LIMITS}): rules for thousands of cameras fit well below. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /** Deepest nesting accepted ({@link #LIMITS}). */
    public static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(LIMITS.maxDepth())
                            .maxStringLength(LIMITS.maxStringLength())
                            .maxNumberLength(32)
                            .maxDocumentLength(LIMITS.maxBytes())
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String what;
    private final String requirement;
    private final List<Problem> problems = new ArrayList<>();

    /**
     * @param what        the document's name for messages, such as {@code "operating rules"}
     * @param requirement the requirement structural problems cite, such as {@code K4-1}
     */
    public JsonInput(String what, String requirement) {
        this.what = what;
        this.requirement = requirement;
    }

    /** Parses {@code bytes} as one JSON object; on failure records a problem at {@code $} and returns empty. */
    public Optional<Obj> parse(byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            problem("$", "文書が大きすぎます(" + bytes.length + "バイト、上限" + maxBytes + "バイト)",
                    "document too large (" + bytes.length + " bytes, limit " + maxBytes + ")");
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's own wording, without its source-location noise (our path and line say where).
            String detail = e.getOriginalMessage()
                    .replaceAll("\\s*\\(start marker at .*?\\]\\)", "")
                    .replaceAll(", from `[^`]*`", "");
            int nl = detail.indexOf('\n');
            if (nl >= 0) {
                detail = detail.substring(0, nl);
            }
            if (detail.length() > 200) {
                detail = detail.substring(0, 200) + "…";
            }
            String at = at(Optional.ofNullable(e.getLocation()).or(() -> whereItTrips(bytes)));
            problem("$", "JSONとして読めません: " + detail + at, "not valid JSON: " + detail + at);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // Anything else from deep inside the parser is still bad input, never a crash.
            String at = at(whereItTrips(bytes));
            problem("$", "JSONとして読めません" + at, "not valid JSON: " + e.getClass().getSimpleName() + at);
            return Optional.empty();
        }
        if (node == null || node.isMissingNode()) {
            problem("$", "文書が空です", "empty document");
            return Optional.empty();
        }
        if (!node.isObject()) {
            problem("$", "JSONオブジェクトが必要です", "must be a JSON object");
            return Optional.empty();
        }
        return Optional.of(new Obj(this, Obj.keyed((Map<?, ?>) plain(node)), "", requirement));
    }

    private static String at(Optional<JsonLocation> loc) {
        return loc.map(l -> " at line " + l.getLineNr() + ", column " + l.getColumnNr()).orElse("");
    }

    /**
     * Where a streaming read of {@code bytes} fails: Jackson's limit errors (nesting depth, string and number
     * length) carry no location, so the document is read again token by token to find the line and column.
     */
    private static Optional<JsonLocation> whereItTrips(byte[] bytes) {
        JsonParser p = null;
        try {
            p = MAPPER.createParser(bytes);
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME || t.isScalarValue()) {
                    p.getText();
                    if (t.isNumeric()) {
                        p.getNumberValue();
                    }
                }
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            if (e.getLocation() != null) {
                return Optional.of(e.getLocation());
            }
            return p == null ? Optional.empty() : Optional.of(p.currentLocation());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // a parser over a byte array has nothing to release
                }
            }
        }
    }

    /** Jackson's tree as the plain values {@link CanonicalJson} gives, members in document order. */
    private static Object plain(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        // JSON null is absent to Obj; other numbers (fractions, huge integers) are wrong-typed wherever read.
        return n.isNull() ? null : n.numberValue();
    }

    /**
     * Parses {@code bytes} with the strict RFC 8785 parser under {@code limits}; on failure records a problem
     * at the offending JSON path and returns empty.
     */
    public Optional<Obj> canonical(byte[] bytes, CanonicalJson.Limits limits) {
        Object v;
        try {
            v = CanonicalJson.parse(bytes, limits);
        } catch (JsonFormatException e) {
            String at = e.path().equals("$") ? "$" : e.path().substring(e.path().startsWith("$.") ? 2 : 1);
            String en = e.text().en().substring(e.path().length() + 2);
            String ja = e.text().ja().substring(e.path().length() + 2);
            problem(at, "JSONとして読めません: " + ja, "not valid JSON: " + en);
            return Optional.empty();
        }
        if (!(v instanceof Map<?, ?> m)) {
            problem("$", "JSONオブジェクトが必要です", "must be a JSON object");
            return Optional.empty();
        }
        return Optional.of(new Obj(this, Obj.keyed(m), "", requirement));
    }

    /** {@link #canonical(byte[], CanonicalJson.Limits)} under {@link CanonicalJson#defaults()}. */
    public Optional<Obj> canonical(byte[] bytes) {
        return canonical(bytes, CanonicalJson.defaults());
    }

    /**
     * Reads {@code value}, already parsed by {@link CanonicalJson} (such as an evidence record's body), as an
     * object; a non-object is a problem at {@code $}.
     */
    public Optional<Obj> value(Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            problem("$", "JSONオブジェクトが必要です", "must be a JSON object");
            return Optional.empty();
        }
        return Optional.of(new Obj(this, Obj.keyed(m), "", requirement));
    }

    /**
     * {@link #canonical(byte[])} for a whole document that must be read: the root object, or the typed
     * exception.
     *
     * @throws InvalidDocumentException if the bytes are not one canonical-profile JSON object
     */
    public Obj canonicalDocument(byte[] bytes) throws InvalidDocumentException {
        Optional<Obj> parsed = canonical(bytes);
        if (parsed.isEmpty()) {
            throwIfProblems();
        }
        return parsed.orElseThrow();
    }

    /**
     * Parses {@code bytes} as a document of {@code format}, version 1: the root object, with {@code format} and
     * {@code format_version} already read and checked.
     *
     * @throws InvalidDocumentException if the bytes are not one JSON object within the limits
     */
    public Obj document(byte[] bytes, int maxBytes, String format) throws InvalidDocumentException {
        Optional<Obj> parsed = parse(bytes, maxBytes);
        if (parsed.isEmpty()) {
            throwIfProblems();
        }
        Obj root = parsed.orElseThrow();
        root.text("format").filter(f -> !f.equals(format)).ifPresent(f ->
                root.problem("format", requirement, "\"" + format + "\"が必要です", "must be \"" + format + "\""));
        root.integer("format_version", 1, 1);
        return root;
    }

    /** Records a problem citing the document's requirement. */
    public void problem(String path, String ja, String en) {
        problems.add(Problem.of(path.isEmpty() ? "$" : path, requirement, LocalizedText.of(ja, en)));
    }

    /** Records a problem citing {@code req}. */
    public void problem(String path, String req, String ja, String en) {
        problems.add(Problem.of(path.isEmpty() ? "$" : path, req, LocalizedText.of(ja, en)));
    }

    /** Records a ready-made problem. */
    public void problem(Problem p) {
        problems.add(p);
    }

    /** The problems so far. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Whether nothing is wrong so far. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** Throws the typed exception when any problem was recorded. */
    public void throwIfProblems() throws InvalidDocumentException {
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(what, problems);
        }
    }
}
