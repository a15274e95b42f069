package jp.mimamori.integrity.bundle.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import jp.mimamori.core.internal.work.BufferHandOff;

/**
 * Writes a ZIP archive of STORED entries (method 0: the bytes in the archive are the bytes given), every entry
 * in ZIP64 form (sizes and offsets in a ZIP64 extended information field), a fixed DOS time of 1980-01-01 00:00
 * and Unix mode 0644, so the archive is the same for the same entries.
 *
 * <p>Large entries are read once, shared between two threads: from a plain file, the kernel copies
 * ({@link FileChannel#transferTo}) while a helper thread reads the region for the CRC-32 and an {@link Inspector}
 * (the bundle writer checks each unit's hash there); from a stream, a helper thread reads (decrypts) and computes
 * the CRC-32 while the calling thread runs the inspector and writes the chunks handed over. The
 * CRC-32 goes into the entry's local header after its data (the writer seeks back). With a copy stream, a third
 * thread writes every byte of the archive to it, in order, reading back each part once it is final (an entry once
 * its CRC-32 is in place): an encrypted copy then costs no second pass over the sources and overlaps the writing.
 * Memory is bounded by a few 1 MiB buffers. Not thread-safe (one caller).
 */
public final class StoredZipWriter implements Closeable {
    static final int LOCAL = 0x04034b50;
    static final int CENTRAL = 0x02014b50;
    static final int END = 0x06054b50;
    static final int END64 = 0x06064b50;
    static final int LOCATOR64 = 0x07064b50;
    static final int VERSION = 45;
    static final int MADE_BY = (3 << 8) | VERSION;
    static final int DOS_DATE = 0x21;
    static final long MODE_FILE = 0100644L << 16;
    static final int ZIP64 = 0x0001;
    /** The size of the buffers the helper threads read into. */
    static final int CHUNK = 1 << 20;
    /** How many chunks a stream's reader may be ahead of the writer. */
    static final int CHUNKS = 4;

    /**
     * Sees an entry's bytes, front to back, once (on a helper thread or the writing thread); throws to refuse them,
     * which fails the {@code add}.
     */
    public interface Inspector {
        /** The next {@code len} bytes of the entry. */
        void update(byte[] b, int off, int len) throws IOException;

        /** After the entry's last byte. */
        void finish() throws IOException;
    }

    /** An inspector that accepts anything. */
    public static final Inspector ANY = new Inspector() {
        @Override
        public void update(byte[] b, int off, int len) {
            // accepted
        }

        @Override
        public void finish() {
            // accepted
        }
    };

    private record Written(String name, long offset, long size, int crc) {}

    private final FileChannel out;
    private final Follower follower;
    private final List<Written> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private long position;
    private boolean done;

    /** Creates (or truncates) {@code file}. */
    public StoredZipWriter(Path file) throws IOException {
        this(file, null);
    }

    /**
     * Creates (or truncates) {@code file}; unless {@code copy} is null, every byte of the archive is also written to
     * {@code copy}, which is closed after the last one (on the copying thread, during {@link #close()}). After
     * {@link #abandon()}, {@code copy} is left as it is, neither complete nor closed.
     */
    public StoredZipWriter(Path file, OutputStream copy) throws IOException {
        this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.READ);
        this.follower = copy == null ? null : new Follower(copy);
    }

    /** Adds an entry with these bytes. */
    public void add(String name, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        long offset = header(name, data.length, (int) crc.getValue());
        write(ByteBuffer.wrap(data));
        entries.add(new Written(name, offset, data.length, (int) crc.getValue()));
        commit();
    }

    /**
     * Adds an entry of exactly {@code length} bytes read from {@code in}.
     *
     * @throws IOException if {@code in} ends early
     */
    public void add(String name, long length, InputStream in) throws IOException {
        add(name, length, in, ANY);
    }

    /**
     * Adds an entry of exactly {@code length} bytes read from {@code in}, pipelined: a helper thread reads
     * {@code in} (decrypting, for an encrypted store) and computes the CRC-32, while this thread runs
     * {@code inspector} on the chunks it hands over and writes them, so the work is shared between two cores.
     * {@code in} is read only by the helper thread.
     *
     * @throws IOException if {@code in} ends early, fails, or {@code inspector} refuses the bytes
     */
    public void add(String name, long length, InputStream in, Inspector inspector) throws IOException {
        long offset = header(name, length, 0);
        try (ReadAside r = new ReadAside(name, length, (b, off, len, at) -> in.read(b, off, len), ANY, true)) {
            for (ByteBuffer b = r.next(); b != null; b = r.next()) {
                inspector.update(b.array(), b.arrayOffset() + b.position(), b.remaining());
                write(b);
                r.release(b);
            }
            int crc = r.crc(); // the reader's failure first: a short source is named as such
            inspector.finish();
            patchCrc(offset, crc);
            entries.add(new Written(name, offset, length, crc));
        }
        commit();
    }

    /**
     * Adds an entry of exactly {@code length} bytes of {@code file} from {@code offset}.
     *
     * @throws IOException if the file is shorter than the region
     */
    public void add(String name, long length, Path file, long offset) throws IOException {
        add(name, length, file, offset, ANY);
    }

    /**
     * Adds an entry of exactly {@code length} bytes of {@code file} from {@code offset}: the bytes are copied file to
     * file by the kernel ({@link FileChannel#transferTo}), never through the Java heap, while a helper thread reads
     * the same region once for the CRC-32 and {@code inspector}. The file is not followed if it is a link.
     *
     * @throws IOException if the file is shorter than the region, or {@code inspector} refuses the bytes
     */
    public void add(String name, long length, Path file, long offset, Inspector inspector) throws IOException {
        try (FileChannel src = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (src.size() < offset + length) {
                throw new IOException(name + ": the source is shorter than the clip");
            }
            long headerAt = header(name, length, 0);
            try (ReadAside r = new ReadAside(name, length,
                    (b, off, len, at) -> src.read(ByteBuffer.wrap(b, off, len), offset + at), inspector, false)) {
                out.position(position); // transferTo writes at the channel's position; every other write is positional
                long copied = 0;
                while (copied < length) {
                    long n = src.transferTo(offset + copied, length - copied, out);
                    if (n <= 0) {
                        throw new IOException(name + ": the copy stopped " + (length - copied) + " bytes early");
                    }
                    copied += n;
                }
                position += length;
                int crc = r.crc();
                patchCrc(headerAt, crc);
                entries.add(new Written(name, headerAt, length, crc));
            }
        }
        commit();
    }

    private long header(String name, long size, int crc) throws IOException {
        BundleLayout.checkName(name);
        if (!names.add(name)) {
            throw new IllegalArgumentException("name: " + name + " added twice");
        }
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(30 + n.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(LOCAL).putShort((short) VERSION).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) DOS_DATE).putInt(crc).putInt(-1).putInt(-1)
                .putShort((short) n.length).putShort((short) 20).put(n)
                .putShort((short) ZIP64).putShort((short) 16).putLong(size).putLong(size);
        long offset = position;
        write(b.flip());
        return offset;
    }

    /** Writes an entry's CRC-32 into its local header, once its data are written. */
    private void patchCrc(long headerAt, int crc) throws IOException {
        ByteBuffer c = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc).flip();
        while (c.hasRemaining()) {
            out.write(c, headerAt + 14 + (4 - c.remaining()));
        }
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            position += out.write(b, position);
        }
    }

    /** Everything written so far is final: the copy may take it (and if the copy has failed, so does this). */
    private void commit() throws IOException {
        if (follower != null) {
            Throwable f = follower.failure;
            if (f != null) {
                throw rethrow("copying the archive", f);
            }
            follower.commit(position, false);
        }
    }

    /**
     * Writes the central directory and the end records, forces the file to the device and closes it; with a copy,
     * waits until the copy has every byte and is closed (forcing the archive meanwhile).
     *
     * @throws IOException if writing or the copy failed
     */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        boolean ok = false;
        try {
            long cdStart = position;
            for (Written e : entries) {
                byte[] n = e.name().getBytes(StandardCharsets.US_ASCII);
                ByteBuffer b = ByteBuffer.allocate(46 + n.length + 28).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(CENTRAL).putShort((short) MADE_BY).putShort((short) VERSION).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putShort((short) DOS_DATE).putInt(e.crc())
                        .putInt(-1).putInt(-1).putShort((short) n.length).putShort((short) 28).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putInt((int) MODE_FILE).putInt(-1).put(n)
                        .putShort((short) ZIP64).putShort((short) 24).putLong(e.size()).putLong(e.size())
                        .putLong(e.offset());
                write(b.flip());
            }
            long cdSize = position - cdStart;
            long end64 = position;
            ByteBuffer z = ByteBuffer.allocate(56 + 20 + 22).order(ByteOrder.LITTLE_ENDIAN);
            z.putInt(END64).putLong(44).putShort((short) MADE_BY).putShort((short) VERSION).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(cdSize).putLong(cdStart);
            z.putInt(LOCATOR64).putInt(0).putLong(end64).putInt(1);
            z.putInt(END).putShort((short) 0).putShort((short) 0).putShort((short) -1).putShort((short) -1)
                    .putInt(-1).putInt(-1).putShort((short) 0);
            write(z.flip());
            out.truncate(position);
            if (follower != null) {
                follower.commit(position, true);
            }
            out.force(true); // the copy drains meanwhile
            if (follower != null) {
                follower.await();
            }
            ok = true;
        } finally {
            if (!ok && follower != null) {
                follower.cancel();
            }
            out.close();
        }
    }

    /** Stops without completing: the copy is left unfinished and unclosed, the file unforced; for a failed write. */
    public void abandon() {
        if (done) {
            return;
        }
        done = true;
        if (follower != null) {
            follower.cancel();
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // abandoned anyway
        }
    }

    private static IOException rethrow(String what, Throwable t) {
        if (t instanceof IOException io) {
            return new IOException(io.getMessage(), io);
        }
        return new IOException(what + ": " + t, t);
    }

    /** Reads one entry's source on a thread of its own: CRC-32, the inspector, and (if asked) the chunks in order. */
    private static final class ReadAside implements AutoCloseable {
        /** Reads up to {@code len} bytes of the entry from its offset {@code at}; -1 at the end. */
        @FunctionalInterface
        interface Source {
            int read(byte[] b, int off, int len, long at) throws IOException;
        }

        private final String name;
        private final long length;
        private final Source source;
        private final Inspector inspector;
        private final boolean handOver;
        /** The chunks from the reader to the writing thread (with {@code handOver}; else the reader's one buffer). */
        private final BufferHandOff handOff;
        private final Thread thread;
        private volatile int crc;

        ReadAside(String name, long length, Source source, Inspector inspector, boolean handOver) {
            this.name = name;
            this.length = length;
            this.source = source;
            this.inspector = inspector;
            this.handOver = handOver;
            int size = (int) Math.max(1, Math.min(CHUNK, length));
            handOff = new BufferHandOff(handOver ? CHUNKS : 1, () -> ByteBuffer.allocate(size));
            thread = new Thread(this::run, "mimamori-bundle-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                CRC32 c = new CRC32();
                long at = 0;
                while (at < length && !handOff.stopped()) {
                    ByteBuffer b = handOff.take();
                    if (b == null) {
                        return; // cancelled
                    }
                    int want = (int) Math.min(b.capacity(), length - at);
                    int got = 0;
                    while (got < want) {
                        int n = source.read(b.array(), got, want - got, at + got);
                        if (n < 0) {
                            throw new IOException(name + ": the source ended " + (length - at - got) + " bytes early");
                        }
                        got += n;
                    }
                    c.update(b.array(), 0, got);
                    inspector.update(b.array(), 0, got);
                    at += got;
                    b.limit(got);
                    if (handOver) {
                        handOff.pass(b);
                    } else {
                        handOff.release(b);
                    }
                }
                if (!handOff.stopped()) {
                    inspector.finish();
                    crc = (int) c.getValue();
                }
            } catch (Throwable t) {
                handOff.fail(t);
            } finally {
                handOff.end();
            }
        }

        /** The next chunk to write, or null after the last (then {@link #crc()} says whether all went well). */
        ByteBuffer next() throws IOException {
            try {
                return handOff.next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(name + ": interrupted while reading");
            }
        }

        void release(ByteBuffer b) {
            handOff.release(b);
        }

        /** Waits for the reader to finish; the CRC-32 of the whole entry. */
        int crc() throws IOException {
            join();
            Throwable f = handOff.failure();
            if (f != null) {
                throw rethrow(name, f);
            }
            if (handOff.cancelled()) {
                throw new IOException(name + ": cancelled");
            }
            return crc;
        }

        private void join() throws IOException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handOff.cancel();
                throw new InterruptedIOException(name + ": interrupted while reading");
            }
        }

        @Override
        public void close() throws IOException {
            if (thread.isAlive()) {
                handOff.cancel();
                join();
            }
        }
    }

    /** Copies the archive, as it becomes final, to the copy stream, on a thread of its own. */
    private final class Follower {
        private final OutputStream copy;
        private final Thread thread;
        private long committed; // guarded by this
        private boolean ended; // guarded by this
        private volatile boolean cancelled;
        private volatile Throwable failure;

        Follower(OutputStream copy) {
            this.copy = copy;
            thread = new Thread(this::run, "mimamori-bundle-copy");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void commit(long upTo, boolean last) {
            committed = upTo;
            ended = last;
            notifyAll();
        }

        private void run() {
            byte[] buf = new byte[CHUNK];
            long sent = 0;
            try {
                while (true) {
                    long upTo;
                    boolean last;
                    synchronized (this) {
                        while (!cancelled && sent == committed && !ended) {
                            wait();
                        }
                        if (cancelled) {
                            return;
                        }
                        upTo = committed;
                        last = ended;
                    }
                    while (sent < upTo) {
                        if (cancelled) {
                            return;
                        }
                        int n = out.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, upTo - sent)), sent);
                        if (n <= 0) {
                            throw new IOException("the archive is shorter than what was written to it");
                        }
                        copy.write(buf, 0, n);
                        sent += n;
                    }
                    if (last) {
                        copy.close();
                        return;
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        void await() throws IOException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new InterruptedIOException("interrupted while the archive was copied");
            }
            Throwable f = failure;
            if (f != null) {
                throw rethrow("copying the archive", f);
            }
        }

        void cancel() {
            synchronized (this) {
                cancelled = true;
                notifyAll();
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
