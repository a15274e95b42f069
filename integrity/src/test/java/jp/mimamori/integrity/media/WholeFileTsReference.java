package jp.mimamori.integrity.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.MediaUnit;
import jp.mimamori.integrity.media.internal.TsSplit;

/**
 * The whole-file, two-pass MPEG-TS split as it was before the incremental {@code MpegTsSplitter}: kept as the
 * test oracle that the incremental splitter (fed in any chunking) must agree with (docs/FORMATS.md "Units").
 */
final class WholeFileTsReference {
    /** The TS packet size. */
    public static final int PACKET = 188;
    private static final int SYNC = 0x47;

    private WholeFileTsReference() {}

    /**
     * Splits a whole TS file.
     *
     * @throws MediaFormatException if the length is not a multiple of 188, a sync byte is wrong, no video
     *                              stream is found, or a video PES header is malformed
     */
    public static TsSplit split(byte[] ts) throws MediaFormatException {
        if (ts.length == 0) {
            throw new MediaFormatException("MPEG-TS: empty file");
        }
        if (ts.length % PACKET != 0) {
            throw new MediaFormatException("MPEG-TS: length " + ts.length + " is not a multiple of 188 bytes");
        }
        int packets = ts.length / PACKET;
        int pmtPid = -1;
        int videoPid = -1;
        int streamType = -1;
        // Pass 1: find the video PID from PAT/PMT (or the first video PES).
        for (int p = 0; p < packets && videoPid < 0; p++) {
            int o = p * PACKET;
            checkSync(ts, o);
            int pid = pid(ts, o);
            boolean pusi = (ts[o + 1] & 0x40) != 0;
            int payload = payloadOffset(ts, o);
            if (payload < 0 || !pusi) {
                continue;
            }
            if (pid == 0 && pmtPid < 0) {
                pmtPid = patFirstPmt(ts, o, payload);
            } else if (pid == pmtPid) {
                int[] vs = pmtVideo(ts, o, payload);
                if (vs != null) {
                    videoPid = vs[0];
                    streamType = vs[1];
                }
            } else if (pmtPid < 0 && payload + 4 <= o + PACKET && ts[payload] == 0 && ts[payload + 1] == 0
                    && ts[payload + 2] == 1 && (ts[payload + 3] & 0xF0) == 0xE0) {
                videoPid = pid;
            }
        }
        if (videoPid < 0) {
            throw new MediaFormatException("MPEG-TS: no video elementary stream found (no PMT video entry and no"
                    + " video PES)");
        }
        // Pass 2: cut at video PES starts, track continuity.
        List<MediaUnit> units = new ArrayList<>();
        List<String> cc = new ArrayList<>();
        int[] lastCc = new int[8192];
        Arrays.fill(lastCc, -1);
        long unitStart = 0;
        long unitPts = -1;
        boolean sawVideoStart = false;
        for (int p = 0; p < packets; p++) {
            int o = p * PACKET;
            checkSync(ts, o);
            int pid = pid(ts, o);
            int afc = (ts[o + 3] >> 4) & 3;
            int counter = ts[o + 3] & 0x0F;
            if (pid != 0x1FFF && (afc & 1) != 0) {
                int prev = lastCc[pid];
                boolean discontinuity = afc >= 2 && (ts[o + 4] & 0xFF) > 0 && (ts[o + 5] & 0x80) != 0;
                if (prev >= 0 && counter != ((prev + 1) & 0x0F) && counter != prev && !discontinuity
                        && cc.size() < 100) {
                    cc.add("packet " + p + " (offset " + o + "), PID " + pid + ": continuity counter " + counter
                            + " after " + prev);
                }
                lastCc[pid] = counter;
            }
            if (pid != videoPid || (ts[o + 1] & 0x40) == 0) {
                continue;
            }
            int payload = payloadOffset(ts, o);
            if (payload < 0) {
                continue;
            }
            long pts = pesPts(ts, o, payload);
            if (sawVideoStart && o > unitStart) {
                units.add(new MediaUnit(unitStart, (int) (o - unitStart), unitPts));
                unitStart = o;
            }
            sawVideoStart = true;
            unitPts = pts;
        }
        if (!sawVideoStart) {
            throw new MediaFormatException("MPEG-TS: video PID " + videoPid + " carries no PES start");
        }
        units.add(new MediaUnit(unitStart, (int) (ts.length - unitStart), unitPts));
        return new TsSplit(units, videoPid, streamType, cc);
    }

    private static void checkSync(byte[] ts, int o) throws MediaFormatException {
        if ((ts[o] & 0xFF) != SYNC) {
            throw new MediaFormatException("MPEG-TS: packet " + (o / PACKET) + " (offset " + o
                    + ") has sync byte 0x" + Integer.toHexString(ts[o] & 0xFF) + ", expected 0x47");
        }
    }

    private static int pid(byte[] ts, int o) {
        return ((ts[o + 1] & 0x1F) << 8) | (ts[o + 2] & 0xFF);
    }

    /** Offset of the payload in {@code ts}, or -1 if the packet has none. */
    private static int payloadOffset(byte[] ts, int o) throws MediaFormatException {
        int afc = (ts[o + 3] >> 4) & 3;
        if ((afc & 1) == 0) {
            return -1;
        }
        int off = o + 4;
        if ((afc & 2) != 0) {
            int afLen = ts[o + 4] & 0xFF;
            off += 1 + afLen;
        }
        if (off >= o + PACKET) {
            if (off > o + PACKET) {
                throw new MediaFormatException("MPEG-TS: packet " + (o / PACKET)
                        + " has an adaptation field longer than the packet");
            }
            return -1;
        }
        return off;
    }

    private static int patFirstPmt(byte[] ts, int o, int payload) {
        int end = o + PACKET;
        int s = payload + 1 + (ts[payload] & 0xFF); // pointer_field
        if (s + 8 > end || ts[s] != 0) {
            return -1;
        }
        int sectionLen = ((ts[s + 1] & 0x0F) << 8) | (ts[s + 2] & 0xFF);
        int stop = Math.min(end, s + 3 + sectionLen - 4);
        for (int i = s + 8; i + 4 <= stop; i += 4) {
            int program = ((ts[i] & 0xFF) << 8) | (ts[i + 1] & 0xFF);
            if (program != 0) {
                return ((ts[i + 2] & 0x1F) << 8) | (ts[i + 3] & 0xFF);
            }
        }
        return -1;
    }

    /** {pid, stream_type} of the first video stream in a PMT section, or null. */
    private static int[] pmtVideo(byte[] ts, int o, int payload) {
        int end = o + PACKET;
        int s = payload + 1 + (ts[payload] & 0xFF);
        if (s + 12 > end || ts[s] != 2) {
            return null;
        }
        int sectionLen = ((ts[s + 1] & 0x0F) << 8) | (ts[s + 2] & 0xFF);
        int stop = Math.min(end, s + 3 + sectionLen - 4);
        int progInfoLen = ((ts[s + 10] & 0x0F) << 8) | (ts[s + 11] & 0xFF);
        for (int i = s + 12 + progInfoLen; i + 5 <= stop; ) {
            int type = ts[i] & 0xFF;
            int pid = ((ts[i + 1] & 0x1F) << 8) | (ts[i + 2] & 0xFF);
            int esInfo = ((ts[i + 3] & 0x0F) << 8) | (ts[i + 4] & 0xFF);
            if (isVideo(type)) {
                return new int[] {pid, type};
            }
            i += 5 + esInfo;
        }
        return null;
    }

    private static boolean isVideo(int type) {
        return type == 0x01 || type == 0x02 || type == 0x10 || type == 0x1B || type == 0x24 || type == 0x42
                || type == 0xEA;
    }

    /** PTS of a PES packet starting in this TS packet, or -1 if absent. */
    private static long pesPts(byte[] ts, int o, int p) throws MediaFormatException {
        int end = o + PACKET;
        if (p + 9 > end) {
            return -1;
        }
        if (ts[p] != 0 || ts[p + 1] != 0 || ts[p + 2] != 1) {
            throw new MediaFormatException("MPEG-TS: packet " + (o / PACKET) + " (offset " + o
                    + ") starts a video payload without a PES start code");
        }
        int flags = ts[p + 7] & 0xFF;
        if ((flags & 0x80) == 0 || p + 14 > end) {
            return -1;
        }
        int q = p + 9;
        return ((long) ((ts[q] >> 1) & 0x07) << 30) | ((long) (ts[q + 1] & 0xFF) << 22)
                | ((long) ((ts[q + 2] >> 1) & 0x7F) << 15) | ((long) (ts[q + 3] & 0xFF) << 7)
                | ((ts[q + 4] >> 1) & 0x7F);
    }
}
