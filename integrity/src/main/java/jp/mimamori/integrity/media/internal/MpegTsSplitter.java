package jp.mimamori.integrity.media.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The incremental MPEG-TS splitter: finds the access units that {@link MpegTsDemuxer} defines for a whole file
 * in bytes fed in any chunking (split mid-packet, mid-PES header, anywhere), holding one packet, a small table of
 * PES starts seen before the video PID is known and one counter per PID, whatever the segment's size.
 *
 * <p>A unit starts at every packet of the video PID with {@code payload_unit_start_indicator} set and runs up
 * to the next one; the first unit also holds everything before the first frame. Its PTS is the PES header's.
 * It is a keyframe when the packet's adaptation field sets {@code random_access_indicator}, or when the first
 * coded picture of its PES payload is an H.264 IDR picture (NAL type 5), an HEVC IRAP picture (NAL types 16–23)
 * or an MPEG-2 I picture, looked for in at most {@value #KEYFRAME_SCAN} bytes of payload.
 *
 * <p>The video PID is the first video stream of the first PMT; without a PAT, the first PID carrying a PES with a
 * video stream_id (0xE0–0xEF). It must be known before {@value #MAX_EARLY_STARTS} PES starts have gone by,
 * otherwise the input is refused (a recorder's stream repeats its PAT and PMT every 100 ms or so).
 *
 * <p>Not thread-safe: one splitter serves one segment on one thread at a time.
 *
 * <pre>{@code
 * MpegTsSplitter s = new MpegTsSplitter();
 * s.feed(ByteBuffer.wrap(bytes), (offset, length, pts, keyframe) -> System.out.println(offset + " " + length));
 * s.finish((offset, length, pts, keyframe) -> System.out.println(offset + " " + length));
 * }</pre>
 */
public final class MpegTsSplitter implements UnitSplitter {
    /** Payload bytes of a frame searched for its first coded picture. */
    public static final int KEYFRAME_SCAN = 8192;
    /** PES starts remembered before the video PID is known. */
    public static final int MAX_EARLY_STARTS = 64;
    private static final int PACKET = MpegTsDemuxer.PACKET;
    private static final int MAX_CONTINUITY_ERRORS = 100;

    /** Receives a unit's start as soon as its keyframe flag is known, before the unit is complete. */
    @FunctionalInterface
    public interface StartListener {
        /**
         * A unit starts at {@code offset}.
         *
         * @param offset   its first byte's offset from the start of the segment
         * @param pts      its PTS, or -1
         * @param keyframe whether a decoder can start there
         * @throws IOException what the caller's handling throws
         */
        void unitStart(long offset, long pts, boolean keyframe) throws IOException;
    }

    private static final StartListener NO_STARTS = (o, p, k) -> { };

    private final StartListener starts;
    private final TsPacketAssembler packets = new TsPacketAssembler();
    private final byte[] packet = packets.packet();
    private long packetIndex;
    private boolean finished;

    // discovery
    private int pmtPid = -1;
    private int videoPid = -1;
    private int streamType = -1;
    private int earlyCount;
    private final long[] earlyOffset = new long[MAX_EARLY_STARTS];
    private final long[] earlyPts = new long[MAX_EARLY_STARTS];
    private final int[] earlyPid = new int[MAX_EARLY_STARTS];
    private final boolean[] earlyRai = new boolean[MAX_EARLY_STARTS];
    private final boolean[] earlyBadStart = new boolean[MAX_EARLY_STARTS];

    // continuity
    private final byte[] lastCc = new byte[8192];
    private final List<String> continuityErrors = new ArrayList<>();

    // the open unit
    private boolean sawVideoStart;
    private long unitStart;
    private long unitPts = -1;
    private boolean unitKeyframe;
    private boolean startReported;

    // keyframe scan of the open unit's PES payload
    private boolean scanning;
    private int scanSkip;      // PES header bytes still to skip
    private int scanHeaderNeed; // PES header bytes to read before the length of the header is known
    private int scanBudget;
    private int zeros;         // consecutive zero bytes seen
    private int nalState;      // 0: looking for a start code, 1: at the byte after it, 2 and 3: MPEG-2 picture header

    /** A splitter for one segment. */
    public MpegTsSplitter() {
        this(NO_STARTS);
    }

    /** A splitter that also reports each unit's start as soon as its keyframe flag is known (for cutting). */
    public MpegTsSplitter(StartListener starts) {
        this.starts = starts;
        Arrays.fill(lastCc, (byte) -1);
    }

    @Override
    public void feed(ByteBuffer bytes, Listener out) throws MediaFormatException, IOException {
        if (finished) {
            throw new IllegalStateException("feed: the splitter is finished");
        }
        while (packets.fill(bytes)) {
            packet(out);
            packetIndex++;
        }
    }

    @Override
    public void finish(Listener out) throws MediaFormatException, IOException {
        if (finished) {
            throw new IllegalStateException("finish: the splitter is finished");
        }
        finished = true;
        int filled = packets.partial();
        long length = packetIndex * PACKET + filled;
        if (length == 0) {
            throw new MediaFormatException("MPEG-TS: empty file");
        }
        if (filled != 0) {
            throw new MediaFormatException("MPEG-TS: length " + length + " is not a multiple of 188 bytes");
        }
        if (videoPid < 0) {
            throw new MediaFormatException("MPEG-TS: no video elementary stream found (no PMT video entry and no"
                    + " video PES)");
        }
        if (!sawVideoStart) {
            throw new MediaFormatException("MPEG-TS: video PID " + videoPid + " carries no PES start");
        }
        decideStart(false);
        out.unit(unitStart, length - unitStart, unitPts, unitKeyframe);
    }

    /** The video PID, or -1 while it is not known. */
    public int videoPid() {
        return videoPid;
    }

    /** The PMT's PID (from the first PAT), or -1 while none was seen. */
    public int pmtPid() {
        return pmtPid;
    }

    /**
     * Whether the newest unit's start was seen but not yet reported to the {@link StartListener} (its keyframe
     * flag is still being looked for): true for at most {@value #KEYFRAME_SCAN} bytes of its payload.
     */
    public boolean unitStartPending() {
        return sawVideoStart && !startReported;
    }

    /** The PMT stream_type of the video stream, or -1 without a PMT. */
    public int streamType() {
        return streamType;
    }

    /** Continuity-counter discontinuities seen so far (at most 100; informative: packets lost before sealing). */
    public List<String> continuityErrors() {
        return List.copyOf(continuityErrors);
    }

    private void packet(Listener out) throws MediaFormatException, IOException {
        byte[] ts = packet;
        long o = packetIndex * PACKET;
        if ((ts[0] & 0xFF) != 0x47) {
            throw new MediaFormatException("MPEG-TS: packet " + packetIndex + " (offset " + o
                    + ") has sync byte 0x" + Integer.toHexString(ts[0] & 0xFF) + ", expected 0x47");
        }
        int pid = ((ts[1] & 0x1F) << 8) | (ts[2] & 0xFF);
        boolean pusi = (ts[1] & 0x40) != 0;
        int afc = (ts[3] >> 4) & 3;
        continuity(pid, afc);
        if (videoPid < 0) {
            int payload = payloadOffset();
            if (payload < 0 || !pusi) {
                return;
            }
            if (pid == 0 && pmtPid < 0) {
                pmtPid = patFirstPmt(payload);
            } else if (pid == pmtPid) {
                pmtVideo(payload);
            } else if (pmtPid < 0 && payload + 4 <= PACKET && ts[payload] == 0 && ts[payload + 1] == 0
                    && ts[payload + 2] == 1 && (ts[payload + 3] & 0xF0) == 0xE0) {
                videoPid = pid;
            }
            if (videoPid < 0) {
                remember(pid, payload, o);
                return;
            }
            replayEarly(out);
            if (pid != videoPid) {
                return;
            }
        }
        if (pid != videoPid) {
            return;
        }
        if (!pusi) {
            if (scanning && (afc & 1) != 0) {
                // a continuation: its adaptation field is not checked (the whole-file rule does not read it)
                int payload = 4 + ((afc & 2) != 0 ? 1 + (packet[4] & 0xFF) : 0);
                if (payload < PACKET) {
                    scan(payload);
                }
            }
            return;
        }
        int payload = payloadOffset();
        if (payload < 0) {
            return; // a PES start flag without payload is not a unit start
        }
        long pts = pesPts(payload, o);
        boolean rai = rai();
        startUnit(o, pts, rai, out);
        if (!startReported) {
            beginScan(payload);
        }
    }

    private void startUnit(long o, long pts, boolean rai, Listener out) throws IOException {
        if (sawVideoStart && o > unitStart) {
            decideStart(false);
            out.unit(unitStart, o - unitStart, unitPts, unitKeyframe);
            unitStart = o;
        }
        sawVideoStart = true;
        unitPts = pts;
        unitKeyframe = false;
        startReported = false;
        scanning = false;
        if (rai) {
            decideStart(true);
        }
    }

    private void decideStart(boolean keyframe) throws IOException {
        if (!startReported) {
            startReported = true;
            scanning = false;
            unitKeyframe = keyframe;
            starts.unitStart(unitStart, unitPts, keyframe);
        }
    }

    private void remember(int pid, int payload, long o) throws MediaFormatException {
        if (earlyCount == MAX_EARLY_STARTS) {
            throw new MediaFormatException("MPEG-TS: no video stream known after " + MAX_EARLY_STARTS
                    + " PES starts (packet " + packetIndex + ", offset " + o + "): no PAT and PMT near the start");
        }
        byte[] ts = packet;
        boolean startCode = payload + 3 <= PACKET && ts[payload] == 0 && ts[payload + 1] == 0 && ts[payload + 2] == 1;
        earlyPid[earlyCount] = pid;
        earlyOffset[earlyCount] = o;
        earlyRai[earlyCount] = rai();
        earlyBadStart[earlyCount] = payload + 9 <= PACKET && !startCode;
        earlyPts[earlyCount] = payload + 9 <= PACKET && startCode ? pesPtsAt(payload) : -1;
        earlyCount++;
    }

    /** The video PID became known: the PES starts seen before on that PID are unit starts. */
    private void replayEarly(Listener out) throws MediaFormatException, IOException {
        for (int i = 0; i < earlyCount; i++) {
            if (earlyPid[i] != videoPid) {
                continue;
            }
            if (earlyBadStart[i]) {
                throw new MediaFormatException("MPEG-TS: packet " + (earlyOffset[i] / PACKET) + " (offset "
                        + earlyOffset[i] + ") starts a video payload without a PES start code");
            }
            startUnit(earlyOffset[i], earlyPts[i], earlyRai[i], out);
            // an early frame's payload is gone: its keyframe flag is its random_access_indicator
            decideStart(earlyRai[i]);
        }
        earlyCount = 0;
    }

    private void continuity(int pid, int afc) {
        if (pid == 0x1FFF || (afc & 1) == 0) {
            return;
        }
        byte[] ts = packet;
        int counter = ts[3] & 0x0F;
        int prev = lastCc[pid];
        boolean discontinuity = afc >= 2 && (ts[4] & 0xFF) > 0 && (ts[5] & 0x80) != 0;
        if (prev >= 0 && counter != ((prev + 1) & 0x0F) && counter != prev && !discontinuity
                && continuityErrors.size() < MAX_CONTINUITY_ERRORS) {
            continuityErrors.add("packet " + packetIndex + " (offset " + packetIndex * PACKET + "), PID " + pid
                    + ": continuity counter " + counter + " after " + prev);
        }
        lastCc[pid] = (byte) counter;
    }

    private boolean rai() {
        byte[] ts = packet;
        int afc = (ts[3] >> 4) & 3;
        return (afc & 2) != 0 && (ts[4] & 0xFF) > 0 && (ts[5] & 0x40) != 0;
    }

    /** Offset of the payload in the packet, or -1 if it has none. */
    private int payloadOffset() throws MediaFormatException {
        byte[] ts = packet;
        int afc = (ts[3] >> 4) & 3;
        if ((afc & 1) == 0) {
            return -1;
        }
        int off = 4;
        if ((afc & 2) != 0) {
            off += 1 + (ts[4] & 0xFF);
        }
        if (off >= PACKET) {
            if (off > PACKET) {
                throw new MediaFormatException("MPEG-TS: packet " + packetIndex
                        + " has an adaptation field longer than the packet");
            }
            return -1;
        }
        return off;
    }

    private int patFirstPmt(int payload) {
        byte[] ts = packet;
        int s = payload + 1 + (ts[payload] & 0xFF);
        if (s + 8 > PACKET || ts[s] != 0) {
            return -1;
        }
        int sectionLen = ((ts[s + 1] & 0x0F) << 8) | (ts[s + 2] & 0xFF);
        int stop = Math.min(PACKET, s + 3 + sectionLen - 4);
        for (int i = s + 8; i + 4 <= stop; i += 4) {
            int program = ((ts[i] & 0xFF) << 8) | (ts[i + 1] & 0xFF);
            if (program != 0) {
                return ((ts[i + 2] & 0x1F) << 8) | (ts[i + 3] & 0xFF);
            }
        }
        return -1;
    }

    private void pmtVideo(int payload) {
        byte[] ts = packet;
        int s = payload + 1 + (ts[payload] & 0xFF);
        if (s + 12 > PACKET || ts[s] != 2) {
            return;
        }
        int sectionLen = ((ts[s + 1] & 0x0F) << 8) | (ts[s + 2] & 0xFF);
        int stop = Math.min(PACKET, s + 3 + sectionLen - 4);
        int progInfoLen = ((ts[s + 10] & 0x0F) << 8) | (ts[s + 11] & 0xFF);
        for (int i = s + 12 + progInfoLen; i + 5 <= stop; ) {
            int type = ts[i] & 0xFF;
            int pid = ((ts[i + 1] & 0x1F) << 8) | (ts[i + 2] & 0xFF);
            int esInfo = ((ts[i + 3] & 0x0F) << 8) | (ts[i + 4] & 0xFF);
            if (isVideo(type)) {
                videoPid = pid;
                streamType = type;
                return;
            }
            i += 5 + esInfo;
        }
    }

    private static boolean isVideo(int type) {
        return type == 0x01 || type == 0x02 || type == 0x10 || type == 0x1B || type == 0x24 || type == 0x42
                || type == 0xEA;
    }

    /** PTS of the PES packet starting at {@code p}, or -1 if absent. */
    private long pesPts(int p, long o) throws MediaFormatException {
        if (p + 9 > PACKET) {
            return -1;
        }
        byte[] ts = packet;
        if (ts[p] != 0 || ts[p + 1] != 0 || ts[p + 2] != 1) {
            throw new MediaFormatException("MPEG-TS: packet " + packetIndex + " (offset " + o
                    + ") starts a video payload without a PES start code");
        }
        return pesPtsAt(p);
    }

    private long pesPtsAt(int p) {
        byte[] ts = packet;
        int flags = ts[p + 7] & 0xFF;
        if ((flags & 0x80) == 0 || p + 14 > PACKET) {
            return -1;
        }
        int q = p + 9;
        return ((long) ((ts[q] >> 1) & 0x07) << 30) | ((long) (ts[q + 1] & 0xFF) << 22)
                | ((long) ((ts[q + 2] >> 1) & 0x7F) << 15) | ((long) (ts[q + 3] & 0xFF) << 7)
                | ((ts[q + 4] >> 1) & 0x7F);
    }

    // ---- keyframe scan: the first coded picture of the PES payload ----

    private void beginScan(int payload) throws IOException {
        scanning = true;
        scanSkip = 0;
        scanHeaderNeed = 9; // the PES header's fixed part, then PES_header_data_length more bytes
        scanBudget = KEYFRAME_SCAN;
        zeros = 0;
        nalState = 0;
        scan(payload);
    }

    private void scan(int from) throws IOException {
        byte[] ts = packet;
        int i = from;
        while (i < PACKET && scanning) {
            if (scanHeaderNeed > 0) {
                int done = 9 - scanHeaderNeed;
                if (done == 8) {
                    scanSkip = ts[i] & 0xFF;
                }
                scanHeaderNeed--;
                i++;
                continue;
            }
            if (scanSkip > 0) {
                int n = Math.min(scanSkip, PACKET - i);
                scanSkip -= n;
                i += n;
                continue;
            }
            if (scanBudget-- <= 0) {
                decideStart(false);
                return;
            }
            int b = ts[i++] & 0xFF;
            if (nalState == 1) {
                nalState = 0;
                if (picture(b)) {
                    return;
                }
            } else if (nalState == 2) {
                nalState = 3;
                continue;
            } else if (nalState == 3) {
                // MPEG-2 picture header: temporal_reference (10 bits), picture_coding_type (3 bits)
                decideStart(((b >> 3) & 7) == 1);
                return;
            }
            if (b == 0) {
                zeros++;
            } else {
                if (b == 1 && zeros >= 2) {
                    nalState = 1;
                }
                zeros = 0;
            }
        }
    }

    /**
     * The byte after a start code. Returns whether the keyframe decision was made. The H.264 and HEVC rules apply
     * to their stream types; a PID found without a PMT is read as H.264.
     */
    private boolean picture(int b) throws IOException {
        switch (streamType) {
            case 0x24: { // HEVC: nal_unit_type in bits 1..6 of the first header byte
                int type = (b >> 1) & 0x3F;
                if (type <= 31) {
                    decideStart(type >= 16 && type <= 23);
                    return true;
                }
                return false;
            }
            case 0x01:
            case 0x02: // MPEG-1/2 video: picture_start_code 00 00 01 00
                if (b == 0) {
                    nalState = 2;
                }
                return false;
            case 0x1B:
            case -1: {
                int type = b & 0x1F;
                if (type >= 1 && type <= 5) {
                    decideStart(type == 5);
                    return true;
                }
                return false;
            }
            default:
                decideStart(false);
                return true;
        }
    }
}
