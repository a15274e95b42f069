package jp.mimamori.core.decision;

import java.util.Optional;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.RequestJson;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;

/**
 * Reads one access or disclosure request from JSON (format in {@code docs/RULES.md}), with the same limits and
 * strictness as the rules reader. Throws nothing but {@link InvalidDocumentException} on any input.
 *
 * <pre>{@code
 * {"type": "access", "principal": "op-tanaka", "action": "VIEW_RECORDED", "camera": "ch-lobby",
 *  "purpose": "CRIME_PREVENTION", "at": "2026-04-01T10:00:00Z"}
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class RequestReader {
    /** Largest request accepted. */
    public static final int MAX_BYTES = 64 * 1024;

    private RequestReader() {}

    /** Reads a request, reporting every problem at once. */
    public static Request parse(byte[] json) throws InvalidDocumentException {
        JsonInput in = new JsonInput("request", "K4-1");
        Optional<Obj> root = in.parse(json, MAX_BYTES);
        Optional<Request> r = root.flatMap(RequestJson::read);
        in.throwIfProblems();
        return r.orElseThrow(() -> new IllegalStateException("request read without problems but incomplete"));
    }
}
