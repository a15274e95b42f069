package jp.mimamori.integrity.media.internal;

import java.util.ArrayList;
import java.util.List;
import jp.mimamori.integrity.media.internal.MediaUnit;

/** Fixed-size chunks for files that are not MPEG-TS: each unit {@code size} bytes, the last one shorter. */
public final class Chunker {
    /** The default chunk size: 1 MiB. */
    public static final int DEFAULT_SIZE = 1 << 20;

    private Chunker() {}

    /** The chunks of a file of {@code fileLength} bytes; an empty file has no chunks. */
    public static List<MediaUnit> chunks(long fileLength, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size: must be >= 1");
        }
        if (fileLength < 0) {
            throw new IllegalArgumentException("fileLength: must be >= 0");
        }
        List<MediaUnit> out = new ArrayList<>();
        for (long off = 0; off < fileLength; off += size) {
            out.add(new MediaUnit(off, (int) Math.min(size, fileLength - off), -1));
        }
        return out;
    }
}
