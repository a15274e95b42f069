package jp.mimamori.recorder.export;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * A small deterministic MPEG-TS recording: PAT, PMT (H.264 video on PID 0x100), then one PES per frame at 25 fps,
 * an IDR picture every {@code gop} frames (the splitter flags those units as keyframes).
 */
final class TestTs {
    private TestTs() {}

    static final int VIDEO_PID = 0x100;
    static final int PMT_PID = 0x1000;

    static byte[] segment(int frames, int gop, long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] cc = new int[0x2000];
        packet(out, cc, 0, true, section(new byte[] {0x00, 0x00, (byte) 0xB0, 0, 0x00, 0x01, (byte) 0xC1, 0, 0,
                0x00, 0x01, (byte) (0xE0 | (PMT_PID >> 8)), (byte) PMT_PID}));
        packet(out, cc, PMT_PID, true, section(new byte[] {0x00, 0x02, (byte) 0xB0, 0, 0x00, 0x01, (byte) 0xC1, 0, 0,
                (byte) (0xE0 | (VIDEO_PID >> 8)), (byte) VIDEO_PID, (byte) 0xF0, 0x00,
                0x1B, (byte) (0xE0 | (VIDEO_PID >> 8)), (byte) VIDEO_PID, (byte) 0xF0, 0x00}));
        for (int f = 0; f < frames; f++) {
            long pts = 90_000L + 3_600L * f;
            int packets = 1 + r.nextInt(3);
            byte[] pes = new byte[184 * packets];
            r.nextBytes(pes);
            byte[] head = {0, 0, 1, (byte) 0xE0, 0, 0, (byte) 0x80, (byte) 0x80, 5,
                    (byte) (0x21 | ((pts >> 29) & 0x0E)), (byte) (pts >> 22), (byte) (((pts >> 14) & 0xFE) | 1),
                    (byte) (pts >> 7), (byte) (((pts << 1) & 0xFE) | 1),
                    0, 0, 0, 1, (byte) (f % gop == 0 ? 0x65 : 0x41)};
            System.arraycopy(head, 0, pes, 0, head.length);
            for (int p = 0; p < packets; p++) {
                byte[] payload = new byte[184];
                System.arraycopy(pes, 184 * p, payload, 0, 184);
                packet(out, cc, VIDEO_PID, p == 0, payload);
            }
        }
        return out.toByteArray();
    }

    /** A PSI section with its length and MPEG-2 CRC-32, after a zero pointer field, padded with 0xFF. */
    private static byte[] section(byte[] s) {
        int len = s.length - 4 + 4; // bytes after the length field: the rest plus the CRC
        s[2] = (byte) (0xB0 | ((len >> 8) & 0x0F));
        s[3] = (byte) len;
        byte[] withCrc = new byte[s.length - 1 + 4];
        System.arraycopy(s, 1, withCrc, 0, s.length - 1);
        int crc = crc32mpeg(withCrc, withCrc.length - 4);
        withCrc[withCrc.length - 4] = (byte) (crc >>> 24);
        withCrc[withCrc.length - 3] = (byte) (crc >>> 16);
        withCrc[withCrc.length - 2] = (byte) (crc >>> 8);
        withCrc[withCrc.length - 1] = (byte) crc;
        byte[] payload = new byte[184];
        java.util.Arrays.fill(payload, (byte) 0xFF);
        payload[0] = 0; // pointer field
        System.arraycopy(withCrc, 0, payload, 1, withCrc.length);
        return payload;
    }

    private static int crc32mpeg(byte[] b, int n) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < n; i++) {
            crc ^= (b[i] & 0xFF) << 24;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }

    private static void packet(ByteArrayOutputStream out, int[] cc, int pid, boolean start, byte[] payload) {
        out.write(0x47);
        out.write((start ? 0x40 : 0) | (pid >> 8));
        out.write(pid & 0xFF);
        out.write(0x10 | (cc[pid]++ & 0x0F));
        out.write(payload, 0, 184);
    }
}
