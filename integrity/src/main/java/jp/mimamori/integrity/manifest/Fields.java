package jp.mimamori.integrity.manifest;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonFormatException;

/** Reading typed fields out of parsed canonical JSON, with errors naming the field path. */
final class Fields {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]*");
    static final HexFormat HEX = HexFormat.of();

    private final Map<?, ?> map;
    private final String path;

    private Fields(Map<?, ?> map, String path) {
        this.map = map;
        this.path = path;
    }

    static Fields of(Object o, String path) throws ManifestFormatException {
        if (!(o instanceof Map<?, ?> m)) {
            throw new ManifestFormatException(path + ": must be a JSON object");
        }
        return new Fields(m, path);
    }

    /**
     * Parses a canonical-JSON document of at most {@code maxBytes}: an object with only the allowed fields,
     * {@code format} and {@code version} as given. Errors start with {@code what}.
     */
    static Fields document(byte[] bytes, String what, int maxBytes, String format, int version, Set<String> fields)
            throws ManifestFormatException {
        if (bytes.length > maxBytes) {
            throw new ManifestFormatException(what + ": larger than " + maxBytes + " bytes");
        }
        Object json;
        try {
            CanonicalJson.Limits d = CanonicalJson.defaults();
            json = CanonicalJson.parse(bytes, maxBytes <= d.maxBytes() ? d
                    : new CanonicalJson.Limits(maxBytes, d.maxDepth(), d.maxStringLength(), d.maxMembers()));
        } catch (JsonFormatException e) {
            throw new ManifestFormatException(what + ": not valid JSON: " + e.getMessage());
        }
        Fields f = of(json, "");
        f.only(fields);
        f.constant("format", format);
        f.integer("version", version, version);
        return f;
    }

    String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    void only(Set<String> allowed) throws ManifestFormatException {
        for (Object k : map.keySet()) {
            if (!allowed.contains(k)) {
                throw new ManifestFormatException(at(String.valueOf(k)) + ": unknown field");
            }
        }
    }

    boolean has(String name) {
        return map.containsKey(name);
    }

    Object raw(String name) throws ManifestFormatException {
        Object v = map.get(name);
        if (v == null) {
            throw new ManifestFormatException(at(name) + ": missing");
        }
        return v;
    }

    String str(String name) throws ManifestFormatException {
        if (!(raw(name) instanceof String s)) {
            throw new ManifestFormatException(at(name) + ": must be a string");
        }
        return s;
    }

    String constant(String name, String expected) throws ManifestFormatException {
        String s = str(name);
        if (!s.equals(expected)) {
            throw new ManifestFormatException(at(name) + ": must be \"" + expected + "\"");
        }
        return s;
    }

    long integer(String name, long min, long max) throws ManifestFormatException {
        Object v = raw(name);
        long n;
        if (v instanceof Long l) {
            n = l;
        } else if (v instanceof Integer i) {
            n = i;
        } else {
            throw new ManifestFormatException(at(name) + ": must be an integer");
        }
        if (n < min || n > max) {
            throw new ManifestFormatException(at(name) + ": " + n + " outside " + min + ".." + max);
        }
        return n;
    }

    String id(String name) throws ManifestFormatException {
        String s = str(name);
        if (!ID.matcher(s).matches()) {
            throw new ManifestFormatException(at(name) + ": must match " + ID.pattern());
        }
        return s;
    }

    byte[] hex32(String name) throws ManifestFormatException {
        String s = str(name);
        if (!HEX64.matcher(s).matches()) {
            throw new ManifestFormatException(at(name) + ": must be 64 lowercase hex digits");
        }
        return HEX.parseHex(s);
    }

    byte[] b64url(String name, int maxLen) throws ManifestFormatException {
        String s = str(name);
        if (s.length() > maxLen * 4 / 3 + 4 || !B64URL.matcher(s).matches() || s.length() % 4 == 1) {
            throw new ManifestFormatException(at(name) + ": must be base64url without padding");
        }
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException(at(name) + ": must be base64url without padding");
        }
    }

    List<?> list(String name, int max) throws ManifestFormatException {
        if (!(raw(name) instanceof List<?> l)) {
            throw new ManifestFormatException(at(name) + ": must be an array");
        }
        if (l.size() > max) {
            throw new ManifestFormatException(at(name) + ": more than " + max + " entries");
        }
        return l;
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
