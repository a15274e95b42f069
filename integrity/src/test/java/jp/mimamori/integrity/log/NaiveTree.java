package jp.mimamori.integrity.log;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** RFC 9162 §2.1 written the way the RFC states it (recursive MTH and PATH), as the test oracle. */
final class NaiveTree {
    private NaiveTree() {}

    static byte[] sha(int prefix, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((byte) prefix);
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] mth(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            try {
                return MessageDigest.getInstance("SHA-256").digest();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        return sha(1, mth(leaves, from, from + k), mth(leaves, from + k, to));
    }

    static List<byte[]> path(int m, List<byte[]> leaves, int from, int to) {
        int n = to - from;
        List<byte[]> out = new ArrayList<>();
        if (n <= 1) {
            return out;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m < k) {
            out.addAll(path(m, leaves, from, from + k));
            out.add(mth(leaves, from + k, to));
        } else {
            out.addAll(path(m - k, leaves, from + k, to));
            out.add(mth(leaves, from, from + k));
        }
        return out;
    }

    static List<byte[]> proof(int m, List<byte[]> leaves, int from, int to, boolean b) {
        int n = to - from;
        List<byte[]> out = new ArrayList<>();
        if (m == n) {
            if (!b) {
                out.add(mth(leaves, from, to));
            }
            return out;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m <= k) {
            out.addAll(proof(m, leaves, from, from + k, b));
            out.add(mth(leaves, from + k, to));
        } else {
            out.addAll(proof(m - k, leaves, from + k, to, false));
            out.add(mth(leaves, from, from + k));
        }
        return out;
    }
}
