package jp.mimamori.integrity.media.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The incremental fragmented-MP4 (CMAF, ISO/IEC 14496-12 movie fragments) splitter: one unit for the init
 * segment, then one per movie fragment, found in bytes fed in any chunking.
 *
 * <p>The input is a sequence of top-level boxes starting with {@code ftyp}. The first unit runs from offset 0 to
 * the end of the {@code moov} box (the init segment; no PTS, not a keyframe: it holds no picture). Each further
 * unit runs up to the end of the first {@code mdat} box that follows a {@code moof} box, so it holds the
 * fragment's {@code moof} and {@code mdat} with whatever precedes them ({@code styp}, {@code sidx}, {@code prft},
 * {@code emsg}, {@code free}). Bytes after the last fragment ({@code mfra}) are a last unit of their own.
 *
 * <p>A fragment's PTS and keyframe flag come from its first {@code moof}'s track fragment of the video track (the
 * first {@code trak} whose handler is {@code vide}, else the first {@code trak}): PTS = {@code tfdt}
 * base media decode time plus the first sample's composition offset, in 90 kHz ticks modulo 2³³ (edit lists are
 * not applied), or -1 without {@code tfdt}; keyframe when the first sample's flags (from {@code trun}'s
 * first_sample_flags or sample flags, else {@code tfhd}'s, else {@code trex}'s defaults) say
 * sample_is_non_sync_sample = 0 or sample_depends_on = 2.
 *
 * <p>Bounded: the box being read is counted, not held, except {@code moov} and {@code moof}, held whole up to
 * {@value #MAX_HELD_BOX} bytes (a larger one is refused). Malformed input is a {@link MediaFormatException}
 * naming the byte offset.
 *
 * <p>Not thread-safe: one splitter serves one segment on one thread at a time.
 *
 * <pre>{@code
 * Fmp4Splitter s = new Fmp4Splitter();
 * s.feed(ByteBuffer.wrap(bytes), (offset, length, pts, keyframe) -> System.out.println(offset + " " + length));
 * s.finish((offset, length, pts, keyframe) -> System.out.println(offset + " " + length));
 * }</pre>
 */
public final class Fmp4Splitter implements UnitSplitter {
    /** The largest {@code moov} or {@code moof} box read (256 KiB). */
    public static final int MAX_HELD_BOX = 256 * 1024;

    private static final int FTYP = type("ftyp");
    private static final int MOOV = type("moov");
    private static final int MOOF = type("moof");
    private static final int MDAT = type("mdat");
    private static final int TRAK = type("trak");
    private static final int TKHD = type("tkhd");
    private static final int MDIA = type("mdia");
    private static final int MDHD = type("mdhd");
    private static final int HDLR = type("hdlr");
    private static final int MVEX = type("mvex");
    private static final int TREX = type("trex");
    private static final int TRAF = type("traf");
    private static final int TFHD = type("tfhd");
    private static final int TFDT = type("tfdt");
    private static final int TRUN = type("trun");
    private static final int VIDE = type("vide");
    private static final long PTS_MASK = (1L << 33) - 1;

    private long pos;
    private boolean finished;

    // the top-level box being read
    private final byte[] header = new byte[16];
    private int headerFill;
    private boolean inBody;
    private long boxStart;
    private long bodyStart;
    private int boxType;
    private long bodyLeft;       // bytes of the body still to come; Long.MAX_VALUE for a box that runs to the end
    private boolean toEnd;
    private byte[] held = new byte[0];
    private int heldFill;
    private boolean holding;

    // what the init segment said
    private boolean initDone;
    private long videoTrack = -1;
    private long timescale;
    private int trexFlags;

    // the open unit
    private long unitStart;
    private boolean haveMoof;
    private long fragPts = -1;
    private boolean fragKey;

    /** A splitter for one segment. */
    public Fmp4Splitter() {}

    @Override
    public void feed(ByteBuffer bytes, Listener out) throws MediaFormatException, IOException {
        if (finished) {
            throw new IllegalStateException("feed: the splitter is finished");
        }
        while (bytes.hasRemaining()) {
            if (!inBody) {
                readHeader(bytes, out);
                continue;
            }
            int n = (int) Math.min(bodyLeft, bytes.remaining());
            if (holding) {
                bytes.get(held, heldFill, n);
                heldFill += n;
            } else {
                bytes.position(bytes.position() + n);
            }
            pos += n;
            if (!toEnd) {
                bodyLeft -= n;
                if (bodyLeft == 0) {
                    endBox(out);
                }
            }
        }
    }

    private void readHeader(ByteBuffer bytes, Listener out) throws MediaFormatException, IOException {
        int need = headerFill < 8 ? 8 : 16;
        int n = Math.min(need - headerFill, bytes.remaining());
        bytes.get(header, headerFill, n);
        headerFill += n;
        pos += n;
        if (headerFill < need) {
            return;
        }
        long size = u32(header, 0);
        if (headerFill == 8) {
            boxStart = pos - 8;
            boxType = (int) u32(header, 4);
            checkType(boxType, boxStart);
            if (boxStart == 0 && boxType != FTYP) {
                throw new MediaFormatException("fMP4: the first box is '" + name(boxType)
                        + "' at offset 0, expected 'ftyp'");
            }
            if (size == 1) {
                return; // a 64-bit size follows
            }
        }
        toEnd = false;
        long headerLength = headerFill;
        if (size == 1) {
            size = s64(header, 8);
            if (size < 16) {
                throw new MediaFormatException("fMP4: box '" + name(boxType) + "' at offset " + boxStart
                        + " declares a 64-bit size of " + Long.toUnsignedString(size) + " bytes, less than its header");
            }
        } else if (size == 0) {
            toEnd = true;
        } else if (size < 8) {
            throw new MediaFormatException("fMP4: box '" + name(boxType) + "' at offset " + boxStart
                    + " declares a size of " + size + " bytes, less than its header");
        }
        headerFill = 0;
        inBody = true;
        bodyLeft = toEnd ? Long.MAX_VALUE : size - headerLength;
        startBox();
        bodyStart = pos;
        if (!toEnd && bodyLeft == 0) {
            endBox(out);
        }
    }

    private void startBox() throws MediaFormatException {
        holding = boxType == MOOV || boxType == MOOF;
        if (!holding) {
            if (!initDone && boxType == MDAT) {
                throw new MediaFormatException("fMP4: 'mdat' at offset " + boxStart
                        + " before the 'moov' box: not a fragmented MP4 init segment");
            }
            return;
        }
        if (toEnd || bodyLeft > MAX_HELD_BOX) {
            throw new MediaFormatException("fMP4: box '" + name(boxType) + "' at offset " + boxStart
                    + (toEnd ? " runs to the end of the file" : " has " + bodyLeft + " bytes")
                    + "; at most " + MAX_HELD_BOX + " are read");
        }
        if (boxType == MOOF && !initDone) {
            throw new MediaFormatException("fMP4: 'moof' at offset " + boxStart + " before the 'moov' box");
        }
        if (boxType == MOOV && initDone) {
            throw new MediaFormatException("fMP4: a second 'moov' box at offset " + boxStart);
        }
        if (held.length < bodyLeft) {
            held = new byte[(int) Math.max(bodyLeft, Math.min(MAX_HELD_BOX, 2L * held.length))];
        }
        heldFill = 0;
    }

    /** The box that began at {@code boxStart} ends at {@code pos}. */
    private void endBox(Listener out) throws MediaFormatException, IOException {
        inBody = false;
        if (boxType == MOOV) {
            readMoov();
            initDone = true;
            emit(out, -1, false);
        } else if (boxType == MOOF) {
            if (!haveMoof) {
                readMoof();
                haveMoof = true;
            }
        } else if (boxType == MDAT && haveMoof) {
            emit(out, fragPts, fragKey);
            haveMoof = false;
        }
        holding = false;
    }

    private void emit(Listener out, long pts, boolean key) throws IOException {
        out.unit(unitStart, pos - unitStart, pts, key);
        unitStart = pos;
    }

    @Override
    public void finish(Listener out) throws MediaFormatException, IOException {
        if (finished) {
            throw new IllegalStateException("finish: the splitter is finished");
        }
        finished = true;
        if (pos == 0) {
            throw new MediaFormatException("fMP4: empty file");
        }
        if (!inBody && headerFill > 0) {
            throw new MediaFormatException("fMP4: the input ends inside a box header at offset " + (pos - headerFill));
        }
        if (inBody && !toEnd) {
            throw new MediaFormatException("fMP4: box '" + name(boxType) + "' at offset " + boxStart
                    + " is cut short: the input ends " + bodyLeft + " bytes before its end");
        }
        if (inBody) {
            endBox(out);
        }
        if (!initDone) {
            throw new MediaFormatException("fMP4: no 'moov' box (the init segment) before the end at offset " + pos);
        }
        if (unitStart < pos) {
            out.unit(unitStart, pos - unitStart, haveMoof ? fragPts : -1, haveMoof && fragKey);
        }
    }

    // ---- moov and moof, read whole from the held bytes ----

    private void readMoov() throws MediaFormatException {
        long firstTrack = -1;
        long firstScale = 0;
        long chosenTrack = -1;
        long chosenScale = 0;
        for (int t = child(0, heldFill, 0, TRAK); t >= 0; t = child(0, heldFill, boxEnd(t), TRAK)) {
            int end = boxEnd(t);
            int tkhd = child(body(t), end, body(t), TKHD);
            int mdia = child(body(t), end, body(t), MDIA);
            if (tkhd < 0 || mdia < 0) {
                continue;
            }
            int b = body(tkhd);
            boolean v1 = version(tkhd) == 1;
            long id = u32(held, field(tkhd, b + 4 + (v1 ? 16 : 8), 4));
            int mEnd = boxEnd(mdia);
            int mdhd = child(body(mdia), mEnd, body(mdia), MDHD);
            int hdlr = child(body(mdia), mEnd, body(mdia), HDLR);
            long scale = 0;
            if (mdhd >= 0) {
                boolean m1 = version(mdhd) == 1;
                scale = u32(held, field(mdhd, body(mdhd) + 4 + (m1 ? 16 : 8), 4));
            }
            boolean video = hdlr >= 0 && (int) u32(held, field(hdlr, body(hdlr) + 8, 4)) == VIDE;
            if (firstTrack < 0) {
                firstTrack = id;
                firstScale = scale;
            }
            if (video && chosenTrack < 0) {
                chosenTrack = id;
                chosenScale = scale;
            }
        }
        videoTrack = chosenTrack >= 0 ? chosenTrack : firstTrack;
        timescale = chosenTrack >= 0 ? chosenScale : firstScale;
        int mvex = child(0, heldFill, 0, MVEX);
        if (mvex >= 0) {
            int end = boxEnd(mvex);
            for (int x = child(body(mvex), end, body(mvex), TREX); x >= 0; x = child(body(mvex), end, boxEnd(x),
                    TREX)) {
                int b = body(x);
                if (u32(held, field(x, b + 4, 4)) == videoTrack) {
                    trexFlags = (int) u32(held, field(x, b + 20, 4));
                }
            }
        }
    }

    private void readMoof() throws MediaFormatException {
        fragPts = -1;
        fragKey = false;
        for (int t = child(0, heldFill, 0, TRAF); t >= 0; t = child(0, heldFill, boxEnd(t), TRAF)) {
            int end = boxEnd(t);
            int tfhd = child(body(t), end, body(t), TFHD);
            if (tfhd < 0) {
                throw new MediaFormatException("fMP4: 'traf' at offset " + (bodyStart + t) + " has no 'tfhd'");
            }
            int b = body(tfhd);
            if (u32(held, field(tfhd, b + 4, 4)) != videoTrack) {
                continue;
            }
            int tfFlags = flags(tfhd);
            int flags = trexFlags;
            if ((tfFlags & 0x20) != 0) {
                int at = b + 8 + ((tfFlags & 0x01) != 0 ? 8 : 0) + ((tfFlags & 0x02) != 0 ? 4 : 0)
                        + ((tfFlags & 0x08) != 0 ? 4 : 0) + ((tfFlags & 0x10) != 0 ? 4 : 0);
                flags = (int) u32(held, field(tfhd, at, 4));
            }
            long decode = Long.MIN_VALUE;
            int tfdt = child(body(t), end, body(t), TFDT);
            if (tfdt >= 0) {
                boolean v1 = version(tfdt) == 1;
                int at = field(tfdt, body(tfdt) + 4, v1 ? 8 : 4);
                decode = v1 ? s64(held, at) : u32(held, at);
            }
            long cto = 0;
            boolean anySample = true;
            int trun = child(body(t), end, body(t), TRUN);
            if (trun >= 0) {
                boolean v1 = version(trun) == 1;
                int trFlags = flags(trun);
                int at = body(trun) + 4;
                long count = u32(held, field(trun, at, 4));
                at += 4 + ((trFlags & 0x01) != 0 ? 4 : 0);
                if ((trFlags & 0x04) != 0) {
                    flags = (int) u32(held, field(trun, at, 4));
                    at += 4;
                }
                anySample = count > 0;
                if (anySample) {
                    at += (trFlags & 0x100) != 0 ? 4 : 0;
                    at += (trFlags & 0x200) != 0 ? 4 : 0;
                    if ((trFlags & 0x400) != 0) {
                        int sampleFlags = (int) u32(held, field(trun, at, 4));
                        if ((trFlags & 0x04) == 0) {
                            flags = sampleFlags;
                        }
                        at += 4;
                    }
                    if ((trFlags & 0x800) != 0) {
                        long c = u32(held, field(trun, at, 4));
                        cto = v1 ? (int) c : c;
                    }
                }
            }
            fragKey = anySample && (((flags >>> 16) & 1) == 0 || ((flags >>> 24) & 3) == 2);
            if (decode != Long.MIN_VALUE && timescale > 0) {
                fragPts = ticks90k(decode + cto, timescale) & PTS_MASK;
            }
            return;
        }
    }

    private static long ticks90k(long t, long scale) {
        long whole = Math.floorDiv(t, scale);
        long rest = Math.floorMod(t, scale);
        return whole * 90000 + rest * 90000 / scale;
    }

    /** The first child box of type {@code type} among the boxes in held[from, end) starting at {@code at}. */
    private int child(int from, int end, int at, int type) throws MediaFormatException {
        int p = at;
        while (p < end) {
            if (end - p < 8) {
                throw new MediaFormatException("fMP4: " + (end - p) + " stray bytes at offset " + (bodyStart + p)
                        + " inside '" + name(boxType) + "'");
            }
            int e = boxEnd(p, end);
            if ((int) u32(held, p + 4) == type) {
                return p;
            }
            p = e;
        }
        return -1;
    }

    /** Where the body of the nested box at held[p] starts (after an 8- or 16-byte header). */
    private int body(int p) {
        return p + (u32(held, p) == 1 ? 16 : 8);
    }

    /** A full box's version (its body's first byte). */
    private int version(int p) throws MediaFormatException {
        return held[field(p, body(p), 4)] & 0xFF;
    }

    /** A full box's 24-bit flags. */
    private int flags(int p) throws MediaFormatException {
        return (int) u32(held, field(p, body(p), 4)) & 0xFFFFFF;
    }

    /** Checks that the {@code n} bytes at held[at] lie inside the box at held[p]; returns {@code at}. */
    private int field(int p, int at, int n) throws MediaFormatException {
        if (at + n > boxEnd(p)) {
            throw nested(p, "is shorter than its fields (" + (at + n - p) + " bytes)");
        }
        return at;
    }

    private int boxEnd(int p) throws MediaFormatException {
        return boxEnd(p, heldFill);
    }

    /** The end of the nested box at held[p] inside a parent ending at {@code limit}. */
    private int boxEnd(int p, int limit) throws MediaFormatException {
        long size = u32(held, p);
        if (size == 0) {
            return limit;
        }
        if (size == 1) {
            if (limit - p < 16) {
                throw nested(p, "has no room for its 64-bit size");
            }
            size = s64(held, p + 8);
        }
        if (size < 8 || size > limit - p) {
            throw nested(p, "declares " + Long.toUnsignedString(size) + " bytes, its parent has " + (limit - p)
                    + " left");
        }
        return p + (int) size;
    }

    private MediaFormatException nested(int p, String what) {
        return new MediaFormatException("fMP4: box '" + name((int) u32(held, p + 4)) + "' at offset "
                + (bodyStart + p) + " inside '" + name(boxType) + "' " + what);
    }

    // ---- bytes ----

    private static void checkType(int type, long at) throws MediaFormatException {
        for (int s = 24; s >= 0; s -= 8) {
            int c = (type >>> s) & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                throw new MediaFormatException("fMP4: the box at offset " + at + " has type bytes 0x"
                        + String.format("%08x", type) + ", not a four-character code (not MP4, or framing lost)");
            }
        }
    }

    private static long u32(byte[] b, int o) {
        return ((long) (b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    private static long s64(byte[] b, int o) {
        return (u32(b, o) << 32) | u32(b, o + 4);
    }

    private static int type(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }

    private static String name(int type) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int b = (type >>> (24 - 8 * i)) & 0xFF;
            c[i] = b >= 0x20 && b <= 0x7E ? (char) b : '?';
        }
        return new String(c);
    }
}
