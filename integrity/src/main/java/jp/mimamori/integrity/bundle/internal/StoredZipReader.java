package jp.mimamori.integrity.bundle.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import jp.mimamori.integrity.bundle.BundleFormatException;

/**
 * Reads a ZIP archive of STORED entries front to back, as a stream, with hard limits, and never extracts
 * anything: for each local entry the consumer is told its name, size and where its data lies, and may read the
 * data (bounded by the size the consumer allowed for that name); the reader then reads the rest of the entry and
 * checks its CRC-32. After the entries, the central directory must list exactly the same entries at the same
 * offsets with the same sizes and CRCs, no entry may be a symbolic link or a folder, and the end records must end
 * the file (no comment, nothing after). Anything else — a deflated or encrypted entry, a data descriptor, a name
 * that is absolute, has {@code ..}, a backslash or is not printable ASCII, a duplicate, too many entries, a size
 * above the consumer's limit, bytes between entries — is a {@link BundleFormatException}. Since every entry is
 * STORED, an entry's size in the archive is its size: there is no compression ratio to bomb with.
 *
 * <p>Not thread-safe; one instance reads one archive.
 */
public final class StoredZipReader {
    /** Limits of the archive as a whole. */
    public record Limits(int maxEntries, int maxNameBytes) {
        /** Bundle v1's: 100,000 entries, names of at most 255 bytes. */
        public static Limits bundle() {
            return new Limits(100_000, 255);
        }
    }

    /** What the reader tells about each entry. */
    public interface Consumer {
        /**
         * The largest size allowed for an entry of this name, or -1 if the name is not allowed at all.
         */
        long limit(String name);

        /**
         * One entry: its data is {@code data} (exactly {@code size} bytes; the consumer may read none, some or
         * all of it) and lies at {@code dataOffset} in the file, with the CRC-32 its local header states. Returns
         * {@code true} when the consumer checks the CRC itself (the reader then skips the data unread, so a large
         * entry is read once, by the consumer), {@code false} to have the reader read the rest and check it.
         */
        boolean entry(String name, long size, long dataOffset, int crc, InputStream data) throws IOException,
                BundleFormatException;

        /**
         * The entry's bytes do not match the CRC-32 of its local header: changed after the archive was written.
         * The reader goes on (the consumer decides whether that ends the reading), so a verifier can still say
         * which unit was changed.
         */
        void crcMismatch(String name) throws BundleFormatException;
    }

    private record Local(String name, long offset, long size, int crc) {}

    private final FileChannel ch;
    private final long fileSize;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long bufStart;
    private final Limits limits;

    private StoredZipReader(FileChannel ch, Limits limits) throws IOException {
        this.ch = ch;
        this.fileSize = ch.size();
        this.limits = limits;
        buf.limit(0);
    }

    /** Reads the archive in {@code ch} from its start, telling {@code consumer} each entry. */
    public static void read(FileChannel ch, Limits limits, Consumer consumer) throws IOException,
            BundleFormatException {
        new StoredZipReader(ch, limits).run(consumer);
    }

    private long pos() {
        return bufStart + buf.position();
    }

    /** Makes {@code n} (≤ buffer size) bytes available, or fails at the end of the file. */
    private void need(int n, String what) throws IOException, BundleFormatException {
        if (buf.remaining() >= n) {
            return;
        }
        long p = pos();
        buf.compact();
        bufStart = p - buf.position();
        while (buf.position() < n) {
            int r = ch.read(buf, bufStart + buf.position());
            if (r < 0) {
                buf.flip();
                throw bad("アーカイブが途中で終わっています (" + what + ")", "the archive ends inside " + what);
            }
        }
        buf.flip();
    }

    private static BundleFormatException bad(String ja, String en) {
        return new BundleFormatException(ja, en);
    }

    private void run(Consumer consumer) throws IOException, BundleFormatException {
        List<Local> locals = new ArrayList<>();
        Set<String> names = new HashSet<>();
        while (true) {
            need(4, "a record signature");
            int sig = buf.getInt(buf.position());
            if (sig == StoredZipWriter.CENTRAL) {
                break;
            }
            if (sig != StoredZipWriter.LOCAL) {
                throw bad("位置 " + pos() + " にエントリでないバイトがあります", "bytes at offset " + pos()
                        + " are not a ZIP entry (data between or before entries)");
            }
            if (locals.size() >= limits.maxEntries()) {
                throw bad("エントリが多すぎます (上限 " + limits.maxEntries() + ")", "more than "
                        + limits.maxEntries() + " entries");
            }
            long offset = pos();
            need(30, "a local header");
            buf.getInt();
            buf.getShort();
            int flags = buf.getShort() & 0xffff;
            int method = buf.getShort() & 0xffff;
            buf.getShort();
            buf.getShort();
            int crc = buf.getInt();
            long csize = buf.getInt() & 0xffffffffL;
            long usize = buf.getInt() & 0xffffffffL;
            int nlen = buf.getShort() & 0xffff;
            int xlen = buf.getShort() & 0xffff;
            if (nlen == 0 || nlen > limits.maxNameBytes()) {
                throw bad("エントリ名の長さ " + nlen + " が範囲外です", "an entry name of " + nlen
                        + " bytes (1 to " + limits.maxNameBytes() + " allowed)");
            }
            need(nlen + xlen, "a local header");
            byte[] nb = new byte[nlen];
            buf.get(nb);
            String name = name(nb);
            byte[] extra = new byte[xlen];
            buf.get(extra);
            if ((flags & ~0x0800) != 0) {
                throw bad(name + ": 暗号化又はデータ記述子付きのエントリは使えません (flags " + flags + ")",
                        name + ": encrypted entries and data descriptors are not allowed (flags " + flags + ")");
            }
            if (method != 0) {
                throw bad(name + ": 圧縮されたエントリです。バンドルのエントリは無圧縮 (STORED) です",
                        name + ": the entry is compressed (method " + method + "); bundle entries are STORED,"
                                + " so their bytes are the recorded bytes (invariant 7)");
            }
            long[] sizes = zip64(extra, usize, csize, -1, name);
            if (sizes[0] != sizes[1]) {
                throw bad(name + ": 無圧縮なのにサイズが一致しません", name + ": a STORED entry whose sizes differ");
            }
            long size = sizes[0];
            if (!names.add(name)) {
                throw bad(name + ": 同じ名前のエントリが二つあります", name + ": two entries of this name");
            }
            long limit = consumer.limit(name);
            if (limit < 0) {
                throw bad(name + ": バンドル v1 にないエントリです", name + ": not an entry of bundle v1");
            }
            if (size > limit || size > fileSize - pos()) {
                throw bad(name + ": エントリが大きすぎます (" + size + " バイト、上限 " + Math.min(limit, fileSize - pos())
                        + ")", name + ": entry of " + size + " bytes exceeds its limit of " + limit
                        + " bytes or the archive");
            }
            long dataOffset = pos();
            EntryStream data = new EntryStream(size);
            if (consumer.entry(name, size, dataOffset, crc, data)) {
                data.skip();
            } else {
                data.drain();
                if ((int) data.crc.getValue() != crc) {
                    consumer.crcMismatch(name);
                }
            }
            locals.add(new Local(name, offset, size, crc));
        }
        central(locals);
    }

    private static String name(byte[] nb) throws BundleFormatException {
        String n = new String(nb, StandardCharsets.ISO_8859_1);
        try {
            BundleLayout.checkName(n);
        } catch (IllegalArgumentException e) {
            String shown = n.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? n : "(non-printable name)";
            throw bad("エントリ名 " + shown + " は使えません: " + e.getMessage(), "entry name " + shown
                    + " is not allowed: " + e.getMessage());
        }
        return n;
    }

    /** Sizes (and offset) from the ZIP64 field where the header holds 0xFFFFFFFF: {uncompressed, compressed, offset}. */
    private static long[] zip64(byte[] extra, long usize, long csize, long offset, String name)
            throws BundleFormatException {
        long[] out = {usize, csize, offset};
        ByteBuffer x = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        boolean found = false;
        while (x.remaining() >= 4) {
            int id = x.getShort() & 0xffff;
            int len = x.getShort() & 0xffff;
            if (len > x.remaining()) {
                throw bad(name + ": 拡張フィールドが壊れています", name + ": a malformed extra field");
            }
            if (id == StoredZipWriter.ZIP64 && !found) {
                found = true;
                ByteBuffer z = x.slice().limit(len).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < 3; i++) {
                    if (out[i] == 0xffffffffL) {
                        if (z.remaining() < 8) {
                            throw bad(name + ": ZIP64 フィールドが短すぎます", name + ": ZIP64 field too short");
                        }
                        out[i] = z.getLong();
                        if (out[i] < 0) {
                            throw bad(name + ": サイズが負です", name + ": a negative size");
                        }
                    }
                }
            }
            x.position(x.position() + len);
        }
        if (x.hasRemaining()) {
            throw bad(name + ": 拡張フィールドが壊れています", name + ": a malformed extra field");
        }
        for (int i = 0; i < 3; i++) {
            if (out[i] == 0xffffffffL && !(i == 2 && offset < 0)) {
                throw bad(name + ": ZIP64 フィールドがありません", name + ": sizes need a ZIP64 field, which is missing");
            }
        }
        return out;
    }

    private void central(List<Local> locals) throws IOException, BundleFormatException {
        long cdStart = pos();
        for (Local l : locals) {
            need(46, "the central directory");
            if (buf.getInt() != StoredZipWriter.CENTRAL) {
                throw bad("中央ディレクトリのエントリ数がローカルエントリと一致しません",
                        "the central directory lists fewer entries than the archive holds");
            }
            int madeBy = buf.getShort() & 0xffff;
            buf.getShort();
            int flags = buf.getShort() & 0xffff;
            int method = buf.getShort() & 0xffff;
            buf.getShort();
            buf.getShort();
            int crc = buf.getInt();
            long csize = buf.getInt() & 0xffffffffL;
            long usize = buf.getInt() & 0xffffffffL;
            int nlen = buf.getShort() & 0xffff;
            int xlen = buf.getShort() & 0xffff;
            int clen = buf.getShort() & 0xffff;
            buf.getShort();
            buf.getShort();
            long external = buf.getInt() & 0xffffffffL;
            long offset = buf.getInt() & 0xffffffffL;
            if (nlen > limits.maxNameBytes()) {
                throw bad("中央ディレクトリの名前が長すぎます", "a central directory name is too long");
            }
            need(nlen + xlen + clen, "the central directory");
            byte[] nb = new byte[nlen];
            buf.get(nb);
            byte[] extra = new byte[xlen];
            buf.get(extra);
            buf.position(buf.position() + clen);
            String name = new String(nb, StandardCharsets.ISO_8859_1);
            long[] z = zip64(extra, usize, csize, offset, name.equals(l.name()) ? name : l.name());
            if (!name.equals(l.name()) || z[0] != l.size() || z[1] != l.size() || z[2] != l.offset()
                    || crc != l.crc() || method != 0 || (flags & ~0x0800) != 0 || clen != 0) {
                throw bad(l.name() + ": 中央ディレクトリがローカルヘッダと一致しません (ツールによって見える内容が異なります)",
                        l.name() + ": the central directory does not match the local header (tools would see"
                                + " different content)");
            }
            int host = madeBy >>> 8;
            long type = (external >>> 16) & 0170000;
            if (host == 3 && type != 0 && type != 0100000) {
                throw bad(l.name() + ": シンボリックリンク又は通常ファイルでないエントリです",
                        l.name() + ": a symbolic link or other non-regular entry");
            }
            if (host != 3 && (external & 0x10) != 0) {
                throw bad(l.name() + ": フォルダのエントリです", l.name() + ": a folder entry");
            }
        }
        long cdSize = pos() - cdStart;
        need(4, "the end records");
        int sig = buf.getInt(buf.position());
        if (sig == StoredZipWriter.END64) {
            need(56 + 20, "the ZIP64 end record");
            long end64At = pos();
            buf.getInt();
            long recSize = buf.getLong();
            buf.getShort();
            buf.getShort();
            int disk = buf.getInt();
            int cdDisk = buf.getInt();
            long n1 = buf.getLong();
            long n2 = buf.getLong();
            long size = buf.getLong();
            long start = buf.getLong();
            if (recSize != 44 || disk != 0 || cdDisk != 0 || n1 != locals.size() || n2 != locals.size()
                    || size != cdSize || start != cdStart) {
                throw bad("ZIP64 終端レコードが中央ディレクトリと一致しません",
                        "the ZIP64 end record does not match the central directory");
            }
            if (buf.getInt() != StoredZipWriter.LOCATOR64 || buf.getInt() != 0 || buf.getLong() != end64At
                    || buf.getInt() != 1) {
                throw bad("ZIP64 終端ロケータが正しくありません", "the ZIP64 end locator is wrong");
            }
        } else if (sig != StoredZipWriter.END) {
            throw bad("中央ディレクトリのエントリ数がローカルエントリより多いか、終端レコードがありません",
                    "the central directory lists more entries than the archive holds, or the end record is missing");
        }
        need(22, "the end record");
        if (buf.getInt() != StoredZipWriter.END) {
            throw bad("終端レコードがありません", "the end of central directory record is missing");
        }
        int disk = buf.getShort() & 0xffff;
        int cdDisk = buf.getShort() & 0xffff;
        int e1 = buf.getShort() & 0xffff;
        int e2 = buf.getShort() & 0xffff;
        long size = buf.getInt() & 0xffffffffL;
        long start = buf.getInt() & 0xffffffffL;
        int comment = buf.getShort() & 0xffff;
        boolean entriesOk = (e1 == 0xffff || e1 == locals.size()) && e1 == e2;
        boolean sizeOk = size == 0xffffffffL || size == cdSize;
        boolean startOk = start == 0xffffffffL || start == cdStart;
        if (disk != 0 || cdDisk != 0 || !entriesOk || !sizeOk || !startOk || comment != 0) {
            throw bad("終端レコードが中央ディレクトリと一致しません", "the end record does not match the central directory"
                    + (comment != 0 ? " (an archive comment is not allowed)" : ""));
        }
        if (pos() != fileSize) {
            throw bad("終端レコードの後にバイトがあります", (fileSize - pos()) + " bytes follow the end record");
        }
    }

    /** The data of the current entry, read through the buffer, with its CRC-32. */
    private final class EntryStream extends InputStream {
        final CRC32 crc = new CRC32();
        long left;

        EntryStream(long size) {
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (!buf.hasRemaining()) {
                try {
                    need(1, "an entry's data");
                } catch (BundleFormatException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            int n = (int) Math.min(Math.min(len, left), buf.remaining());
            buf.get(b, off, n);
            crc.update(b, off, n);
            left -= n;
            return n;
        }

        /** Moves past the rest of the entry without reading it. */
        void skip() {
            if (left <= buf.remaining()) {
                buf.position(buf.position() + (int) left);
            } else {
                long to = pos() + left;
                bufStart = to;
                buf.clear().limit(0);
            }
            left = 0;
        }

        void drain() throws IOException, BundleFormatException {
            while (left > 0) {
                if (!buf.hasRemaining()) {
                    need(1, "an entry's data");
                }
                int n = (int) Math.min(left, buf.remaining());
                ByteBuffer slice = buf.slice().limit(n);
                crc.update(slice);
                buf.position(buf.position() + n);
                left -= n;
            }
        }
    }
}
