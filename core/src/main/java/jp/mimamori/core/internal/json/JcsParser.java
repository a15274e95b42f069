package jp.mimamori.core.internal.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Strict single-pass parser over UTF-8 bytes; see {@link CanonicalJson} for the profile. Not thread-safe. */
final class JcsParser {
    private static final String RULES = " (DESIGN format rules)";
    private static final String RULES_JA = "（DESIGN の形式規則）";

    private final byte[] in;
    private final CanonicalJson.Limits limits;
    private int pos;
    /** The path to the value being parsed: String keys and Integer indexes, built into text only on error. */
    private final Object[] path;
    private int pathLen;
    private final StringBuilder sb = new StringBuilder();

    JcsParser(byte[] in, CanonicalJson.Limits limits) {
        this.in = in;
        this.limits = limits;
        this.path = new Object[limits.maxDepth() + 1];
    }

    Object parseDocument() throws JsonFormatException {
        if (in.length > limits.maxBytes()) {
            throw fail("input of " + in.length + " bytes exceeds the limit of " + limits.maxBytes(),
                    "入力 " + in.length + " バイトが上限 " + limits.maxBytes() + " バイトを超えています");
        }
        if (in.length >= 3 && (in[0] & 0xff) == 0xef && (in[1] & 0xff) == 0xbb && (in[2] & 0xff) == 0xbf) {
            throw fail("byte order mark is not allowed", "バイトオーダーマークは使えません");
        }
        skipWs();
        Object v = parseValue(0);
        skipWs();
        if (pos != in.length) {
            throw fail("unexpected data after the JSON value", "JSON 値の後に余分なデータがあります");
        }
        return v;
    }

    private Object parseValue(int depth) throws JsonFormatException {
        if (pos >= in.length) {
            throw fail("unexpected end of input", "入力が途中で終わっています");
        }
        int c = in[pos];
        switch (c) {
            case '{':
                return parseObject(depth + 1);
            case '[':
                return parseArray(depth + 1);
            case '"':
                return parseString();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return parseNumber();
                }
                throw unexpected();
        }
    }

    private Map<String, Object> parseObject(int depth) throws JsonFormatException {
        checkDepth(depth);
        pos++; // '{'
        TreeMap<String, Object> map = new TreeMap<>();
        skipWs();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWs();
            if (peek() != '"') {
                throw pos >= in.length ? fail("unexpected end of input", "入力が途中で終わっています")
                        : fail("expected a string key", "キー（文字列）が必要です");
            }
            String key = parseString();
            if (limits.asciiKeysOnly() && !CanonicalJson.isProfileKey(key)) {
                path[pathLen++] = key;
                throw fail("object keys must be printable ASCII" + RULES,
                        "オブジェクトのキーは印字可能な ASCII に限ります" + RULES_JA);
            }
            skipWs();
            expect(':');
            skipWs();
            path[pathLen++] = key;
            if (map.containsKey(key)) {
                throw fail("duplicate key" + RULES, "キーが重複しています" + RULES_JA);
            }
            if (map.size() >= limits.maxMembers()) {
                pathLen--;
                throw fail("object has more than " + limits.maxMembers() + " members",
                        "オブジェクトのメンバーが上限 " + limits.maxMembers() + " を超えています");
            }
            map.put(key, parseValue(depth));
            pathLen--;
            if (closes('}')) {
                return Collections.unmodifiableMap(map);
            }
        }
    }

    private List<Object> parseArray(int depth) throws JsonFormatException {
        checkDepth(depth);
        pos++; // '['
        ArrayList<Object> list = new ArrayList<>();
        skipWs();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWs();
            if (list.size() >= limits.maxMembers()) {
                throw fail("array has more than " + limits.maxMembers() + " elements",
                        "配列の要素が上限 " + limits.maxMembers() + " を超えています");
            }
            path[pathLen++] = list.size();
            list.add(parseValue(depth));
            pathLen--;
            if (closes(']')) {
                return Collections.unmodifiableList(list);
            }
        }
    }

    /** After a member or an element: true at {@code close} (consumed), false at a comma (consumed), else fails. */
    private boolean closes(char close) throws JsonFormatException {
        skipWs();
        int c = peek();
        if (c == ',') {
            pos++;
            return false;
        }
        if (c == close) {
            pos++;
            return true;
        }
        throw pos >= in.length ? fail("unexpected end of input", "入力が途中で終わっています")
                : fail("expected ',' or '" + close + "'", "',' か '" + close + "' が必要です");
    }

    private void checkDepth(int depth) throws JsonFormatException {
        if (depth > limits.maxDepth()) {
            throw fail("nested deeper than " + limits.maxDepth(), "入れ子が上限 " + limits.maxDepth() + " を超えています");
        }
    }

    private Long parseNumber() throws JsonFormatException {
        int start = pos;
        boolean negative = false;
        if (in[pos] == '-') {
            negative = true;
            pos++;
        }
        if (pos >= in.length || in[pos] < '0' || in[pos] > '9') {
            throw fail("invalid number", "数値の形式が正しくありません");
        }
        long v = 0;
        int digits = 0;
        if (in[pos] == '0') {
            pos++;
            digits = 1;
            if (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                throw fail("numbers must not have leading zeros", "数値の先頭に 0 は付けられません");
            }
        } else {
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                if (++digits <= 17) {
                    v = v * 10 + (in[pos] - '0');
                }
                pos++;
            }
        }
        if (pos < in.length && (in[pos] == '.' || in[pos] == 'e' || in[pos] == 'E')) {
            pos = start;
            throw fail("floating-point numbers are not allowed" + RULES, "浮動小数点数は使えません" + RULES_JA);
        }
        if (digits > 16 || v > CanonicalJson.MAX_SAFE_INTEGER) {
            pos = start;
            throw fail("integer outside ±(2^53-1)" + RULES, "整数が ±(2^53-1) の範囲外です" + RULES_JA);
        }
        return negative ? -v : v;
    }

    private void literal(String word) throws JsonFormatException {
        int n = word.length();
        if (pos + n > in.length) {
            throw unexpected();
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw unexpected();
            }
        }
        pos += n;
    }

    private String parseString() throws JsonFormatException {
        int start = pos;
        pos++; // opening quote
        // Fast path: printable ASCII without escapes.
        int i = pos;
        int max = limits.maxStringLength();
        while (i < in.length) {
            int b = in[i];
            if (b == '"') {
                if (i - pos > max) {
                    break;
                }
                String s = new String(in, pos, i - pos, StandardCharsets.ISO_8859_1); // ASCII only here
                pos = i + 1;
                return s;
            }
            if (b < 0x20 || b == '\\') {
                break;
            }
            i++;
        }
        sb.setLength(0);
        while (true) {
            if (pos >= in.length) {
                pos = start;
                throw fail("unterminated string", "文字列が閉じていません");
            }
            if (sb.length() > max) {
                pos = start;
                throw fail("string longer than " + max + " UTF-16 code units",
                        "文字列が上限 " + max + " (UTF-16 単位) を超えています");
            }
            int b = in[pos] & 0xff;
            if (b == '"') {
                pos++;
                if (sb.length() > max) {
                    pos = start;
                    throw fail("string longer than " + max + " UTF-16 code units",
                            "文字列が上限 " + max + " (UTF-16 単位) を超えています");
                }
                return sb.toString();
            }
            if (b == '\\') {
                escape();
            } else if (b < 0x20) {
                throw fail("control character U+00" + hex2(b) + " must be escaped in a string",
                        "文字列中の制御文字 U+00" + hex2(b) + " はエスケープが必要です");
            } else if (b < 0x80) {
                sb.append((char) b);
                pos++;
            } else {
                utf8(b);
            }
        }
    }

    private void escape() throws JsonFormatException {
        if (pos + 1 >= in.length) {
            throw fail("unterminated escape", "エスケープが途中で終わっています");
        }
        int e = in[pos + 1];
        pos += 2;
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                char c = hex4();
                if (Character.isHighSurrogate(c)) {
                    if (pos + 1 < in.length && in[pos] == '\\' && in[pos + 1] == 'u') {
                        pos += 2;
                        char d = hex4();
                        if (!Character.isLowSurrogate(d)) {
                            throw loneSurrogate();
                        }
                        sb.append(c).append(d);
                    } else {
                        throw loneSurrogate();
                    }
                } else if (Character.isLowSurrogate(c)) {
                    throw loneSurrogate();
                } else {
                    sb.append(c);
                }
            }
            default -> {
                pos -= 2;
                throw fail("invalid escape sequence", "エスケープシーケンスが正しくありません");
            }
        }
    }

    private JsonFormatException loneSurrogate() {
        return fail("lone surrogate in \\u escape (I-JSON, RFC 8785 §3.2.2.2)",
                "\\u エスケープに対になっていないサロゲートがあります");
    }

    private char hex4() throws JsonFormatException {
        if (pos + 4 > in.length) {
            throw fail("invalid \\u escape", "\\u エスケープが正しくありません");
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(in[pos + k], 16);
            if (d < 0) {
                throw fail("invalid \\u escape", "\\u エスケープが正しくありません");
            }
            v = (v << 4) | d;
        }
        pos += 4;
        return (char) v;
    }

    /** Decodes one UTF-8 sequence starting with lead byte {@code b} (≥ 0x80), rejecting anything ill-formed. */
    private void utf8(int b) throws JsonFormatException {
        int need;
        int cp;
        int lo = 0x80;
        int hi = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            need = 1;
            cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
            need = 2;
            cp = b & 0x0f;
            if (b == 0xe0) {
                lo = 0xa0;
            } else if (b == 0xed) {
                hi = 0x9f; // no UTF-8-encoded surrogates
            }
        } else if (b >= 0xf0 && b <= 0xf4) {
            need = 3;
            cp = b & 0x07;
            if (b == 0xf0) {
                lo = 0x90;
            } else if (b == 0xf4) {
                hi = 0x8f;
            }
        } else {
            throw badUtf8();
        }
        if (pos + need >= in.length) {
            throw badUtf8();
        }
        for (int k = 1; k <= need; k++) {
            int c = in[pos + k] & 0xff;
            if (c < lo || c > hi) {
                throw badUtf8();
            }
            lo = 0x80;
            hi = 0xbf;
            cp = (cp << 6) | (c & 0x3f);
        }
        pos += need + 1;
        sb.appendCodePoint(cp);
    }

    private JsonFormatException badUtf8() {
        return fail("invalid UTF-8", "UTF-8 として正しくありません");
    }

    private void skipWs() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }

    private int peek() {
        return pos < in.length ? in[pos] : -1;
    }

    private void expect(char c) throws JsonFormatException {
        if (pos >= in.length) {
            throw fail("unexpected end of input", "入力が途中で終わっています");
        }
        if (in[pos] != c) {
            throw fail("expected '" + c + "'", "'" + c + "' が必要です");
        }
        pos++;
    }

    private JsonFormatException unexpected() {
        int b = in[pos] & 0xff;
        String what = b >= 0x21 && b <= 0x7e ? "'" + (char) b + "'" : "byte 0x" + hex2(b);
        return fail("unexpected " + what, "予期しない " + what);
    }

    private static String hex2(int b) {
        return String.format("%02x", b);
    }

    private JsonFormatException fail(String en, String ja) {
        return new JsonFormatException(pathText(), pos, en, ja);
    }

    private String pathText() {
        StringBuilder p = new StringBuilder("$");
        for (int k = 0; k < pathLen; k++) {
            Object o = path[k];
            if (o instanceof Integer i) {
                p.append('[').append(i).append(']');
            } else {
                appendKey(p, (String) o);
            }
        }
        return p.toString();
    }

    /** {@code .name} for simple keys, otherwise {@code ["…"]} in JSON string syntax, cut at 64 characters. */
    static void appendKey(StringBuilder p, String key) {
        boolean simple = !key.isEmpty() && key.length() <= 64;
        for (int i = 0; i < key.length() && simple; i++) {
            char c = key.charAt(i);
            simple = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-'
                    || (i > 0 && c >= '0' && c <= '9');
        }
        if (simple) {
            p.append('.').append(key);
            return;
        }
        String k = key.length() > 64 ? key.substring(0, 64) : key;
        p.append("[\"");
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (c == '"' || c == '\\') {
                p.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                p.append(String.format("\\u%04x", (int) c));
            } else {
                p.append(c);
            }
        }
        p.append(key.length() > 64 ? "…\"]" : "\"]");
    }
}
