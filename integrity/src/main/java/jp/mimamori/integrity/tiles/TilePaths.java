package jp.mimamori.integrity.tiles;

import java.nio.file.Path;

/**
 * Tile and entry-bundle paths of C2SP tlog-tiles: {@code tile/<L>/<N>[.p/<W>]} and
 * {@code tile/entries/<N>[.p/<W>]}, where {@code N} is written in zero-padded 3-digit path elements, all but the
 * last prefixed with {@code x} (index 1234067 is {@code x001/x234/067}). Stateless.
 */
final class TilePaths {
    private TilePaths() {}

    /** Hashes in a full tile (and entries in a full bundle). */
    static final int WIDTH = 256;
    /** Levels of hashes a tile spans. */
    static final int HEIGHT = 8;
    /** Highest tile level the spec allows. */
    static final int MAX_LEVEL = 63;

    /** The {@code N} path elements of tile index {@code n}. */
    static String index(long n) {
        StringBuilder b = new StringBuilder(16);
        digits(b, n % 1000);
        for (n /= 1000; n > 0; n /= 1000) {
            StringBuilder e = new StringBuilder(5).append('x');
            digits(e, n % 1000);
            b.insert(0, e.append('/'));
        }
        return b.toString();
    }

    private static void digits(StringBuilder b, long v) {
        b.append((char) ('0' + v / 100)).append((char) ('0' + v / 10 % 10)).append((char) ('0' + v % 10));
    }

    /** The relative path of hash tile {@code n} at {@code level}, partial of {@code width} when below 256. */
    static String tile(int level, long n, int width) {
        return "tile/" + level + "/" + index(n) + (width < WIDTH ? ".p/" + width : "");
    }

    /** The relative path of entry bundle {@code n}, partial of {@code width} when below 256. */
    static String bundle(long n, int width) {
        return "tile/entries/" + index(n) + (width < WIDTH ? ".p/" + width : "");
    }

    /** {@code dir} resolved with a relative tile path. */
    static Path resolve(Path dir, String relative) {
        Path p = dir;
        for (String part : relative.split("/")) {
            p = p.resolve(part);
        }
        return p;
    }

    /** {@code 256^level} hashes of level 0 under one hash of {@code level}; saturates for huge levels. */
    static long span(int level) {
        return level >= 8 ? Long.MAX_VALUE : 1L << (HEIGHT * level);
    }

    /**
     * The width of tile {@code n} of {@code level} in a tree of {@code size} leaves: 256 when full, 1 to 255 when
     * partial, 0 when the tree has no hash in it.
     */
    static int width(int level, long n, long size) {
        long hashes = level * HEIGHT >= 63 ? 0 : size >>> (HEIGHT * level); // hashes at this level
        long start = n * WIDTH;
        if (hashes <= start) {
            return 0;
        }
        return (int) Math.min(WIDTH, hashes - start);
    }
}
