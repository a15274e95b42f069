package jp.mimamori.integrity.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import jp.mimamori.core.internal.io.DurableFiles;

/**
 * The checkpointed tree state ({@code tree/state}): how many records the stored tree levels cover and where
 * in {@code records.log} the next record starts. Written only after the log and the tree levels it names
 * were forced, atomically (temporary file, force, rename, force the folder), so on open the log replays only
 * the records after it instead of rehashing everything.
 *
 * <pre>state = "MMTS" version:u32=1 size:u64 offset:u64 root:32 crc32c:u32   (60 bytes, big-endian)</pre>
 *
 * @param size   records covered
 * @param offset file offset in records.log just after record {@code size - 1}
 * @param root   root hash at {@code size}
 */
public record TreeState(long size, long offset, byte[] root) {
    private static final int LENGTH = 60;

    /**
     * Reads the state {@code file} of the log folder {@code logDir} (never through a link, never more than its
     * length plus one byte), or returns {@code null} if it is absent or damaged (the log then rebuilds).
     *
     * @throws jp.mimamori.core.internal.io.ConfinedFiles.RefusedException if it is a link, FIFO or device
     */
    public static TreeState read(Path logDir, Path file) throws IOException {
        if (!ConfinedFiles.isRegularFile(logDir, file)) {
            return null;
        }
        byte[] b;
        try {
            b = BoundedFiles.read(logDir, file, LENGTH);
        } catch (BoundedFiles.TooLargeException e) {
            return null;
        }
        if (b.length != LENGTH) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, LENGTH - 4);
        if (buf.getInt() != 0x4d4d5453 || buf.getInt() != 1 || buf.getInt(LENGTH - 4) != (int) crc.getValue()) {
            return null;
        }
        long size = buf.getLong();
        long offset = buf.getLong();
        byte[] root = new byte[32];
        buf.get(root);
        if (size < 0 || offset < RecordFile.HEADER.length) {
            return null;
        }
        return new TreeState(size, offset, root);
    }

    /** Writes the state durably and atomically. */
    public void write(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        buf.putInt(0x4d4d5453).putInt(1).putLong(size).putLong(offset).put(root);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, LENGTH - 4);
        buf.putInt((int) crc.getValue());
        buf.flip();
        DurableFiles.replace(file, buf.array());
    }
}
