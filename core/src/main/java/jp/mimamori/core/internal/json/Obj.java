package jp.mimamori.core.internal.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import jp.mimamori.core.crypto.DocumentSignature;

/**
 * A JSON object being read field by field. Each accessor records a problem with the field's path when the
 * field is missing or of the wrong form and returns empty; {@link #end()} records every field nobody read
 * (unknown fields are rejected). Values are the plain ones {@link CanonicalJson#parse(byte[])} returns
 * ({@code Map}, {@code List}, {@code String}, {@code Long}, {@code Boolean}); numbers that are not such
 * integers are wrong-typed wherever an integer is asked for. Not thread-safe.
 */
public final class Obj {
    private static final java.util.regex.Pattern HEX64 = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    private static final java.util.regex.Pattern B64URL = java.util.regex.Pattern.compile("[A-Za-z0-9_-]*");
    private static final HexFormat HEX = HexFormat.of();

    private final JsonInput in;
    private final Map<String, ?> node;
    private final String path;
    private final String requirement;
    private final Set<String> read = new HashSet<>();

    Obj(JsonInput in, Map<String, ?> node, String path, String requirement) {
        this.in = in;
        this.node = node;
        this.path = path;
        this.requirement = requirement;
    }

    /** This object's path, {@code ""} for the root. */
    public String path() {
        return path;
    }

    /** The path of field {@code name} of this object. */
    public String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Whether the field is present and not null. */
    public boolean has(String name) {
        return node.get(name) != null;
    }

    private Optional<Object> field(String name, boolean required) {
        read.add(name);
        Object v = node.get(name);
        if (v == null) {
            if (required) {
                in.problem(at(name), requirement, "必須の項目がありません", "required field is missing");
            }
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** The field as a {@code type}; a value of another type is the problem "must be {@code en}". */
    private <T> Optional<T> typed(String name, boolean required, Class<T> type, String ja, String en) {
        Optional<Object> v = field(name, required);
        if (v.isPresent() && !type.isInstance(v.get())) {
            wrongType(name, ja, en);
            return Optional.empty();
        }
        return v.map(type::cast);
    }

    private void wrongType(String name, String ja, String en) {
        in.problem(at(name), requirement, ja + "が必要です", "must be " + en);
    }

    /** A required non-blank string. */
    public Optional<String> text(String name) {
        return text(name, true);
    }

    /** A required string, possibly blank (free text such as a note). */
    public Optional<String> string(String name) {
        return typed(name, true, String.class, "文字列", "a string");
    }

    /** An optional string (absent or null is empty; blank is a problem). */
    public Optional<String> optText(String name) {
        return text(name, false);
    }

    private Optional<String> text(String name, boolean required) {
        Optional<String> v = typed(name, required, String.class, "文字列", "a string");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get();
        if (s.isBlank()) {
            in.problem(at(name), requirement, "空にできません", "must not be blank");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** A required integer within [min, max]. */
    public Optional<Integer> integer(String name, int min, int max) {
        return integer(name, min, max, true);
    }

    /** An optional integer within [min, max]. */
    public Optional<Integer> optInteger(String name, int min, int max) {
        return integer(name, min, max, false);
    }

    private Optional<Integer> integer(String name, int min, int max, boolean required) {
        Optional<Long> n = typed(name, required, Long.class, "整数", "an integer");
        if (n.isPresent() && (n.get() < Integer.MIN_VALUE || n.get() > Integer.MAX_VALUE)) {
            wrongType(name, "整数", "an integer");
            return Optional.empty();
        }
        return n.flatMap(x -> inRange(name, x, min, max)).map(Long::intValue);
    }

    /** A required integer within [min, max] (at most ±(2<sup>53</sup>−1) as canonical JSON allows). */
    public Optional<Long> longInteger(String name, long min, long max) {
        return longInteger(name, min, max, true);
    }

    /** An optional integer within [min, max]. */
    public Optional<Long> optLongInteger(String name, long min, long max) {
        return longInteger(name, min, max, false);
    }

    private Optional<Long> longInteger(String name, long min, long max, boolean required) {
        return typed(name, required, Long.class, "整数", "an integer").flatMap(n -> inRange(name, n, min, max));
    }

    private Optional<Long> inRange(String name, long n, long min, long max) {
        if (n < min || n > max) {
            in.problem(at(name), requirement, n + "は" + min + "から" + max + "の範囲外です",
                    n + " is outside " + min + " to " + max);
            return Optional.empty();
        }
        return Optional.of(n);
    }

    /** A required boolean. */
    public Optional<Boolean> bool(String name) {
        return bool(name, true);
    }

    /** An optional boolean. */
    public Optional<Boolean> optBool(String name) {
        return bool(name, false);
    }

    private Optional<Boolean> bool(String name, boolean required) {
        return typed(name, required, Boolean.class, "真偽値", "true or false");
    }

    /** A required string that is exactly {@code expected}. */
    public Optional<String> constant(String name, String expected) {
        Optional<String> s = text(name, true);
        if (s.isPresent() && !s.get().equals(expected)) {
            in.problem(at(name), requirement, "\"" + expected + "\"が必要です", "must be \"" + expected + "\"");
            return Optional.empty();
        }
        return s;
    }

    /**
     * A required string matching {@code pattern} in full; {@code ja}/{@code en} say what it must be, such as
     * "64 lowercase hex digits".
     */
    public Optional<String> matching(String name, java.util.regex.Pattern pattern, String ja, String en) {
        return matching(name, true, pattern, ja, en);
    }

    /** An optional string matching {@code pattern} in full. */
    public Optional<String> optMatching(String name, java.util.regex.Pattern pattern, String ja, String en) {
        return matching(name, false, pattern, ja, en);
    }

    private Optional<String> matching(String name, boolean required, java.util.regex.Pattern pattern, String ja,
                                      String en) {
        Optional<String> s = text(name, required);
        if (s.isPresent() && !pattern.matcher(s.get()).matches()) {
            wrongType(name, ja, en);
            return Optional.empty();
        }
        return s;
    }

    /** A required string of 64 lowercase hex digits, decoded to its 32 bytes. */
    public Optional<byte[]> hex32(String name) {
        return matching(name, true, HEX64, "小文字16進数64桁", "64 lowercase hex digits").map(HEX::parseHex);
    }

    /** An optional string of 64 lowercase hex digits, decoded to its 32 bytes. */
    public Optional<byte[]> optHex32(String name) {
        return matching(name, false, HEX64, "小文字16進数64桁", "64 lowercase hex digits").map(HEX::parseHex);
    }

    /**
     * A required string of base64url without padding (RFC 4648 section 5), decoding to at most {@code maxBytes}
     * bytes; a longer string is refused before it is decoded.
     */
    public Optional<byte[]> base64url(String name, int maxBytes) {
        Optional<String> s = text(name, true);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String v = s.get();
        if (v.length() <= maxBytes * 4 / 3 + 4 && B64URL.matcher(v).matches() && v.length() % 4 != 1) {
            try {
                return Optional.of(Base64.getUrlDecoder().decode(v));
            } catch (IllegalArgumentException e) {
                // not base64url after all: the problem below
            }
        }
        wrongType(name, "パディングなしのbase64url", "base64url without padding");
        return Optional.empty();
    }

    /** A required RFC 3339 instant such as {@code 2026-04-01T09:00:00Z}. */
    public Optional<Instant> instant(String name) {
        return parsed(name, true, Instant::parse, "日時(例 2026-04-01T09:00:00Z)",
                "an instant such as 2026-04-01T09:00:00Z");
    }

    /** An optional instant. */
    public Optional<Instant> optInstant(String name) {
        return parsed(name, false, Instant::parse, "日時(例 2026-04-01T09:00:00Z)",
                "an instant such as 2026-04-01T09:00:00Z");
    }

    /** A required date such as {@code 2026-04-01}. */
    public Optional<LocalDate> date(String name) {
        return parsed(name, true, LocalDate::parse, "日付(例 2026-04-01)", "a date such as 2026-04-01");
    }

    /** An optional date. */
    public Optional<LocalDate> optDate(String name) {
        return parsed(name, false, LocalDate::parse, "日付(例 2026-04-01)", "a date such as 2026-04-01");
    }

    private <T> Optional<T> parsed(String name, boolean required, Function<String, T> parse, String ja, String en) {
        Optional<String> s = text(name, required);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(s.get()));
        } catch (DateTimeParseException e) {
            wrongType(name, ja, en);
            return Optional.empty();
        }
    }

    /** A required enum constant, written as its name. */
    public <E extends Enum<E>> Optional<E> enumValue(String name, Class<E> type) {
        Optional<String> s = text(name, true);
        return s.flatMap(v -> constant(at(name), v, type));
    }

    private <E extends Enum<E>> Optional<E> constant(String where, String v, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return Optional.of(e);
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name());
        }
        String shown = v.length() > 40 ? v.substring(0, 40) + "…" : v;
        in.problem(where, requirement, "\"" + shown + "\"は使えません(" + allowed + ")",
                "\"" + shown + "\" is not one of " + allowed);
        return Optional.empty();
    }

    /** An array of enum constants; {@code required} arrays must be present and non-empty. */
    public <E extends Enum<E>> Set<E> enumSet(String name, Class<E> type, boolean required) {
        Set<E> out = EnumSet.noneOf(type);
        List<?> items = array(name, required);
        for (int i = 0; i < items.size(); i++) {
            String where = at(name) + "[" + i + "]";
            if (!(items.get(i) instanceof String n)) {
                in.problem(where, requirement, "文字列が必要です", "must be a string");
                continue;
            }
            constant(where, n, type).ifPresent(e -> {
                if (!out.add(e)) {
                    in.problem(where, requirement, "重複しています", "duplicate entry");
                }
            });
        }
        return out;
    }

    /** An array of non-blank strings, no duplicates. */
    public Set<String> textSet(String name, boolean required) {
        Set<String> out = new LinkedHashSet<>();
        List<?> items = array(name, required);
        for (int i = 0; i < items.size(); i++) {
            String where = at(name) + "[" + i + "]";
            if (!(items.get(i) instanceof String n) || n.isBlank()) {
                in.problem(where, requirement, "空でない文字列が必要です", "must be a non-blank string");
            } else if (!out.add(n)) {
                in.problem(where, requirement, "重複しています", "duplicate entry");
            }
        }
        return out;
    }

    /** A required or optional nested object. */
    public Optional<Obj> object(String name, boolean required) {
        return typed(name, required, Map.class, "オブジェクト", "an object")
                .map(o -> new Obj(in, keyed(o), at(name), requirement));
    }

    @SuppressWarnings("unchecked")
    static Map<String, ?> keyed(Map<?, ?> m) {
        // Both parsers behind JsonInput give String keys only.
        return (Map<String, ?>) m;
    }

    /**
     * An optional signature member {@code {"alg","key_id","sig"}} as {@link DocumentSignature#toJson()} writes
     * it: unknown members and a malformed value are problems citing {@code req}; empty when absent or malformed.
     */
    public Optional<DocumentSignature> signature(String name, String req) {
        return object(name, false).flatMap(s -> {
            Optional<String> alg = s.text("alg");
            Optional<String> keyId = s.text("key_id");
            Optional<String> sig = s.text("sig");
            s.end();
            if (alg.isEmpty() || keyId.isEmpty() || sig.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(DocumentSignature.fromJson(alg.get(), keyId.get(), sig.get()));
            } catch (IllegalArgumentException e) {
                int colon = e.getMessage().indexOf(':');
                s.problem(e.getMessage().substring(0, colon), req, "署名の形式が正しくありません",
                        e.getMessage().substring(colon + 2));
                return Optional.empty();
            }
        });
    }

    /** An array of objects, each with its indexed path; non-objects are problems. */
    public List<Obj> objects(String name, boolean required) {
        return objects(name, required, Integer.MAX_VALUE);
    }

    /** An array of at most {@code max} objects, each with its indexed path; non-objects are problems. */
    public List<Obj> objects(String name, boolean required, int max) {
        List<?> items = array(name, required, max);
        List<Obj> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String where = at(name) + "[" + i + "]";
            if (items.get(i) instanceof Map<?, ?> o) {
                out.add(new Obj(in, keyed(o), where, requirement));
            } else {
                in.problem(where, requirement, "オブジェクトが必要です", "must be an object");
            }
        }
        return out;
    }

    /** An array of strings matching {@code pattern}, in order (duplicates allowed). */
    public List<String> texts(String name, boolean required, java.util.regex.Pattern pattern, String ja,
                              String en) {
        return texts(name, required, Integer.MAX_VALUE, pattern, ja, en);
    }

    /** An array of at most {@code max} strings matching {@code pattern}, in order (duplicates allowed). */
    public List<String> texts(String name, boolean required, int max, java.util.regex.Pattern pattern, String ja,
                              String en) {
        List<?> items = array(name, required, max);
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String where = at(name) + "[" + i + "]";
            if (items.get(i) instanceof String n && pattern.matcher(n).matches()) {
                out.add(n);
            } else {
                in.problem(where, requirement, ja + "が必要です", "must be " + en);
            }
        }
        return out;
    }

    /** An array of integers within [min, max], in order; anything else is a problem at its indexed path. */
    public List<Long> longIntegers(String name, boolean required, long min, long max) {
        List<?> items = array(name, required);
        List<Long> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String where = at(name) + "[" + i + "]";
            if (items.get(i) instanceof Long n && n >= min && n <= max) {
                out.add(n);
            } else {
                in.problem(where, requirement, min + "から" + max + "の整数が必要です",
                        "must be an integer from " + min + " to " + max);
            }
        }
        return out;
    }

    private List<?> array(String name, boolean required) {
        return array(name, required, Integer.MAX_VALUE);
    }

    private List<?> array(String name, boolean required, int max) {
        Optional<List<?>> v = typed(name, required, List.class, "配列", "an array").map(l -> l);
        if (v.isEmpty()) {
            return List.of();
        }
        List<?> l = v.get();
        if (l.size() > max) {
            in.problem(at(name), requirement, max + "件を超えています", "more than " + max + " entries");
            return List.of();
        }
        return l;
    }

    /** Records each field that was never read as unknown. Call once, after reading all known fields. */
    public void end() {
        Iterator<String> names = node.keySet().iterator();
        while (names.hasNext()) {
            String n = names.next();
            if (!read.contains(n)) {
                in.problem(at(n), requirement, "不明な項目です", "unknown field");
            }
        }
    }

    /** Records a problem at field {@code name} of this object, citing {@code req}. */
    public void problem(String name, String req, String ja, String en) {
        in.problem(name.isEmpty() ? path : at(name), req, ja, en);
    }
}
