package jp.mimamori.retention.erase.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import jp.mimamori.core.internal.io.ConfinedFiles;

/**
 * Overwrites a file's bytes in place with zeros (one pass, NIST SP 800-88 Rev. 1 "Clear" for magnetic media)
 * in 1 MiB writes, forces them to the device, then deletes the file.
 *
 * <p>The truth, said in every receipt ({@link #caveat(Path)}): on SSDs and flash the controller writes new
 * data to other cells and leaves the old ones until garbage collection; on copy-on-write file systems (btrfs,
 * ZFS, APFS) and under snapshots the overwrite goes to new blocks. There, overwriting does not reliably
 * remove the old bytes; use crypto-erase at record time and sanitize the medium (Purge) before disposal.
 */
public final class Overwriter {
    private static final int CHUNK = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(CHUNK);

    private Overwriter() {}

    /** Overwrites {@code file} with zeros and forces it; returns the bytes written. The file is kept. */
    public static long overwrite(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            return overwrite(ch);
        }
    }

    private static long overwrite(FileChannel ch) throws IOException {
        long size = ch.size();
        long pos = 0;
        ByteBuffer z = ZEROS.duplicate();
        while (pos < size) {
            z.clear();
            z.limit((int) Math.min(CHUNK, size - pos));
            while (z.hasRemaining()) {
                pos += ch.write(z, pos);
            }
        }
        ch.force(true);
        return size;
    }

    /**
     * Overwrites, then deletes the regular file {@code file} inside {@code root}, reached without following any
     * link (idempotent: a missing file is already gone). A link, FIFO or device there is refused: nothing outside
     * the root is ever overwritten or deleted.
     */
    public static long overwriteAndDelete(Path root, Path file) throws IOException {
        if (ConfinedFiles.kind(root, file).isEmpty()) {
            return 0;
        }
        long n;
        try (FileChannel ch = ConfinedFiles.open(root, file, Set.of(StandardOpenOption.WRITE))) {
            n = overwrite(ch);
        }
        ConfinedFiles.deleteIfExists(root, file);
        return n;
    }

    /** Overwrites, then deletes the file (idempotent: a missing file is already gone). */
    public static long overwriteAndDelete(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long n = overwrite(file);
        Files.delete(file);
        return n;
    }

    /** The receipt note for overwriting on the file system holding {@code file}. */
    public static String caveat(Path file) {
        String type;
        try {
            type = Files.getFileStore(file.toAbsolutePath().getParent()).type();
        } catch (IOException e) {
            type = "unknown";
        }
        String t = type.toLowerCase(java.util.Locale.ROOT);
        boolean cow = t.contains("btrfs") || t.contains("zfs") || t.contains("apfs") || t.contains("overlay")
                || t.contains("xfs_reflink");
        return "overwritten once with zeros then deleted (file system: " + type + "). NIST SP 800-88 Rev. 1: "
                + "overwriting is not reliable on SSD, flash or copy-on-write file systems"
                + (cow ? " — this file system is copy-on-write, so old blocks may survive" : "")
                + "; sanitize the medium before disposal";
    }
}
