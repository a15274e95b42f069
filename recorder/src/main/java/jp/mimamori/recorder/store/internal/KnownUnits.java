package jp.mimamori.recorder.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.MediaUnit;
import jp.mimamori.integrity.media.internal.UnitSplitter;

/**
 * A {@link UnitSplitter} replaying units found beforehand (a recorded TS file split by a first pass over it):
 * each unit is reported once the bytes fed reach its end. Not thread-safe.
 */
public final class KnownUnits implements UnitSplitter {
    private final List<MediaUnit> units;
    private long fed;
    private int next;

    /** Replays {@code units}, which cover the bytes to come exactly, in order. */
    public KnownUnits(List<MediaUnit> units) {
        this.units = List.copyOf(units);
    }

    @Override
    public void feed(ByteBuffer bytes, Listener out) throws IOException {
        fed += bytes.remaining();
        bytes.position(bytes.limit());
        while (next < units.size() && end(units.get(next)) <= fed) {
            MediaUnit u = units.get(next++);
            out.unit(u.offset(), u.length(), u.pts(), false);
        }
    }

    @Override
    public void finish(Listener out) throws IOException, MediaFormatException {
        if (next != units.size() || (next > 0 && end(units.get(next - 1)) != fed)) {
            throw new MediaFormatException("the file changed while it was sealed: its units no longer cover it");
        }
    }

    private static long end(MediaUnit u) {
        return u.offset() + u.length();
    }
}
