package jp.mimamori.integrity.bundle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import jp.mimamori.integrity.bundle.internal.BundleLayout;

/**
 * One RFC 3161 timestamp a bundle carries (docs/FORMATS.md "Export bundle v1", entries {@code timestamps/…}): an
 * earlier signed checkpoint of the log exactly as stored ({@code timestamps/<size>.checkpoint}), the time-stamp
 * response over its bytes ({@code .checkpoint.tsr}, as the log folder keeps it beside the checkpoint), and the RFC
 * 9162 consistency proof from its size to the size of the bundle's {@code log/checkpoint} ({@code .consistency}).
 * Together they show that the log held its first {@code treeSize} records — among them the bundle's records with
 * a smaller index — by the TSA's time (K3-2-4, K3-4).
 *
 * <pre>{@code
 * BundleTimestamp t = new BundleTimestamp(12, checkpointBytes, tsrBytes,
 *         log.consistencyProof(12, treeSize).path());
 * byte[] consistency = t.encodeConsistency();  // one base64 hash a line
 * }</pre>
 *
 * <p>Immutable and thread-safe: arrays are copied in and out.
 *
 * @param treeSize    the earlier checkpoint's tree size (its entries' names)
 * @param checkpoint  the earlier signed checkpoint's exact bytes (a C2SP signed note)
 * @param response    the RFC 3161 TimeStampResp (DER) over those bytes
 * @param consistency the consistency proof's hashes, 32 bytes each (none when the sizes are equal)
 */
public record BundleTimestamp(long treeSize, byte[] checkpoint, byte[] response, List<byte[]> consistency) {
    /** Most hashes of a consistency proof (as many as a {@code tlog-proof}'s audit path). */
    public static final int MAX_HASHES = 64;
    /** Largest RFC 3161 response a bundle carries (as a log folder's {@code .tsr}: a response is a few KiB). */
    public static final int MAX_RESPONSE_BYTES = 1 << 20;

    /** Validates and copies. */
    public BundleTimestamp {
        if (treeSize < 1) {
            throw new IllegalArgumentException("timestamps[].treeSize: must be >= 1");
        }
        checkpoint = checkpoint.clone();
        response = response.clone();
        List<byte[]> p = new ArrayList<>();
        for (byte[] h : consistency) {
            if (h.length != 32) {
                throw new IllegalArgumentException("timestamps[].consistency: hashes are 32 bytes");
            }
            p.add(h.clone());
        }
        if (p.size() > MAX_HASHES) {
            throw new IllegalArgumentException("timestamps[].consistency: at most " + MAX_HASHES + " hashes");
        }
        consistency = List.copyOf(p);
    }

    /** The {@code checkpoint} component, as a copy. */
    @Override
    public byte[] checkpoint() {
        return checkpoint.clone();
    }

    /** The {@code response} component, as a copy. */
    @Override
    public byte[] response() {
        return response.clone();
    }

    /** The {@code consistency} component, as copies. */
    @Override
    public List<byte[]> consistency() {
        return consistency.stream().map(byte[]::clone).toList();
    }

    /** {@code timestamps/<size, 20 digits>.checkpoint}. */
    public static String checkpointEntry(long treeSize) {
        return BundleLayout.timestamp(treeSize, BundleLayout.TS_CHECKPOINT);
    }

    /** {@code timestamps/<size, 20 digits>.checkpoint.tsr}. */
    public static String responseEntry(long treeSize) {
        return BundleLayout.timestamp(treeSize, BundleLayout.TS_RESPONSE);
    }

    /** {@code timestamps/<size, 20 digits>.consistency}. */
    public static String consistencyEntry(long treeSize) {
        return BundleLayout.timestamp(treeSize, BundleLayout.TS_CONSISTENCY);
    }

    /** The {@code .consistency} entry: each hash in standard base64 on a line of its own, ending in LF. */
    public byte[] encodeConsistency() {
        StringBuilder sb = new StringBuilder();
        for (byte[] h : consistency) {
            sb.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a {@code .consistency} entry strictly: lines of canonical standard base64 of 32 bytes, each ending in
     * LF, at most {@link #MAX_HASHES}; empty for a proof between equal sizes.
     *
     * @throws BundleFormatException naming what is wrong
     */
    public static List<byte[]> parseConsistency(byte[] bytes) throws BundleFormatException {
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
            throw bad("the last line does not end in LF");
        }
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int nl = at;
            while (bytes[nl] != '\n') {
                nl++;
            }
            String line = new String(bytes, at, nl - at, StandardCharsets.ISO_8859_1);
            byte[] h;
            try {
                h = Base64.getDecoder().decode(line);
            } catch (IllegalArgumentException e) {
                throw bad("not standard base64: " + printable(line));
            }
            if (h.length != 32 || !Base64.getEncoder().encodeToString(h).equals(line)) {
                throw bad("not canonical base64 of 32 bytes: " + printable(line));
            }
            out.add(h);
            if (out.size() > MAX_HASHES) {
                throw bad("more than " + MAX_HASHES + " hashes");
            }
            at = nl + 1;
        }
        return out;
    }

    private static String printable(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static BundleFormatException bad(String en) {
        return new BundleFormatException("整合性証明の形式が正しくありません (" + en + ")",
                "consistency proof: " + en);
    }

    /** Compares content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BundleTimestamp t && t.treeSize == treeSize
                && java.util.Arrays.equals(t.checkpoint, checkpoint) && java.util.Arrays.equals(t.response, response)
                && java.util.Arrays.equals(t.encodeConsistency(), encodeConsistency());
    }

    /** Hashes content. */
    @Override
    public int hashCode() {
        return Objects.hash(treeSize, java.util.Arrays.hashCode(checkpoint), java.util.Arrays.hashCode(response),
                java.util.Arrays.hashCode(encodeConsistency()));
    }

    /** {@code BundleTimestamp[treeSize N, H hashes]}. */
    @Override
    public String toString() {
        return "BundleTimestamp[treeSize " + treeSize + ", " + consistency.size() + " hashes]";
    }
}
