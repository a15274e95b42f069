package jp.mimamori.integrity.media.internal;

import java.nio.ByteBuffer;

/**
 * Reassembles 188-byte MPEG-TS packets from bytes handed over in any chunking (split mid-packet anywhere), holding
 * one packet: the one implementation of that loop for the splitter ({@link MpegTsSplitter}) and the live
 * segmenter. Use:
 *
 * <pre>{@code
 * while (assembler.fill(bytes)) {
 *     handle(assembler.packet());   // a whole packet, valid until the next fill
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one stream, one thread.
 */
public final class TsPacketAssembler {
    private final byte[] packet = new byte[MpegTsDemuxer.PACKET];
    private int filled;

    /**
     * Takes bytes from {@code bytes} until a packet is complete ({@code true}: read it with {@link #packet()}) or
     * {@code bytes} has no more ({@code false}).
     */
    public boolean fill(ByteBuffer bytes) {
        if (filled == packet.length) {
            filled = 0;
        }
        int n = Math.min(packet.length - filled, bytes.remaining());
        bytes.get(packet, filled, n);
        filled += n;
        return filled == packet.length;
    }

    /** The packet buffer: a whole packet after {@link #fill} returned {@code true} (not copied; do not keep it). */
    public byte[] packet() {
        return packet;
    }

    /** Bytes of a packet begun but not complete. */
    public int partial() {
        return filled == packet.length ? 0 : filled;
    }
}
