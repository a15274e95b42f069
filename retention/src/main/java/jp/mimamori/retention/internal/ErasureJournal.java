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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;

/**
 * The erasure engine's write-ahead journal: one text line per step, each ending in a CRC-32C of the line,
 * forced to the device per batch. A torn last line (a crash mid-write) is cut on open; a bad line before
 * the end is corruption.
 *
 * <pre>
 * I id camera seq start_ms end_ms size manifest_hash method reason principal_b64 at_ms   intent recorded
 * L id                                                                                  intent logged
 * E id 1|0 note_b64 at_ms                                                               data erased (or failed)
 * R id                                                                                  receipt logged
 * </pre>
 */
public final class ErasureJournal implements AutoCloseable {
    private final Path file;
    private final FileChannel ch;
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

    private ErasureJournal(Path file, FileChannel ch) {
        this.file = file;
        this.ch = ch;
    }

    /** Largest journal read on open: about 300,000 erasures. */
    static final int MAX_BYTES = 64 << 20;

    /** Opens (creating) the journal, cutting a torn tail and replaying it. */
    public static ErasureJournal open(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Never through a link, never a FIFO or device: the journal decides what is erased.
        FileChannel ch = ConfinedFiles.open(dir, file.toAbsolutePath(), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
        ErasureJournal j = new ErasureJournal(file, ch);
        j.replay();
        return j;
    }

    private void replay() throws IOException {
        byte[] all = BoundedFiles.read(file.toAbsolutePath().getParent(), file.toAbsolutePath(), MAX_BYTES);
        int pos = 0;
        long valid = 0;
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
            String line = new String(all, pos, nl - pos, StandardCharsets.US_ASCII);
            String[] f = checked(line);
            if (f == null) {
                if (nl + 1 == all.length) {
                    break; // torn last line
                }
                throw new IOException(file + ": erasure journal corrupt at byte " + pos);
            }
            apply(f);
            pos = nl + 1;
            valid = pos;
        }
        if (valid < all.length) {
            ch.truncate(valid);
            ch.force(true);
        }
        ch.position(valid);
    }

    private static String[] checked(String line) {
        int sp = line.lastIndexOf(' ');
        if (sp < 0) {
            return null;
        }
        String body = line.substring(0, sp);
        if (!crc(body).equals(line.substring(sp + 1))) {
            return null;
        }
        return body.split(" ", -1);
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
        String body = String.join(" ", f);
        buf.append(body).append(' ').append(crc(body)).append('\n');
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
        }
    }

    private static String crc(String s) {
        CRC32C c = new CRC32C();
        c.update(s.getBytes(StandardCharsets.US_ASCII));
        String h = Long.toHexString(c.getValue());
        return "00000000".substring(h.length()) + h;
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
        ch.close();
    }
}
