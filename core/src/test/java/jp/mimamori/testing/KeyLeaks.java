package jp.mimamori.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Finds key material in text meant for people (docs/SECURITY.md G30, "keys never appear in logs, messages or
 * exceptions"): any run of {@value #WINDOW} characters of the key's hex (either case) or of its base64 (standard
 * or URL alphabet, at each of the three byte alignments, so a key inside a larger encoded blob is found too), and
 * its {@code Arrays.toString} form. A run that long occurs by chance with probability below 2^-40 per position.
 */
public final class KeyLeaks {
    /** Length of the runs searched for. */
    public static final int WINDOW = 12;

    private KeyLeaks() {}

    /** The runs of the encodings of {@code key} that must not appear in a message. */
    public static List<String> fingerprints(byte[] key) {
        List<String> encodings = new ArrayList<>();
        String hex = HexFormat.of().formatHex(key);
        encodings.add(hex);
        encodings.add(hex.toUpperCase(java.util.Locale.ROOT));
        for (int i = 0; i < 3 && i < key.length; i++) {
            byte[] tail = Arrays.copyOfRange(key, i, key.length);
            String std = Base64.getEncoder().withoutPadding().encodeToString(tail);
            // The last characters depend on what follows the key in a larger blob: leave them out.
            std = std.substring(0, Math.max(0, std.length() - 3));
            encodings.add(std);
            encodings.add(std.replace('+', '-').replace('/', '_'));
        }
        List<String> out = new ArrayList<>();
        for (String e : encodings) {
            for (int i = 0; i + WINDOW <= e.length(); i++) {
                out.add(e.substring(i, i + WINDOW));
            }
        }
        out.add(Arrays.toString(key));
        return out;
    }

    /**
     * The first fingerprint of {@code key} found in {@code text}, or null when there is none.
     */
    public static String find(String text, byte[] key) {
        if (text == null) {
            return null;
        }
        for (String f : fingerprints(key)) {
            if (text.contains(f)) {
                return f;
            }
        }
        return null;
    }

    /** Every message of {@code t} and its causes and suppressed exceptions, and their {@code toString}s. */
    public static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(t);
        while (!todo.isEmpty()) {
            Throwable x = todo.poll();
            if (x == null || !seen.add(x)) {
                continue;
            }
            b.append(x).append('\n').append(x.getMessage()).append('\n').append(x.getLocalizedMessage()).append('\n');
            if (x.getCause() != null) {
                todo.add(x.getCause());
            }
            todo.addAll(Arrays.asList(x.getSuppressed()));
        }
        return b.toString();
    }
}
