package jp.mimamori.retention.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.mimamori.core.crypto.SecretBytes;
import java.util.Set;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;

/**
 * The erasure engine's write-ahead journal: one text line per step, each ending in an HMAC-SHA256 (hex) under a
 * journal key the caller keeps (the retention workspace derives it from its key-encryption key), chained: a
 * line's MAC covers the previous line's MAC and its own body, so a line cannot be forged, edited, moved or
 * dropped from the middle without the key (K3-2-3, invariant 6: an erasure starts only from an authorised
 * intent). Lines are forced to the device per batch. A torn last line (a crash mid-write: no newline) is cut on
 * a writable open; a complete line that fails its MAC is {@linkplain Tampered tampering}: opened for writing the
 * journal refuses with {@link TamperedException} and nothing in it is executed; opened
 * {@linkplain #openReadOnly read-only} it reports the line and keeps the pending erasures before it.
 *
 * <pre>
 * I id camera seq start_ms end_ms size manifest_hash method reason principal_b64 at_ms   intent recorded
 * L id                                                                                  intent logged
 * E id 1|0 note_b64 at_ms                                                               data erased (or failed)
 * R id                                                                                  receipt logged
 * </pre>
 */
public final class ErasureJournal implements AutoCloseable {
    /** Largest journal read on open: about 300,000 erasures (it is emptied when nothing is pending past 4 MiB). */
    static final int MAX_BYTES = 64 << 20;
    /** The MAC of the chain before the first line. */
    private static final byte[] START = new byte[32];

    private final Path file;
    private final FileChannel ch;
    private final Mac mac;
    private final boolean readOnly;
    private byte[] last = START;
    private Tampered tampered;
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private final StringBuilder buf = new StringBuilder();

    /** One erasure not yet finished, with what the journal knows of it. */
    public static final class Pending {
        /** The fields of its {@code I} line. */
        public final String[] intent;
        /** Whether the intent reached the evidence log. */
        public boolean logged;
        /** Whether the data was erased ({@code null}: not yet attempted). */
        public Boolean erased;
        /** The erase step's note. */
        public String note;
        /** When the erase step ran (epoch ms). */
        public long erasedAt;

        Pending(String[] intent) {
            this.intent = intent;
        }
    }

    /**
     * A journal line that fails authentication: forged, edited, moved or cut from its place.
     *
     * @param line the 1-based line number
     * @param at   its byte offset
     */
    public record Tampered(long line, long at) {
        /** What happened, for messages: the journal, the line, and that nothing from it on was executed. */
        public String describe(Path file) {
            return file.getFileName() + " line " + line + " (byte " + at + "): fails its HMAC-SHA256 — forged or"
                    + " edited; refused, nothing from this line on is executed (K3-2-3, invariant 6)";
        }
    }

    /** Opening the journal for writing found a {@link Tampered} line: nothing in the journal was executed. */
    public static final class TamperedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Tampered tampered;

        TamperedException(Path file, Tampered t) {
            super(t.describe(file));
            this.tampered = t;
        }

        /** The line that failed. */
        public Tampered tampered() {
            return tampered;
        }
    }

    private ErasureJournal(Path file, FileChannel ch, SecretBytes key, boolean readOnly) {
        this.file = file;
        this.ch = ch;
        this.readOnly = readOnly;
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            byte[] k = key.toByteArray();
            try {
                mac.init(new SecretKeySpec(k, "HmacSHA256"));
            } finally {
                java.util.Arrays.fill(k, (byte) 0);
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Opens (creating) the journal for writing, cutting a torn tail and replaying it.
     *
     * @throws TamperedException if a complete line fails its MAC: nothing in the journal is executed
     */
    public static ErasureJournal open(Path file, SecretBytes key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Never through a link, never a FIFO or device: the journal decides what is erased.
        FileChannel ch = ConfinedFiles.open(dir, file.toAbsolutePath(), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
        ErasureJournal j = new ErasureJournal(file, ch, key, false);
        try {
            j.replay();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (j.tampered != null) {
            ch.close();
            throw new TamperedException(file, j.tampered);
        }
        return j;
    }

    /**
     * Reads the journal without changing it (a missing journal has nothing pending): the pending erasures up to
     * the first line that fails its MAC, which {@link #tampered()} reports. Nothing can be written through it.
     */
    public static ErasureJournal openReadOnly(Path file, SecretBytes key) throws IOException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new ErasureJournal(file, null, key, true);
        }
        ErasureJournal j = new ErasureJournal(file, null, key, true);
        j.replay();
        return j;
    }

    /** The first line that failed authentication (only a read-only journal is ever open with one). */
    public Optional<Tampered> tampered() {
        return Optional.ofNullable(tampered);
    }

    private void replay() throws IOException {
        // Never through a link, never a FIFO or device, never more than MAX_BYTES.
        byte[] all = BoundedFiles.read(file.toAbsolutePath().getParent(), file.toAbsolutePath(), MAX_BYTES);
        int pos = 0;
        long valid = 0;
        long lineNo = 0;
        while (pos < all.length) {
            int nl = -1;
            for (int i = pos; i < all.length; i++) {
                if (all[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl < 0) {
                break; // torn
            }
            lineNo++;
            String line = new String(all, pos, nl - pos, StandardCharsets.US_ASCII);
            String[] f = checked(line);
            if (f == null || !wellFormed(f)) {
                tampered = new Tampered(lineNo, pos);
                break;
            }
            apply(f);
            pos = nl + 1;
            valid = pos;
        }
        if (readOnly) {
            return;
        }
        if (tampered == null && valid < all.length) {
            ch.truncate(valid);
            ch.force(true);
        }
        ch.position(valid);
    }

    private String[] checked(String line) {
        int sp = line.lastIndexOf(' ');
        if (sp < 0) {
            return null;
        }
        String body = line.substring(0, sp);
        byte[] m = mac(last, body);
        if (!java.security.MessageDigest.isEqual(HexFormat.of().formatHex(m).getBytes(StandardCharsets.US_ASCII),
                line.substring(sp + 1).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        last = m;
        return body.split(" ", -1);
    }

    private static boolean wellFormed(String[] f) {
        return switch (f[0]) {
            case "I" -> f.length == 12;
            case "L", "R" -> f.length == 2;
            case "E" -> f.length == 5;
            default -> false;
        };
    }

    private void apply(String[] f) throws IOException {
        switch (f[0]) {
            case "I" -> {
                if (f.length != 12) {
                    throw new IOException(file + ": malformed intent line");
                }
                pending.putIfAbsent(f[1], new Pending(f));
            }
            case "L" -> {
                Pending p = pending.get(f[1]);
                if (p != null) {
                    p.logged = true;
                }
            }
            case "E" -> {
                Pending p = pending.get(f[1]);
                if (p != null) {
                    p.erased = "1".equals(f[2]);
                    p.note = decode(f[3]);
                    p.erasedAt = Long.parseLong(f[4]);
                }
            }
            case "R" -> pending.remove(f[1]);
            default -> throw new IOException(file + ": unknown journal line type " + f[0]);
        }
    }

    /** Unfinished erasures in journal order. */
    public List<Pending> pending() {
        return new ArrayList<>(pending.values());
    }

    /** Number of unfinished erasures. */
    public int pendingCount() {
        return pending.size();
    }

    /** Buffers an intent line. */
    public void intent(String id, String camera, long seq, long start, long end, long size, String hash,
                       String method, String reason, String principal, long at) throws IOException {
        add("I", id, camera, Long.toString(seq), Long.toString(start), Long.toString(end), Long.toString(size),
                hash, method, reason, encode(principal), Long.toString(at));
    }

    /** Buffers an "intent logged" line. */
    public void logged(String id) throws IOException {
        add("L", id);
    }

    /** Buffers an "erased" line. */
    public void erased(String id, boolean ok, String note, long at) throws IOException {
        add("E", id, ok ? "1" : "0", encode(note), Long.toString(at));
    }

    /** Buffers a "receipt logged" line. */
    public void receipted(String id) throws IOException {
        add("R", id);
    }

    private void add(String... f) throws IOException {
        if (readOnly) {
            throw new IllegalStateException("the erasure journal was opened read-only");
        }
        String body = String.join(" ", f);
        last = mac(last, body);
        buf.append(body).append(' ').append(HexFormat.of().formatHex(last)).append('\n');
        apply(f);
    }

    /** Writes buffered lines and forces them to the device. */
    public void sync() throws IOException {
        flush(true);
    }

    /**
     * Writes buffered lines, forcing them only if {@code force}: a line whose loss a crash may cost is one
     * whose step is simply repeated on resume (a receipt logged again), so it can ride on the next sync.
     */
    public void flush(boolean force) throws IOException {
        if (buf.length() == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(buf.toString().getBytes(StandardCharsets.US_ASCII));
        buf.setLength(0);
        while (b.hasRemaining()) {
            ch.write(b);
        }
        if (force) {
            ch.force(false);
        }
        if (force && pending.isEmpty() && ch.size() > (4 << 20)) {
            ch.truncate(0);
            ch.position(0);
            ch.force(true);
            last = START;
        }
    }

    /** HMAC-SHA256 over the previous line's MAC and this line's body. */
    private byte[] mac(byte[] previous, String body) {
        mac.update(previous);
        return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    }

    private static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /** Decodes a base64url field of an intent line. */
    public static String text(String field) {
        return decode(field);
    }

    @Override
    public void close() throws IOException {
        if (ch != null) {
            ch.close();
        }
    }
}
