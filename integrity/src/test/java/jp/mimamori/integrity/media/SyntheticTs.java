package jp.mimamori.integrity.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but well-formed MPEG-TS streams for properties: PAT and PMT (sometimes late, sometimes absent), a video
 * PID carrying H.264, HEVC or MPEG-2 frames (keyframes with and without random_access_indicator), audio PES,
 * null packets, stuffing and repeated PSI between them. Records which frames a splitter must call keyframes.
 */
final class SyntheticTs {
    final byte[] bytes;
    /** Per video frame in order: whether the splitter must flag it as a keyframe. */
    final List<Boolean> keyframes;
    final int streamType;

    private SyntheticTs(byte[] bytes, List<Boolean> keyframes, int streamType) {
        this.bytes = bytes;
        this.keyframes = keyframes;
        this.streamType = streamType;
    }

    static SyntheticTs generate(long seed) {
        return new Builder(new Random(seed)).build();
    }

    private static final class Builder {
        final Random r;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int[] cc = new int[8192];
        final int videoPid;
        final int audioPid;
        final int pmtPid;
        final boolean pat;
        final int mode; // 0: PSI first, 1: PSI after some frames, 2: PAT first and PMT after some frames
        final int streamType;
        final List<Boolean> keys = new ArrayList<>();

        Builder(Random r) {
            this.r = r;
            pat = r.nextInt(10) != 0;
            mode = pat ? new int[] {0, 0, 1, 2}[r.nextInt(4)] : 0;
            pmtPid = 0x1000 + r.nextInt(16);
            videoPid = 0x100 + r.nextInt(0x100);
            audioPid = 0x300 + r.nextInt(0x100);
            // a video PID found by its PES (no PAT before it) is read by the H.264 rules
            streamType = pat && mode != 1 ? new int[] {0x1B, 0x1B, 0x24, 0x02}[r.nextInt(4)] : 0x1B;
        }

        SyntheticTs build() {
            int frames = 1 + r.nextInt(25);
            int psiAt = !pat ? -1 : mode == 0 ? 0 : 1 + r.nextInt(Math.min(frames, 6));
            long pts = r.nextInt(1 << 30);
            if (r.nextBoolean()) {
                nulls(r.nextInt(3));
            }
            if (mode == 2) {
                pat();
            }
            for (int f = 0; f < frames; f++) {
                if (f == psiAt) {
                    psi();
                }
                boolean key = f == 0 || r.nextInt(5) == 0;
                boolean rai = key && r.nextBoolean();
                // before the PMT of a stream whose PAT came first, a frame's payload goes by unread
                boolean known = mode != 2 || f >= psiAt;
                keys.add(known ? key : rai);
                frame(key, rai, pts, r.nextInt(8) != 0);
                pts = (pts + 3600) & ((1L << 33) - 1);
                int extras = r.nextInt(4);
                for (int e = 0; e < extras; e++) {
                    switch (r.nextInt(4)) {
                        case 0 -> audio();
                        case 1 -> nulls(1 + r.nextInt(2));
                        case 2 -> {
                            if (pat && f >= psiAt) {
                                psi();
                            }
                        }
                        default -> audio();
                    }
                }
            }
            if (psiAt >= frames) {
                psi();
            }
            return new SyntheticTs(out.toByteArray(), keys, pat && mode != 1 ? streamType : -1);
        }

        void psi() {
            pat();
            pmt();
        }

        void pat() {
            // PAT: program 1 -> pmtPid
            byte[] pat = {0x00, 0x00, (byte) 0xB0, 0x0D, 0x00, 0x01, (byte) 0xC1, 0x00, 0x00, 0x00, 0x01,
                (byte) (0xE0 | (pmtPid >> 8)), (byte) pmtPid, 0, 0, 0, 0};
            section(0, pat);
        }

        void pmt() {
            byte[] pmt = {0x00, 0x02, (byte) 0xB0, 0x17, 0x00, 0x01, (byte) 0xC1, 0x00, 0x00,
                (byte) (0xE0 | (videoPid >> 8)), (byte) videoPid, (byte) 0xF0, 0x00,
                0x0F, (byte) (0xE0 | (audioPid >> 8)), (byte) audioPid, (byte) 0xF0, 0x00,
                (byte) streamType, (byte) (0xE0 | (videoPid >> 8)), (byte) videoPid, (byte) 0xF0, 0x00,
                0, 0, 0, 0};
            section(pmtPid, pmt);
        }

        void section(int pid, byte[] payload) {
            byte[] p = new byte[188];
            java.util.Arrays.fill(p, (byte) 0xFF);
            header(p, pid, true, 1);
            System.arraycopy(payload, 0, p, 4, payload.length);
            out.writeBytes(p);
        }

        void nulls(int n) {
            for (int i = 0; i < n; i++) {
                byte[] p = new byte[188];
                p[0] = 0x47;
                p[1] = 0x1F;
                p[2] = (byte) 0xFF;
                p[3] = 0x10;
                out.writeBytes(p);
            }
        }

        void audio() {
            ByteArrayOutputStream pes = new ByteArrayOutputStream();
            pes.writeBytes(new byte[] {0, 0, 1, (byte) 0xC0, 0, 0, (byte) 0x80, 0, 0});
            filler(pes, r.nextInt(400));
            packetize(audioPid, pes.toByteArray(), false);
        }

        void frame(boolean key, boolean rai, long pts, boolean withPts) {
            ByteArrayOutputStream pes = new ByteArrayOutputStream();
            int stuffing = r.nextInt(4) == 0 ? r.nextInt(40) : 0;
            pes.writeBytes(new byte[] {0, 0, 1, (byte) 0xE0, 0, 0, (byte) 0x80, (byte) (withPts ? 0x80 : 0),
                (byte) ((withPts ? 5 : 0) + stuffing)});
            if (withPts) {
                pes.write((int) (0x21 | ((pts >> 29) & 0x0E)));
                pes.write((int) (pts >> 22));
                pes.write((int) (((pts >> 14) & 0xFE) | 1));
                pes.write((int) (pts >> 7));
                pes.write((int) (((pts << 1) & 0xFE) | 1));
            }
            for (int i = 0; i < stuffing; i++) {
                pes.write(0xFF);
            }
            switch (streamType) {
                case 0x24 -> {
                    nal(pes, 0x46, 0x01, 1);
                    if (key) {
                        nal(pes, 0x40, 0x01, 20);
                        nal(pes, 0x42, 0x01, 30);
                        nal(pes, 0x44, 0x01, 8);
                    }
                    if (r.nextBoolean()) {
                        nal(pes, 0x4E, 0x01, r.nextInt(700)); // prefix SEI
                    }
                    int type = key ? (r.nextBoolean() ? 19 : 21) : (r.nextBoolean() ? 1 : 0);
                    nal(pes, type << 1, 0x01, r.nextInt(3000));
                }
                case 0x02 -> {
                    if (key) {
                        pes.writeBytes(new byte[] {0, 0, 1, (byte) 0xB3});
                        filler(pes, 8);
                    }
                    int tr = r.nextInt(1024);
                    pes.writeBytes(new byte[] {0, 0, 1, 0, (byte) (tr >> 2),
                        (byte) (((tr & 3) << 6) | ((key ? 1 : 2 + r.nextInt(2)) << 3))});
                    filler(pes, r.nextInt(3000));
                }
                default -> {
                    nal(pes, 0x09, -1, 1);
                    if (key) {
                        nal(pes, 0x67, -1, 20);
                        nal(pes, 0x68, -1, 4);
                    }
                    if (r.nextBoolean()) {
                        nal(pes, 0x06, -1, r.nextInt(700));
                    }
                    nal(pes, key ? 0x65 : (r.nextBoolean() ? 0x41 : 0x01), -1, r.nextInt(3000));
                }
            }
            packetize(videoPid, pes.toByteArray(), rai);
        }

        void nal(ByteArrayOutputStream pes, int h0, int h1, int body) {
            if (r.nextBoolean()) {
                pes.write(0);
            }
            pes.writeBytes(new byte[] {0, 0, 1, (byte) h0});
            if (h1 >= 0) {
                pes.write(h1);
            }
            filler(pes, body);
        }

        /** Bytes that can never form a start code. */
        void filler(ByteArrayOutputStream pes, int n) {
            for (int i = 0; i < n; i++) {
                pes.write(0x80 | r.nextInt(0x80));
            }
        }

        void packetize(int pid, byte[] pes, boolean rai) {
            int pos = 0;
            boolean first = true;
            while (pos < pes.length) {
                byte[] p = new byte[188];
                int room = 184;
                boolean af = (first && rai) || r.nextInt(12) == 0;
                int afLen = 0;
                if (af) {
                    afLen = first && rai ? 1 : r.nextInt(3);
                    room -= 1 + afLen;
                }
                int n = Math.min(room, pes.length - pos);
                if (n < room) {
                    // stuff the adaptation field so the payload ends the packet
                    afLen = 183 - n;
                    af = true;
                }
                header(p, pid, first, af ? 3 : 1);
                int o = 4;
                if (af) {
                    p[4] = (byte) afLen;
                    if (afLen > 0) {
                        p[5] = (byte) (first && rai ? 0x40 : 0x00);
                        for (int i = 6; i < 5 + afLen; i++) {
                            p[i] = (byte) 0xFF;
                        }
                    }
                    o = 5 + afLen;
                }
                System.arraycopy(pes, pos, p, o, 188 - o);
                pos += 188 - o;
                first = false;
                out.writeBytes(p);
            }
        }

        void header(byte[] p, int pid, boolean pusi, int afc) {
            p[0] = 0x47;
            p[1] = (byte) ((pusi ? 0x40 : 0) | (pid >> 8));
            p[2] = (byte) pid;
            p[3] = (byte) ((afc << 4) | (cc[pid] & 0x0F));
            cc[pid]++;
        }
    }
}
