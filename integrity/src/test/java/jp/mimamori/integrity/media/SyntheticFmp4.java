package jp.mimamori.integrity.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random well-formed fragmented MP4 for properties: ftyp and an init segment with an audio and a video track
 * (either order), then fragments with optional styp/sidx/emsg/free before them, every way ISO/IEC 14496-12 lets
 * the first sample's flags be given (trun first_sample_flags or per-sample flags, tfhd default, trex default),
 * tfdt version 0 or 1, composition offsets, 64-bit box sizes, and an mfra at the end. Records the expected units.
 */
final class SyntheticFmp4 {
    final byte[] bytes;
    final List<Chunkings.Unit> units;

    private SyntheticFmp4(byte[] bytes, List<Chunkings.Unit> units) {
        this.bytes = bytes;
        this.units = units;
    }

    private static final int VIDEO = 1;
    private static final int AUDIO = 2;
    private static final int SYNC = 0x02000000;      // sample_depends_on = 2
    private static final int NON_SYNC = 0x01010000;  // depends on others, sample_is_non_sync_sample

    static SyntheticFmp4 generate(long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Chunkings.Unit> units = new ArrayList<>();
        long timescale = new long[] {90000, 12800, 1000, 30000}[r.nextInt(4)];
        boolean videoFirst = r.nextBoolean();
        int trexVideoFlags = r.nextBoolean() ? NON_SYNC : 0;
        out.writeBytes(box(r, "ftyp", bytes("isom", 0, 0, 2, 0, "isomiso6")));
        if (r.nextBoolean()) {
            out.writeBytes(box(r, "free", new byte[r.nextInt(20)]));
        }
        byte[] video = trak(r, VIDEO, "vide", timescale);
        byte[] audio = trak(r, AUDIO, "soun", 48000);
        byte[] mvex = box(r, "mvex", cat(
                box(r, "trex", full(0, 0, u32(VIDEO), u32(1), u32(0), u32(0), u32(trexVideoFlags))),
                box(r, "trex", full(0, 0, u32(AUDIO), u32(1), u32(0), u32(0), u32(0)))));
        out.writeBytes(box(r, "moov", cat(box(r, "mvhd", full(0, 0, new byte[96])),
                videoFirst ? video : audio, videoFirst ? audio : video, mvex)));
        units.add(new Chunkings.Unit(0, out.size(), -1, false));
        int fragments = r.nextInt(8);
        long decode = r.nextInt(1 << 20);
        for (int f = 0; f < fragments; f++) {
            long start = out.size();
            if (r.nextInt(3) == 0) {
                out.writeBytes(box(r, "styp", bytes("msdh", 0, 0, 0, 0, "msdhmsix")));
            }
            if (r.nextInt(3) == 0) {
                out.writeBytes(box(r, "sidx", full(0, 0, new byte[24])));
            }
            if (r.nextInt(4) == 0) {
                out.writeBytes(box(r, "emsg", full(0, 0, new byte[r.nextInt(30)])));
            }
            boolean key = r.nextBoolean();
            int flags = key ? (r.nextBoolean() ? 0 : SYNC) : NON_SYNC;
            long cto = r.nextInt(3) == 0 ? r.nextInt(3000) : 0;
            boolean withTfdt = r.nextInt(6) != 0;
            int way = r.nextInt(4);
            boolean expectKey = key;
            if (way == 3 && flags != trexVideoFlags) {
                way = 0; // the trex default cannot say this sample's flags
            }
            byte[] videoTraf = traf(r, VIDEO, flags, way, decode, withTfdt, cto);
            byte[] audioTraf = traf(r, AUDIO, 0, 0, decode, true, 0);
            byte[] moof = box(r, "moof", cat(box(r, "mfhd", full(0, 0, u32(f + 1))),
                    r.nextBoolean() ? cat(videoTraf, audioTraf) : cat(audioTraf, videoTraf)));
            out.writeBytes(moof);
            if (r.nextInt(5) == 0) {
                out.writeBytes(box(r, "free", new byte[3]));
            }
            byte[] mdat = new byte[r.nextInt(5000)];
            r.nextBytes(mdat);
            out.writeBytes(box(r, "mdat", mdat));
            long pts = withTfdt ? ((decode + cto) / timescale * 90000 + (decode + cto) % timescale * 90000
                    / timescale) & ((1L << 33) - 1) : -1;
            units.add(new Chunkings.Unit(start, out.size() - start, pts, expectKey));
            decode += r.nextInt(200000);
        }
        if (r.nextBoolean()) {
            long start = out.size();
            out.writeBytes(box(r, "mfra", box(r, "mfro", full(0, 0, u32(16)))));
            units.add(new Chunkings.Unit(start, out.size() - start, -1, false));
        }
        return new SyntheticFmp4(out.toByteArray(), units);
    }

    private static byte[] trak(Random r, int id, String handler, long timescale) {
        boolean v1 = r.nextBoolean();
        byte[] tkhd = v1 ? full(1, 3, new byte[16], u32(id), new byte[4 + 8 + 52 + 8])
                : full(0, 3, new byte[8], u32(id), new byte[4 + 4 + 52 + 8]);
        byte[] mdhd = v1 ? full(1, 0, new byte[16], u32(timescale), new byte[8 + 4])
                : full(0, 0, new byte[8], u32(timescale), new byte[4 + 4]);
        byte[] hdlr = full(0, 0, u32(0), bytes(handler), new byte[12], new byte[] {'x', 0});
        return box(r, "trak", cat(box(r, "tkhd", tkhd), box(r, "mdia", cat(box(r, "mdhd", mdhd),
                box(r, "hdlr", hdlr), box(r, "minf", new byte[8])))));
    }

    /** way 0: trun first_sample_flags; 1: trun per-sample flags; 2: tfhd default; 3: trex default. */
    private static byte[] traf(Random r, int id, int flags, int way, long decode, boolean tfdt, long cto) {
        int tfFlags = 0x020000 | (way == 2 ? 0x20 : 0) | (r.nextBoolean() ? 0x08 : 0);
        ByteArrayOutputStream tf = new ByteArrayOutputStream();
        tf.writeBytes(u32(id));
        if ((tfFlags & 0x08) != 0) {
            tf.writeBytes(u32(512));
        }
        if (way == 2) {
            tf.writeBytes(u32(flags));
        } else if (r.nextBoolean()) {
            // a tfhd default the trun overrides
            tfFlags |= 0x20;
            tf.writeBytes(u32(way == 3 ? flags : ~flags & 0x03FF0000));
        }
        byte[] tfhd = box(r, "tfhd", full(0, tfFlags, tf.toByteArray()));
        byte[] tfdtBox = r.nextBoolean() ? box(r, "tfdt", full(1, 0, u64(decode)))
                : box(r, "tfdt", full(0, 0, u32(decode)));
        int count = 1 + r.nextInt(4);
        int trFlags = 0x01 | 0x200 | (way == 0 ? 0x04 : 0) | (way == 1 ? 0x400 : 0) | (cto != 0 ? 0x800 : 0)
                | (r.nextBoolean() ? 0x100 : 0);
        ByteArrayOutputStream tr = new ByteArrayOutputStream();
        tr.writeBytes(u32(count));
        tr.writeBytes(u32(8));
        if (way == 0) {
            tr.writeBytes(u32(flags));
        }
        for (int i = 0; i < count; i++) {
            if ((trFlags & 0x100) != 0) {
                tr.writeBytes(u32(512));
            }
            tr.writeBytes(u32(100));
            if ((trFlags & 0x400) != 0) {
                tr.writeBytes(u32(i == 0 ? flags : NON_SYNC));
            }
            if ((trFlags & 0x800) != 0) {
                tr.writeBytes(u32(i == 0 ? cto : 1000));
            }
        }
        byte[] trun = box(r, "trun", full(r.nextBoolean() ? 1 : 0, trFlags, tr.toByteArray()));
        return box(r, "traf", cat(tfhd, tfdt ? tfdtBox : new byte[0], trun));
    }

    private static byte[] box(Random r, String type, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (r.nextInt(8) == 0) {
            b.writeBytes(u32(1));
            b.writeBytes(bytes(type));
            b.writeBytes(u64(16L + body.length));
        } else {
            b.writeBytes(u32(8L + body.length));
            b.writeBytes(bytes(type));
        }
        b.writeBytes(body);
        return b.toByteArray();
    }

    private static byte[] full(int version, int flags, byte[]... parts) {
        return cat(u32(((long) version << 24) | flags), cat(parts));
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String brand, int v0, int v1, int v2, int v3, String compatible) {
        return cat(bytes(brand), new byte[] {(byte) v0, (byte) v1, (byte) v2, (byte) v3}, bytes(compatible));
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] u64(long v) {
        return cat(u32(v >>> 32), u32(v));
    }
}
