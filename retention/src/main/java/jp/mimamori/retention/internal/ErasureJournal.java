package jp.mimamori.retention.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.retention.crypto.internal.KeyVaultFile;

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
 * H 2 epoch nonce_hex                                                                   header (first line only)
 * I id camera seq start_ms end_ms size manifest_hash method reason principal_b64 at_ms   intent recorded
 * L id                                                                                  intent logged
 * E id 1|0 note_b64 at_ms                                                               data erased (or failed)
 * R id                                                                                  receipt logged
 * </pre>
 *
 * <p><b>Compaction.</b> Once every intent has its receipt in the evidence log (every {@code I} has its {@code R})
 * the journal is {@linkplain #compact() compacted}: replaced, atomically (temporary file, fsync, rename, fsync of
 * the folder), by a journal holding a fresh header — the next epoch and a new random nonce, the first link of a
 * new chain — followed by the lines of the erasures still pending, re-authenticated in that chain. A crash leaves
 * the old journal or the new one, each complete. Because every chain starts from its own header, no line of an
 * earlier journal verifies in a later one (no replay); and a journal is compacted only after its file is read back
 * and found to be exactly the lines this journal wrote, so a line planted behind its back is never compacted away
 * unseen (a {@link TamperedException}; the next open reports it). A journal written before headers existed
 * (version 1, no {@code H} line, its chain starting at zero) is read as before and compacted into this form.
 */
public final class ErasureJournal implements AutoCloseable {
    /**
     * Largest journal read on open. It is compacted after every batch that leaves nothing pending, so it stays
     * small; the limit is generous so that a journal that grew before compaction existed still opens, read as a
     * stream (memory bounded by {@link #MAX_LINE}, not by the file).
     */
    static final long MAX_BYTES = 1L << 30;
    /** Longest line: a longer one is no line this journal writes (tampering). */
    static final int MAX_LINE = 64 << 10;
    /** A journal this large is compacted even with erasures pending (their lines are carried over). */
    static final long COMPACT_PENDING_AT = 4 << 20;
    /** The header's version field. */
    static final String VERSION = "2";
    /** The MAC of the chain before the first line. */
    private static final byte[] START = new byte[32];
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final System.Logger LOG = System.getLogger(ErasureJournal.class.getName());

    private final Path file;
    private final Path dir;
    private FileChannel ch;
    private final Mac mac;
    private final boolean readOnly;
    /** MAC of the last line added (written or buffered). */
    private byte[] last = START;
    /** MAC of the last line in the file, and the file's length: what a read-back must find. */
    private byte[] written = START;
    private long length;
    /**
     * SHA-256 under way over the file's first {@code length} bytes as this journal read and wrote them: a compaction
     * whose read-back hashes to it found exactly those bytes, each line of which was authenticated when read or
     * written, and needs no second check of every MAC.
     */
    private MessageDigest content = KeyVaultFile.sha256();
    /** 0 for a journal without a header (version 1). */
    private long epoch;
    private boolean headerOnly;
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
        /** The fields of its {@code E} line, carried over verbatim by a compaction. */
        String[] erasedLine;

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
        this.file = file.toAbsolutePath();
        this.dir = this.file.getParent();
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
     * Opens (creating) the journal for writing, cutting a torn tail and replaying it; a journal with nothing
     * pending, or past {@link #COMPACT_PENDING_AT}, is compacted at once (so a new journal starts as its header,
     * and an old one shrinks).
     *
     * @throws TamperedException if a complete line fails its MAC: nothing in the journal is executed
     */
    public static ErasureJournal open(Path file, SecretBytes key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Never through a link, never a FIFO or device: the journal decides what is erased. Appending only, so
        // nothing written to the file behind the journal's back is ever overwritten by it.
        FileChannel ch = ConfinedFiles.open(dir, file.toAbsolutePath(), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        ErasureJournal j = new ErasureJournal(file, ch, key, false);
        try {
            j.replay();
            if (j.tampered == null && (j.pending.isEmpty() ? !j.headerOnly : j.length >= COMPACT_PENDING_AT)) {
                j.compact();
            }
        } catch (IOException | RuntimeException e) {
            j.ch.close();
            throw e;
        }
        if (j.tampered != null) {
            j.ch.close();
            throw new TamperedException(j.file, j.tampered);
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

    /** What reading a journal's bytes found. */
    private static final class Scan {
        final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
        /** SHA-256 under way over the first {@code valid} bytes. */
        final MessageDigest content = KeyVaultFile.sha256();
        byte[] last = START;
        /** Bytes up to the end of the last good line. */
        long valid;
        /** Bytes read: more than {@code valid} when a torn (or, with {@code tampered}, a bad) line follows. */
        long total;
        long lines;
        long epoch;
        Tampered tampered;
    }

    /** Scans the journal file: never through a link, never a FIFO or device, never more than MAX_BYTES. */
    private Scan scanFile() throws IOException {
        try (InputStream in = BoundedFiles.newInputStream(dir, file, MAX_BYTES)) {
            return scan(in);
        }
    }

    private void replay() throws IOException {
        Scan s = scanFile();
        pending.clear();
        pending.putAll(s.pending);
        tampered = s.tampered;
        last = s.last;
        written = s.last;
        epoch = s.epoch;
        length = s.valid;
        content = s.content;
        headerOnly = s.epoch > 0 && s.lines == 1 && s.tampered == null;
        if (readOnly) {
            return;
        }
        if (tampered == null && s.valid < s.total) {
            ch.truncate(s.valid);
            ch.force(true);
        }
    }

    /**
     * Checks a journal's lines in order — the chain, the header, each line's form — and applies them to its
     * pending erasures; stops at the first line that fails. Holds one line at a time.
     */
    private Scan scan(InputStream in) throws IOException {
        Scan s = new Scan();
        byte[] line = new byte[256];
        int n = 0;
        byte[] chunk = new byte[64 << 10];
        int r;
        while ((r = in.read(chunk)) > 0) {
            for (int i = 0; i < r; i++) {
                byte b = chunk[i];
                s.total++;
                if (b != '\n') {
                    if (n == MAX_LINE) {
                        s.tampered = new Tampered(s.lines + 1, s.valid); // no line of this journal is that long
                        return s;
                    }
                    if (n == line.length) {
                        line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, 2 * n));
                    }
                    line[n++] = b;
                    continue;
                }
                s.lines++;
                String[] f = checked(s, new String(line, 0, n, StandardCharsets.US_ASCII));
                if (f == null || !wellFormed(f, s.lines)) {
                    s.tampered = new Tampered(s.lines, s.valid);
                    return s;
                }
                if (f[0].equals("H")) {
                    s.epoch = Long.parseLong(f[2]);
                } else {
                    apply(s.pending, f);
                }
                s.content.update(line, 0, n);
                s.content.update((byte) '\n');
                s.valid += n + 1;
                n = 0;
            }
        }
        return s; // bytes after valid: a torn last line
    }

    private String[] checked(Scan s, String line) {
        int sp = line.lastIndexOf(' ');
        if (sp < 0) {
            return null;
        }
        String body = line.substring(0, sp);
        byte[] m = mac(s.last, body);
        if (!MessageDigest.isEqual(HexFormat.of().formatHex(m).getBytes(StandardCharsets.US_ASCII),
                line.substring(sp + 1).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        s.last = m;
        return body.split(" ", -1);
    }

    private static boolean wellFormed(String[] f, long lineNo) {
        return switch (f[0]) {
            case "H" -> lineNo == 1 && f.length == 4 && VERSION.equals(f[1]) && isEpoch(f[2])
                    && f[3].length() == 32 && f[3].chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
            case "I" -> f.length == 12;
            case "L", "R" -> f.length == 2;
            case "E" -> f.length == 5;
            default -> false;
        };
    }

    private static boolean isEpoch(String s) {
        if (s.isEmpty() || s.length() > 18 || s.charAt(0) == '0') {
            return false;
        }
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static void apply(LinkedHashMap<String, Pending> pending, String[] f) {
        switch (f[0]) {
            case "I" -> pending.putIfAbsent(f[1], new Pending(f));
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
                    p.erasedLine = f;
                }
            }
            case "R" -> pending.remove(f[1]);
            default -> throw new IllegalStateException("unknown journal line type " + f[0]);
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
        checkWritable();
        last = line(buf, last, f);
        apply(pending, f);
        headerOnly = false;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("the erasure journal was opened read-only");
        }
    }

    /** Appends one authenticated line for {@code f} chained on {@code previous}; returns its MAC. */
    private byte[] line(StringBuilder out, byte[] previous, String... f) {
        String body = String.join(" ", f);
        byte[] m = mac(previous, body);
        out.append(body).append(' ').append(HexFormat.of().formatHex(m)).append('\n');
        return m;
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
        checkWritable();
        byte[] bytes = buf.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        buf.setLength(0);
        try {
            while (b.hasRemaining()) {
                length += ch.write(b);
            }
        } finally {
            content.update(bytes, 0, b.position()); // what reached the file (a failed write: the read-back differs)
        }
        written = last;
        if (force) {
            ch.force(false);
        }
    }

    /**
     * Ends a batch whose receipts are in the evidence log (K3-2-3, invariant 6): {@linkplain #compact() compacts}
     * the journal when nothing is pending any more (or when it has grown past {@link #COMPACT_PENDING_AT}),
     * else writes and forces the buffered lines. A compaction that fails for an I/O reason leaves the journal as
     * it was, its buffered lines then written and forced; the next batch tries again.
     *
     * @throws TamperedException if the file is no longer what this journal wrote (a line planted or cut behind
     *                           its back): it is left as it is, for the next open to report
     */
    public void settle() throws IOException {
        if (!pending.isEmpty() && length + buf.length() < COMPACT_PENDING_AT) {
            flush(true);
            return;
        }
        try {
            compact();
        } catch (TamperedException e) {
            throw e;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "erasure journal {0}: not compacted ({1}); its lines are kept"
                    + " and compaction is tried again after the next batch", file.getFileName(), e.getMessage());
            flush(true);
        }
    }

    /**
     * Replaces the journal by its minimal form: a new header (the next epoch, a fresh random nonce) and the lines
     * of the erasures still pending, re-authenticated in the new chain; with nothing pending, the header alone.
     * The file is first read back and must be exactly what this journal read and wrote; then the new journal is
     * written to a temporary file, forced, renamed over the journal and the folder forced, so a crash leaves the
     * old journal or the new one, never neither, and no pending erasure is lost.
     *
     * @throws TamperedException if the file is not what this journal wrote; nothing is replaced
     */
    public void compact() throws IOException {
        checkWritable();
        // 1. Nothing is compacted away unseen: the file must be exactly the lines this journal read and wrote.
        //    Its bytes hashing to what this journal read and wrote proves it; anything else is checked line by line.
        if (!readsBackAsWritten()) {
            Scan s = scanFile();
            if (s.tampered != null) {
                throw new TamperedException(file, s.tampered);
            }
            if (s.valid != s.total || s.total != length || !MessageDigest.isEqual(s.last, written)) {
                throw new TamperedException(file, new Tampered(s.lines + 1, s.valid));
            }
        }
        // 2. The new chain: its own header, then what is still pending, line for line.
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        long next = epoch + 1;
        StringBuilder out = new StringBuilder();
        byte[] chain = line(out, START, "H", VERSION, Long.toString(next), HexFormat.of().formatHex(nonce));
        for (Pending p : pending.values()) {
            chain = line(out, chain, p.intent);
            if (p.logged) {
                chain = line(out, chain, "L", p.intent[1]);
            }
            if (p.erasedLine != null) {
                chain = line(out, chain, p.erasedLine);
            }
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.US_ASCII);
        // 3. Temporary file, fsync, atomic rename, fsync of the folder: the old journal or the new one.
        DurableFiles.replace(file, bytes, DurableFiles.Access.OWNER_ONLY);
        // 4. Go on in the new file.
        FileChannel old = ch;
        ch = ConfinedFiles.open(dir, file, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        old.close();
        buf.setLength(0);
        length = bytes.length;
        content = KeyVaultFile.sha256();
        content.update(bytes);
        last = chain;
        written = chain;
        epoch = next;
        headerOnly = pending.isEmpty();
    }

    /**
     * Whether the journal file is, byte for byte, the {@code length} bytes this journal read and wrote (their
     * SHA-256 compared): never through a link, never more than MAX_BYTES.
     */
    private boolean readsBackAsWritten() throws IOException {
        MessageDigest md = KeyVaultFile.sha256();
        long n = 0;
        try (InputStream in = BoundedFiles.newInputStream(dir, file, MAX_BYTES)) {
            byte[] chunk = new byte[64 << 10];
            int r;
            while ((r = in.read(chunk)) > 0) {
                md.update(chunk, 0, r);
                n += r;
                if (n > length) {
                    return false;
                }
            }
        }
        MessageDigest expected;
        try {
            expected = (MessageDigest) content.clone();
        } catch (CloneNotSupportedException e) {
            return false; // then the lines are checked one by one
        }
        return n == length && MessageDigest.isEqual(md.digest(), expected.digest());
    }

    /** The epoch of the journal's header: 1 for a new journal, one more per compaction; 0 without a header. */
    public long epoch() {
        return epoch;
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
