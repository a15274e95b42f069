package jp.mimamori.core.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class JsonInput {
    /** Largest document accepted: rules for thousands of cameras fit well below. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /** Deepest nesting accepted; our formats need fewer than ten levels. */
    public static final int MAX_DEPTH = 32;
    /** Longest string accepted. */
    public static final int MAX_STRING = 64 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING)
                            .maxNumberLength(32)
                            .maxDocumentLength(MAX_BYTES)
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
            var loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            problem("$", "JSONとして読めません: " + detail + at, "not valid JSON: " + detail + at);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // Jackson reports limit breaches as StreamConstraintsException (an IOException); anything else from
            // deep inside the parser is still bad input, never a crash.
            problem("$", "JSONとして読めません", "not valid JSON: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
        if (node == null || node.isMissingNode()) {
            problem("$", "文書が空です", "empty document");
            return Optional.empty();
        }
        if (!(node instanceof ObjectNode obj)) {
            problem("$", "JSONオブジェクトが必要です", "must be a JSON object");
            return Optional.empty();
        }
        return Optional.of(new Obj(this, obj, "", requirement));
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
