package jp.mimamori.integrity.media.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link UnitSplitter} for bytes of no known container: fixed-size chunks, the last one shorter, each without
 * a PTS and each a keyframe (a chunk can be read on its own), exactly the units {@link Chunker} gives a whole
 * file. Holds no bytes, only counters. Not thread-safe (one segment, one thread).
 *
 * <pre>{@code
 * UnitSplitter s = new ChunkSplitter(Chunker.DEFAULT_SIZE);
 * s.feed(buffer, listener);
 * s.finish(listener);
 * }</pre>
 */
public final class ChunkSplitter implements UnitSplitter {
    private final int size;
    private long start;
    private long fed;
    private boolean finished;

    /** Chunks of {@code size} bytes (at least 1). */
    public ChunkSplitter(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size: must be >= 1");
        }
        this.size = size;
    }

    @Override
    public void feed(ByteBuffer bytes, Listener out) throws IOException {
        if (finished) {
            throw new IllegalStateException("splitter: already finished");
        }
        long n = bytes.remaining();
        bytes.position(bytes.limit());
        fed += n;
        while (fed - start >= size) {
            out.unit(start, size, -1, true);
            start += size;
        }
    }

    @Override
    public void finish(Listener out) throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (fed > start) {
            out.unit(start, fed - start, -1, true);
            start = fed;
        }
    }
}
