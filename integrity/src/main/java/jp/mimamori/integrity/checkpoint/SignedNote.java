package jp.mimamori.integrity.checkpoint;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, and one or more signature lines
 * ({@code — <key name> base64(key id || signature)}), parsed strictly with hard limits.
 *
 * <pre>{@code
 * SignedNote n = SignedNote.parse(bytes);          // NoteFormatException names the defect
 * Checkpoint c = Checkpoint.parseBody(n.text());
 * }</pre>
 *
 * <p>Limits: at most {@value #MAX_BYTES} bytes, at most {@value #MAX_SIGNATURES} signatures (the spec asks
 * verifiers to accept at least 16), key names at most {@value #MAX_NAME} bytes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text       the signed text, including its final newline
 * @param signatures the signature lines in order
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
    /** Largest note accepted. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Most signature lines accepted. */
    public static final int MAX_SIGNATURES = 32;
    /** Longest key name accepted, in bytes. */
    public static final int MAX_NAME = 256;
    private static final String DASH = "\u2014 ";

    /** Validates and copies. */
    public SignedNote {
        Objects.requireNonNull(text, "text");
        signatures = List.copyOf(signatures);
    }

    /** The note's bytes: text, blank line, signature lines. */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder(text).append('\n');
        for (NoteSignature s : signatures) {
            byte[] blob = ByteBuffer.allocate(4 + s.signature().length).putInt(s.keyId()).put(s.signature()).array();
            sb.append(DASH).append(s.keyName()).append(' ').append(Base64.getEncoder().encodeToString(blob)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** This note with one more signature line. */
    public SignedNote with(NoteSignature s) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        all.add(s);
        return new SignedNote(text, all);
    }

    /** Whether {@code name} is a valid key name: non-empty, no Unicode space, no '+', within the limit. */
    public static boolean validKeyName(String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
            return false;
        }
        return name.codePoints().noneMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c < 0x20 || c == 0x7f);
    }

    /**
     * Parses a signed note strictly.
     *
     * @throws NoteFormatException naming the first defect
     */
    public static SignedNote parse(byte[] bytes) throws NoteFormatException {
        if (bytes.length > MAX_BYTES) {
            throw new NoteFormatException("署名付きノートが上限 " + MAX_BYTES + " バイトを超えています",
                    "note: larger than the limit of " + MAX_BYTES + " bytes");
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NoteFormatException("署名付きノートが正しい UTF-8 ではありません",
                    "note: not valid UTF-8 (C2SP signed-note)");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\n') || c == 0x7f) {
                throw new NoteFormatException("署名付きノートに制御文字があります (位置 " + i + ")",
                        "note: control character at offset " + i + " (C2SP signed-note allows only newline)");
            }
        }
        if (!s.endsWith("\n")) {
            throw new NoteFormatException("署名付きノートが改行で終わっていません",
                    "note: does not end in a newline");
        }
        int split = s.lastIndexOf("\n\n");
        if (split < 0) {
            throw new NoteFormatException("本文と署名の間の空行がありません",
                    "note: no blank line between the text and the signatures");
        }
        String text = s.substring(0, split + 1);
        String sigs = s.substring(split + 2);
        if (sigs.isEmpty()) {
            throw new NoteFormatException("署名行がありません", "note: no signature lines");
        }
        List<NoteSignature> out = new ArrayList<>();
        String[] lines = sigs.substring(0, sigs.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new NoteFormatException("署名が上限 " + MAX_SIGNATURES + " 個を超えています",
                    "note: more than " + MAX_SIGNATURES + " signatures");
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = "note: signature line " + (i + 1);
            String whereJa = "署名行 " + (i + 1);
            if (!line.startsWith(DASH)) {
                throw new NoteFormatException(whereJa + " がエムダッシュと空白で始まっていません",
                        where + ": does not start with an em dash (U+2014) and a space");
            }
            String rest = line.substring(DASH.length());
            int sp = rest.indexOf(' ');
            if (sp < 0 || rest.indexOf(' ', sp + 1) >= 0) {
                throw new NoteFormatException(whereJa + " は「鍵名 空白 base64署名」の形ではありません",
                        where + ": must be a key name, one space and a base64 signature");
            }
            String name = rest.substring(0, sp);
            if (!validKeyName(name)) {
                throw new NoteFormatException(whereJa + " の鍵名が不正です (空、空白や + を含む、または長すぎる)",
                        where + ": key name is empty, contains a space or '+', or is longer than " + MAX_NAME
                                + " bytes");
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(rest.substring(sp + 1));
            } catch (IllegalArgumentException e) {
                throw new NoteFormatException(whereJa + " の署名が標準 base64 ではありません",
                        where + ": signature is not standard base64");
            }
            if (!Base64.getEncoder().encodeToString(blob).equals(rest.substring(sp + 1))) {
                throw new NoteFormatException(whereJa + " の署名が正規の base64 ではありません",
                        where + ": signature is not canonical base64");
            }
            if (blob.length < 5) {
                throw new NoteFormatException(whereJa + " の署名が短すぎます (鍵ID 4 バイトと署名が必要)",
                        where + ": signature shorter than a 4-byte key id and a signature");
            }
            ByteBuffer b = ByteBuffer.wrap(blob);
            int id = b.getInt();
            byte[] sig = new byte[blob.length - 4];
            b.get(sig);
            out.add(new NoteSignature(name, id, sig));
        }
        return new SignedNote(text, out);
    }

    static String decodeStrict(byte[] b) throws CharacterCodingException {
        CharBuffer cb = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
        return cb.toString();
    }
}
