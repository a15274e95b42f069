package jp.mimamori.integrity.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.UnitSplitter;

/** Feeds a splitter a file in random chunks, as a recorder's writes arrive, and collects the units. */
final class Chunkings {
    /** One unit as a splitter reported it. */
    record Unit(long offset, long length, long pts, boolean keyframe) {
        String range() {
            return offset + "+" + length + "@" + pts;
        }
    }

    private Chunkings() {}

    /**
     * Feeds {@code bytes} in chunks drawn from {@code r}: single bytes, odd small sizes that split packets and
     * headers, and large runs; as heap, direct and offset buffers.
     */
    static List<Unit> split(UnitSplitter s, byte[] bytes, Random r) throws MediaFormatException, IOException {
        List<Unit> units = new ArrayList<>();
        UnitSplitter.Listener add = (o, l, p, k) -> units.add(new Unit(o, l, p, k));
        int pos = 0;
        int mode = r.nextInt(4);
        while (pos < bytes.length) {
            int n = switch (mode == 3 ? r.nextInt(3) : mode) {
                case 0 -> 1 + r.nextInt(7);
                case 1 -> 1 + r.nextInt(600);
                default -> 1 + r.nextInt(Math.max(1, bytes.length));
            };
            n = Math.min(n, bytes.length - pos);
            ByteBuffer b;
            switch (r.nextInt(3)) {
                case 0 -> b = ByteBuffer.wrap(bytes, pos, n);
                case 1 -> {
                    b = ByteBuffer.allocateDirect(n);
                    b.put(bytes, pos, n).flip();
                }
                default -> {
                    byte[] padded = new byte[n + 10];
                    System.arraycopy(bytes, pos, padded, 5, n);
                    b = ByteBuffer.wrap(padded, 5, n).slice();
                }
            }
            s.feed(b, add);
            if (b.hasRemaining()) {
                throw new AssertionError("feed left " + b.remaining() + " bytes unconsumed");
            }
            pos += n;
        }
        s.finish(add);
        return units;
    }

    /** Whole units in order, as {@code offset+length@pts} strings. */
    static List<String> ranges(List<Unit> units) {
        return units.stream().map(Unit::range).toList();
    }

    /** Bytes this thread allocated so far (HotSpot), or -1 where the JVM cannot tell. */
    static long allocated() {
        try {
            // by reflection: the test classes compile inside the integrity module, which does not read
            // java.management
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Class<?> hotspot = Class.forName("com.sun.management.ThreadMXBean");
            if (!hotspot.isInstance(bean)) {
                return -1;
            }
            return (long) hotspot.getMethod("getThreadAllocatedBytes", long.class).invoke(bean,
                    Thread.currentThread().getId());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
