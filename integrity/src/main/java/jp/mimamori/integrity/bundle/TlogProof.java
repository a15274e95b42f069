package jp.mimamori.integrity.bundle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A C2SP {@code tlog-proof} v1 (<a href="https://c2sp.org/tlog-proof">c2sp.org/tlog-proof</a>): that a log record
 * is in a log, offline — the record's index, its RFC 9162 inclusion proof, and the signed checkpoint (with any
 * cosignatures) the proof is against, as text any C2SP tooling reads:
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * [extra BASE64]
 * index N
 * BASE64 hash (one line each, leaf to root)
 *
 * signed checkpoint note
 * </pre>
 *
 * <pre>{@code
 * TlogProof p = new TlogProof(Optional.empty(), 7, log.inclusionProof(7, size).path(), checkpointBytes);
 * TlogProof back = TlogProof.parse(p.encode());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param extra      optional opaque data (unauthenticated)
 * @param index      the record's index in the log
 * @param path       the inclusion proof's hashes, 32 bytes each
 * @param checkpoint the signed checkpoint's bytes (a C2SP signed note)
 */
public record TlogProof(Optional<byte[]> extra, long index, List<byte[]> path, byte[] checkpoint) {
    /** The header line. */
    public static final String HEADER = "c2sp.org/tlog-proof@v1";
    /** Largest proof read (a checkpoint of 64 KiB and 64 hashes fit well below). */
    public static final int MAX_BYTES = 128 * 1024;
    private static final Pattern INDEX = Pattern.compile("index (0|[1-9][0-9]{0,18})");

    /** Validates and copies. */
    public TlogProof {
        extra = Objects.requireNonNull(extra, "extra").map(byte[]::clone);
        if (index < 0) {
            throw new IllegalArgumentException("index: must be >= 0");
        }
        List<byte[]> p = new ArrayList<>();
        for (byte[] h : path) {
            if (h.length != 32) {
                throw new IllegalArgumentException("path: hashes are 32 bytes");
            }
            p.add(h.clone());
        }
        if (p.size() > 64) {
            throw new IllegalArgumentException("path: at most 64 hashes");
        }
        path = List.copyOf(p);
        checkpoint = checkpoint.clone();
    }

    /** The {@code extra} component, as a copy. */
    @Override
    public Optional<byte[]> extra() {
        return extra.map(byte[]::clone);
    }

    /** The {@code path} component, as copies. */
    @Override
    public List<byte[]> path() {
        return path.stream().map(byte[]::clone).toList();
    }

    /** The {@code checkpoint} component, as a copy. */
    @Override
    public byte[] checkpoint() {
        return checkpoint.clone();
    }

    /** The proof's text. */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        extra.ifPresent(e -> sb.append("extra ").append(Base64.getEncoder().encodeToString(e)).append('\n'));
        sb.append("index ").append(index).append('\n');
        for (byte[] h : path) {
            sb.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
        sb.append('\n');
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + checkpoint.length);
        System.arraycopy(checkpoint, 0, out, head.length, checkpoint.length);
        return out;
    }

    /**
     * Reads a proof strictly: the header, an optional {@code extra} line, the index without leading zeros, at most
     * 64 hashes in canonical standard base64 of 32 bytes, one blank line, then the checkpoint (checked by whoever
     * verifies it).
     *
     * @throws BundleFormatException naming what is wrong
     */
    public static TlogProof parse(byte[] bytes) throws BundleFormatException {
        if (bytes.length > MAX_BYTES) {
            throw bad("tlog-proof larger than " + MAX_BYTES + " bytes");
        }
        int at = 0;
        List<String> lines = new ArrayList<>();
        while (true) {
            int nl = indexOf(bytes, at);
            if (nl < 0) {
                throw bad("tlog-proof: no blank line before the checkpoint");
            }
            String line = new String(bytes, at, nl - at, StandardCharsets.US_ASCII);
            at = nl + 1;
            if (line.isEmpty()) {
                break;
            }
            if (!line.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw bad("tlog-proof: a line that is not printable ASCII");
            }
            lines.add(line);
            if (lines.size() > 67) {
                throw bad("tlog-proof: too many lines");
            }
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw bad("tlog-proof: the first line must be " + HEADER);
        }
        int i = 1;
        Optional<byte[]> extra = Optional.empty();
        if (i < lines.size() && lines.get(i).startsWith("extra ")) {
            extra = Optional.of(base64(lines.get(i).substring(6), -1));
            i++;
        }
        if (i >= lines.size() || !INDEX.matcher(lines.get(i)).matches()) {
            throw bad("tlog-proof: expected \"index N\" (no leading zeros)");
        }
        long index = Long.parseLong(lines.get(i).substring(6));
        i++;
        List<byte[]> path = new ArrayList<>();
        for (; i < lines.size(); i++) {
            path.add(base64(lines.get(i), 32));
        }
        if (path.size() > 64) {
            throw bad("tlog-proof: more than 64 hashes");
        }
        return new TlogProof(extra, index, path, Arrays.copyOfRange(bytes, at, bytes.length));
    }

    private static byte[] base64(String s, int length) throws BundleFormatException {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw bad("tlog-proof: not standard base64: " + s);
        }
        if (!Base64.getEncoder().encodeToString(b).equals(s) || (length >= 0 && b.length != length)) {
            throw bad("tlog-proof: not canonical base64" + (length >= 0 ? " of " + length
                    + " bytes" : "") + ": " + s);
        }
        return b;
    }

    private static BundleFormatException bad(String en) {
        return new BundleFormatException("tlog-proof の形式が正しくありません (" + en + ")", en);
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Compares content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TlogProof t && Arrays.equals(encode(), t.encode());
    }

    /** Hashes content. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    /** {@code TlogProof[index N, H hashes]}. */
    @Override
    public String toString() {
        return "TlogProof[index " + index + ", " + path.size() + " hashes]";
    }
}
