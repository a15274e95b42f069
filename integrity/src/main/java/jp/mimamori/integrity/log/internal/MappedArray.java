package jp.mimamori.integrity.log.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * An array of fixed-size entries in a file, memory-mapped in fixed-size chunks so that the whole file is
 * never held on the heap and reads cost no system call.
 *
 * <p>One writer thread calls {@link #put}; any thread may call {@link #get} for an index the writer published
 * earlier through a volatile write (the log's committed size), which gives the needed happens-before edge.
 * The file may be longer than the data (chunks are mapped whole, sparse on disk): the caller knows how many
 * entries are valid from the tree size, never from the file length.
 */
public final class MappedArray implements Closeable {
    private final FileChannel channel;
    private final int entrySize;
    private final int entriesPerChunk;
    private final long chunkBytes;
    private volatile MappedByteBuffer[] chunks = new MappedByteBuffer[0];
    /** Lowest chunk written since the last {@link #force()}; writes are append-like, so only the tail is dirty. */
    private int dirtyFrom = Integer.MAX_VALUE;

    /**
     * Opens or creates {@code file}.
     *
     * @param entrySize       bytes per entry
     * @param entriesPerChunk entries per mapped chunk (a power of two)
     */
    public MappedArray(Path file, int entrySize, int entriesPerChunk) throws IOException {
        if (Integer.bitCount(entriesPerChunk) != 1) {
            throw new IllegalArgumentException("entriesPerChunk: must be a power of two");
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.entrySize = entrySize;
        this.entriesPerChunk = entriesPerChunk;
        this.chunkBytes = (long) entrySize * entriesPerChunk;
    }

    private MappedByteBuffer chunk(long index, boolean grow) throws IOException {
        int c = (int) (index / entriesPerChunk);
        MappedByteBuffer[] cs = chunks;
        if (c < cs.length) {
            return cs[c];
        }
        if (!grow) {
            throw new IOException("entry " + index + " is beyond the mapped tree storage");
        }
        synchronized (this) {
            cs = chunks;
            if (c < cs.length) {
                return cs[c];
            }
            MappedByteBuffer[] next = Arrays.copyOf(cs, c + 1);
            for (int i = cs.length; i <= c; i++) {
                next[i] = channel.map(FileChannel.MapMode.READ_WRITE, i * chunkBytes, chunkBytes);
            }
            chunks = next;
            return next[c];
        }
    }

    /** Maps every chunk that the first {@code count} entries need (after opening an existing file). */
    public void mapUpTo(long count) throws IOException {
        if (count > 0) {
            chunk(count - 1, true);
        }
    }

    /** Writes entry {@code index} from {@code src[off..off+entrySize)}. Writer thread only. */
    public void put(long index, byte[] src, int off) throws IOException {
        MappedByteBuffer b = chunk(index, true);
        dirtyFrom = Math.min(dirtyFrom, (int) (index / entriesPerChunk));
        b.put((int) (index % entriesPerChunk) * entrySize, src, off, entrySize);
    }

    /** Reads entry {@code index} into {@code dst[off..off+entrySize)}. */
    public void get(long index, byte[] dst, int off) throws IOException {
        MappedByteBuffer b = chunk(index, false);
        b.get((int) (index % entriesPerChunk) * entrySize, dst, off, entrySize);
    }

    /** Writes an 8-byte entry. */
    public void putLong(long index, long value) throws IOException {
        MappedByteBuffer b = chunk(index, true);
        dirtyFrom = Math.min(dirtyFrom, (int) (index / entriesPerChunk));
        b.putLong((int) (index % entriesPerChunk) * entrySize, value);
    }

    /** Reads an 8-byte entry. */
    public long getLong(long index) throws IOException {
        MappedByteBuffer b = chunk(index, false);
        return b.getLong((int) (index % entriesPerChunk) * entrySize);
    }

    /** Forces the chunks written since the last force to the storage device. Writer thread only. */
    public void force() {
        MappedByteBuffer[] cs = chunks;
        for (int i = Math.max(0, dirtyFrom); i < cs.length; i++) {
            cs[i].force();
        }
        dirtyFrom = Integer.MAX_VALUE;
    }

    @Override
    public void close() throws IOException {
        chunks = new MappedByteBuffer[0];
        channel.close();
    }
}
