package jp.mimamori.integrity.checkpoint;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP tlog-checkpoint: the note text
 *
 * <pre>
 * &lt;origin&gt;\n
 * &lt;tree size, decimal, no leading zeros&gt;\n
 * &lt;root hash, standard base64 of 32 bytes&gt;\n
 * [&lt;extension line&gt;\n]*
 * </pre>
 *
 * signed as a C2SP signed note. Limits: origin at most {@value #MAX_ORIGIN} bytes, at most
 * {@value #MAX_EXTENSIONS} extension lines.
 *
 * <p>Immutable and thread-safe: byte arrays are copied in and out, and equality is by content.
 *
 * @param origin     the log's unique name, e.g. {@code city.example/evidence-log}
 * @param size       the tree size
 * @param rootHash   the RFC 9162 root hash (32 bytes)
 * @param extensions extension lines, each non-empty
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
    /** Longest origin line accepted. */
    public static final int MAX_ORIGIN = 256;
    /** Most extension lines accepted. */
    public static final int MAX_EXTENSIONS = 16;

    /** Validates and copies. */
    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        if (origin.isEmpty() || origin.length() > MAX_ORIGIN || origin.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("origin: must be one non-empty line of at most " + MAX_ORIGIN + " characters");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size: must be >= 0");
        }
        if (rootHash == null || rootHash.length != 32) {
            throw new IllegalArgumentException("rootHash: must be 32 bytes");
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String e : extensions) {
            if (e.isEmpty() || e.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("extensions: each must be one non-empty line");
            }
        }
    }

    /** The {@code rootHash} component, as a copy: the record keeps its own. */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The root hash as lowercase hex. */
    public String rootHex() {
        return HexFormat.of().formatHex(rootHash);
    }

    /** The note text (the signed body). */
    public String body() {
        StringBuilder sb = new StringBuilder(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        for (String e : extensions) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    /**
     * Parses a checkpoint body strictly.
     *
     * @throws NoteFormatException naming the line and the rule broken
     */
    public static Checkpoint parseBody(String text) throws NoteFormatException {
        if (!text.endsWith("\n")) {
            throw new NoteFormatException("チェックポイントが改行で終わっていません", "checkpoint: does not end in a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new NoteFormatException("チェックポイントには起点・サイズ・ルートハッシュの 3 行が必要です",
                    "checkpoint: needs at least 3 lines (origin, size, root hash)");
        }
        if (lines[0].isEmpty() || lines[0].length() > MAX_ORIGIN) {
            throw new NoteFormatException("チェックポイントの起点行が空か長すぎます",
                    "checkpoint.origin: empty or longer than " + MAX_ORIGIN + " characters");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new NoteFormatException("チェックポイントのサイズが先頭ゼロのない10進数ではありません",
                    "checkpoint.size: must be a decimal integer without leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new NoteFormatException("チェックポイントのサイズが大きすぎます",
                    "checkpoint.size: larger than 2^63-1");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new NoteFormatException("チェックポイントのルートハッシュが標準 base64 ではありません",
                    "checkpoint.root: not standard base64");
        }
        if (root.length != 32 || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
            throw new NoteFormatException("チェックポイントのルートハッシュが 32 バイトの正規 base64 ではありません",
                    "checkpoint.root: must be the canonical base64 of 32 bytes");
        }
        List<String> ext = Arrays.asList(lines).subList(3, lines.length);
        if (ext.size() > MAX_EXTENSIONS) {
            throw new NoteFormatException("チェックポイントの拡張行が上限 " + MAX_EXTENSIONS + " を超えています",
                    "checkpoint: more than " + MAX_EXTENSIONS + " extension lines");
        }
        for (int i = 0; i < ext.size(); i++) {
            if (ext.get(i).isEmpty()) {
                throw new NoteFormatException("チェックポイントの拡張行 " + (i + 1) + " が空です",
                        "checkpoint.extension[" + i + "]: empty line");
            }
        }
        return new Checkpoint(lines[0], size, root, ext);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
                && Arrays.equals(c.rootHash, rootHash) && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", " + size + ", " + rootHex() + "]";
    }
}
