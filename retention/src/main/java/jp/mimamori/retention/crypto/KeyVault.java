package jp.mimamori.retention.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.retention.crypto.internal.KeyVaultFile;

/**
 * A file of per-segment data keys, each wrapped by a {@link KeyEncryptionKey} (format: {@link KeyVaultFile}).
 * Creating a key appends one record and forces it to the device before the key is returned, so no segment is
 * ever written under a key the vault could lose. Destroying keys is crash-safe and overwrites the old bytes:
 *
 * <ol>
 *   <li>the vault without the destroyed records is written to {@code FILE.tmp}, forced, and renamed to
 *       {@code FILE.new} (the commit point);</li>
 *   <li>the destroyed records are overwritten with zeros in place in {@code FILE} and forced — the old key
 *       material is overwritten, not merely unlinked;</li>
 *   <li>{@code FILE.new} is renamed over {@code FILE}.</li>
 * </ol>
 *
 * {@link #open} finishes an interrupted destroy: a {@code FILE.new} is committed and completed (steps 2–3
 * repeated, which is idempotent); a {@code FILE.tmp} was never committed and is deleted. Whether overwriting
 * reaches the physical medium depends on the storage: see {@code docs/ERASURE.md} and {@link #rewrap}.
 *
 * <p>Not thread-safe: one thread at a time (the {@link jp.mimamori.retention.store.FileSegmentStore} that
 * opens it synchronises its methods). One process owns a vault file; nothing in the vault stops a second one,
 * so open it only through the store of a {@link jp.mimamori.retention.service.RetentionService} folder, whose
 * folder lock does.
 */
public final class KeyVault {
    private final Path file;
    private KeyEncryptionKey kek;
    private final LinkedHashMap<String, KeyVaultFile.Entry> entries = new LinkedHashMap<>();
    private long length;
    private boolean readOnly;

    private KeyVault(Path file, KeyEncryptionKey kek) {
        this.file = file;
        this.kek = kek;
    }

    /**
     * Opens (or creates) a vault file, finishing any interrupted destroy and cutting a torn last record.
     *
     * @throws CryptoException if the vault was written under another KEK
     */
    public static KeyVault open(Path file, KeyEncryptionKey kek) throws IOException, CryptoException {
        KeyVault v = new KeyVault(file, kek);
        v.recover();
        return v;
    }

    /** Most bytes overwritten by one write when destroyed records are adjacent. */
    private static final int ZERO_RUN = 1 << 20;

    /** Largest vault file read: about 800,000 wrapped keys. */
    static final int MAX_BYTES = 64 << 20;

    /** A vault file read with a limit, never through a link nor from a FIFO or device. */
    private static byte[] readBounded(Path f) throws IOException {
        return BoundedFiles.read(f.toAbsolutePath().getParent(), f.toAbsolutePath(), MAX_BYTES);
    }

    private Path sibling(String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private void recover() throws IOException, CryptoException {
        Files.deleteIfExists(sibling(".tmp"));
        Path next = sibling(".new");
        if (Files.exists(next)) {
            KeyVaultFile.Parsed committed = KeyVaultFile.parse(readBounded(next));
            if (Files.exists(file)) {
                Set<String> keep = new HashSet<>();
                committed.entries().forEach(e -> keep.add(e.id()));
                overwriteDropped(keep);
            }
            DurableFiles.moveAtomic(next, file);
        }
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            DurableFiles.replace(file, KeyVaultFile.header(kek.checkValue()), DurableFiles.Access.OWNER_ONLY);
        }
        KeyVaultFile.Parsed p = KeyVaultFile.parse(readBounded(file));
        if (!MessageDigest.isEqual(p.kekCheck(), kek.checkValue())) {
            throw new CryptoException("key vault " + file.getFileName()
                    + ": written under another key-encryption key (KEK id differs)");
        }
        if (p.tornTail()) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(p.validLength());
                ch.force(true);
            }
        }
        entries.clear();
        for (KeyVaultFile.Entry e : p.entries()) {
            entries.put(e.id(), e);
        }
        length = p.validLength();
    }

    /**
     * Refuses to go on when the vault {@code file} is gone while {@code owner} still stores segments encrypted
     * under its keys: opening would create it empty and leave them unreadable without a word. Call it before
     * {@link #open} in a store that holds encrypted segments (invariant 6, S2).
     *
     * @param encryptedSequences the sequences of {@code owner}'s stored encrypted segments
     * @throws IOException naming the owner, how many segments became unreadable and which (the first 20)
     */
    public static void requireNotLost(Path file, String owner, Collection<Long> encryptedSequences)
            throws IOException {
        if (encryptedSequences.isEmpty() || exists(file)) {
            return;
        }
        List<Long> all = new ArrayList<>(encryptedSequences);
        java.util.Collections.sort(all);
        List<Long> shown = all.subList(0, Math.min(20, all.size()));
        throw new IOException(owner + "/" + file.getFileName() + " is missing while " + all.size()
                + " encrypted segment" + (all.size() == 1 ? " of " : "s of ") + owner + " are stored (sequences "
                + shown + (all.size() > shown.size() ? " …" : "") + "): without their data keys they are"
                + " unreadable; the vault is not recreated empty — restore it from backup (invariant 6, S2)");
    }

    /**
     * Whether the vault {@code file} exists, or its committed rewrite ({@code FILE.new}) that {@link #open}
     * completes: when it does not, {@link #requireNotLost} is the check to make before opening.
     */
    public static boolean exists(Path file) {
        return Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.exists(
                file.resolveSibling(file.getFileName() + ".new"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Opens a vault for reading only, as a verifier or reader that must not change the store does: nothing is
     * created, recovered or cut; an interrupted destroy is read as committed ({@code FILE.new}), a torn last
     * record is ignored. The file must be a regular file (not a link, device or FIFO) of at most
     * {@code 256 MiB}. Every method that would write throws {@link IllegalStateException}.
     *
     * @throws IOException     if the vault is missing or unreadable
     * @throws CryptoException if the vault was written under another KEK or is malformed
     */
    public static KeyVault openReadOnly(Path file, KeyEncryptionKey kek) throws IOException, CryptoException {
        KeyVault v = new KeyVault(file, kek);
        v.readOnly = true;
        Path next = v.sibling(".new");
        Path from = Files.isRegularFile(next, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? next : file;
        if (!Files.isRegularFile(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("key vault " + file.getFileName() + ": missing or not a regular file");
        }
        KeyVaultFile.Parsed p = KeyVaultFile.parse(jp.mimamori.core.internal.io.BoundedFiles.read(from,
                256 << 20));
        if (!MessageDigest.isEqual(p.kekCheck(), kek.checkValue())) {
            throw new CryptoException("key vault " + file.getFileName()
                    + ": written under another key-encryption key (KEK id differs)");
        }
        for (KeyVaultFile.Entry e : p.entries()) {
            v.entries.put(e.id(), e);
        }
        v.length = p.validLength();
        return v;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("key vault " + file.getFileName() + ": opened read-only");
        }
    }

    /** Number of live data keys. */
    public synchronized int size() {
        return entries.size();
    }

    /** Whether a live data key exists for {@code keyId}. */
    public synchronized boolean contains(String keyId) {
        return entries.containsKey(keyId);
    }

    /** The ids of live data keys, in file order. */
    public synchronized List<String> ids() {
        return new ArrayList<>(entries.keySet());
    }

    /**
     * Creates a fresh random data key for {@code keyId}, durably, and returns it (destroy it after use).
     *
     * @throws IllegalArgumentException if the id is malformed or already has a key
     */
    public synchronized SecretBytes create(String keyId) throws IOException, CryptoException {
        return createAll(List.of(keyId)).get(0);
    }

    /** Creates keys for several ids with one write and one sync. */
    public synchronized List<SecretBytes> createAll(List<String> keyIds) throws IOException, CryptoException {
        checkWritable();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<SecretBytes> keys = new ArrayList<>(keyIds.size());
        List<KeyVaultFile.Entry> added = new ArrayList<>(keyIds.size());
        Set<String> batch = new HashSet<>();
        long pos = length;
        for (String id : keyIds) {
            if (entries.containsKey(id) || !batch.add(id)) {
                throw new IllegalArgumentException("keyId: " + id + " already has a data key");
            }
            SecretBytes k = SecretBytes.random(32);
            byte[] wrapped = kek.wrap(id, k);
            byte[] rec = KeyVaultFile.record(id, wrapped);
            out.writeBytes(rec);
            added.add(new KeyVaultFile.Entry(id, wrapped, pos, rec.length));
            pos += rec.length;
            keys.add(k);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(out.toByteArray());
            long at = length;
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
            ch.force(false);
        }
        for (KeyVaultFile.Entry e : added) {
            entries.put(e.id(), e);
        }
        length = pos;
        return keys;
    }

    /**
     * The data key for {@code keyId}.
     *
     * @throws CryptoException if it was destroyed (or never created), or does not authenticate
     */
    public synchronized SecretBytes get(String keyId) throws CryptoException {
        KeyVaultFile.Entry e = entries.get(keyId);
        if (e == null) {
            throw new CryptoException("data key " + keyId + ": not in the vault (destroyed or never created)");
        }
        return kek.unwrap(keyId, e.wrapped());
    }

    /**
     * Destroys the data keys of {@code keyIds} (ids without a key are ignored, so a resumed erasure repeats
     * this safely) and returns how many were destroyed.
     */
    public synchronized int destroy(Collection<String> keyIds) throws IOException {
        checkWritable();
        Set<String> drop = new HashSet<>();
        for (String id : keyIds) {
            if (entries.containsKey(id)) {
                drop.add(id);
            }
        }
        if (drop.isEmpty()) {
            return 0;
        }
        // The kept records are copied byte for byte from the current file; no re-encoding, no re-parsing.
        byte[] current = readBounded(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream(current.length);
        out.write(current, 0, KeyVaultFile.HEADER_LENGTH);
        LinkedHashMap<String, KeyVaultFile.Entry> next = new LinkedHashMap<>();
        List<KeyVaultFile.Entry> dropped = new ArrayList<>(drop.size());
        for (KeyVaultFile.Entry e : entries.values()) {
            if (drop.contains(e.id())) {
                dropped.add(e);
            } else {
                next.put(e.id(), e.movedTo(out.size()));
                out.write(current, (int) e.offset(), e.length());
            }
        }
        Path tmp = sibling(".tmp");
        Path committed = sibling(".new");
        DurableFiles.writeSynced(tmp, out.toByteArray(), DurableFiles.Access.OWNER_ONLY);
        DurableFiles.moveAtomic(tmp, committed);
        zero(dropped);
        // A rename lost in a crash leaves FILE.new, which open() completes: no directory sync needed here.
        DurableFiles.moveAtomic(committed, file, false);
        entries.clear();
        entries.putAll(next);
        length = out.size();
        return drop.size();
    }

    /**
     * Re-wraps every live data key under {@code newKek} (crash-safely, old records overwritten). After the
     * old KEK is destroyed, stale copies of wrapped keys that the storage may still hold (flash remapping,
     * copy-on-write snapshots, backups) no longer open anything.
     */
    public synchronized void rewrap(KeyEncryptionKey newKek) throws IOException, CryptoException {
        checkWritable();
        LinkedHashMap<String, byte[]> fresh = new LinkedHashMap<>();
        for (KeyVaultFile.Entry e : entries.values()) {
            try (SecretBytes k = kek.unwrap(e.id(), e.wrapped())) {
                fresh.put(e.id(), newKek.wrap(e.id(), k));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(KeyVaultFile.header(newKek.checkValue()));
        fresh.forEach((id, w) -> out.writeBytes(KeyVaultFile.record(id, w)));
        commit(out.toByteArray(), Set.of());
        this.kek = newKek;
        reload();
    }

    /** Steps 1–3 of the class description; {@code keep} are ids whose old records stay unzeroed. */
    private void commit(byte[] content, Set<String> keep) throws IOException {
        Path tmp = sibling(".tmp");
        Path next = sibling(".new");
        DurableFiles.writeSynced(tmp, content, DurableFiles.Access.OWNER_ONLY);
        DurableFiles.moveAtomic(tmp, next);
        overwriteDropped(keep);
        DurableFiles.moveAtomic(next, file);
    }

    /** Overwrites in place, in the current file, every live record whose id is not in {@code keep}. */
    private void overwriteDropped(Set<String> keep) throws IOException {
        KeyVaultFile.Parsed old = KeyVaultFile.parse(readBounded(file));
        List<KeyVaultFile.Entry> dropped = new ArrayList<>();
        for (KeyVaultFile.Entry e : old.entries()) {
            if (!keep.contains(e.id())) {
                dropped.add(e);
            }
        }
        zero(dropped);
    }

    /** Overwrites records of the current file in place and forces them. */
    private void zero(List<KeyVaultFile.Entry> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        List<KeyVaultFile.Entry> byOffset = new ArrayList<>(records);
        byOffset.sort(java.util.Comparator.comparingLong(KeyVaultFile.Entry::offset));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            // Each record becomes type 0x00 with its id, wrapped key and check zeroed; id_len stays so the file
            // still parses. Adjacent records (a batch of segments keyed one after another) are overwritten in one
            // write of the same bytes, not two per record.
            int i = 0;
            while (i < byOffset.size()) {
                long start = byOffset.get(i).offset();
                int j = i;
                long end = start;
                while (j < byOffset.size() && byOffset.get(j).offset() == end && end - start < ZERO_RUN) {
                    end += byOffset.get(j).length();
                    j++;
                }
                ByteBuffer run = ByteBuffer.allocate((int) (end - start));
                for (int k = i; k < j; k++) {
                    KeyVaultFile.Entry e = byOffset.get(k);
                    run.put((int) (e.offset() - start) + 1, (byte) KeyVaultFile.idLength(e.length()));
                }
                long pos = start;
                while (run.hasRemaining()) {
                    pos += ch.write(run, pos);
                }
                i = j;
            }
            ch.force(true);
        }
    }

    private void reload() throws IOException {
        KeyVaultFile.Parsed p = KeyVaultFile.parse(readBounded(file));
        entries.clear();
        for (KeyVaultFile.Entry e : p.entries()) {
            entries.put(e.id(), e);
        }
        length = p.validLength();
    }

    /** The vault file. */
    public Path file() {
        return file;
    }

    /** Every data key's id mapped to nothing secret: for inspection and tests. */
    public synchronized Map<String, Long> offsets() {
        Map<String, Long> m = new LinkedHashMap<>();
        entries.forEach((id, e) -> m.put(id, e.offset()));
        return m;
    }

    @Override
    public String toString() {
        return "KeyVault[" + file.getFileName() + ", " + entries.size() + " keys]";
    }
}
