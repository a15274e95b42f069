package jp.mimamori.integrity.bundle.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * Random access to the plaintext of a CMS {@code EnvelopedData} file whose content is AES-CBC encrypted (an encrypted
 * bundle), without decrypting it to disk or to memory: the file's BER structure is walked once to find the
 * encrypted content's octet-string chunks (16 bytes of index per chunk: 256 KiB per GiB for 64 KiB chunks), and a
 * read at any position decrypts only the cipher blocks it covers (CBC: each block with the one before it as IV).
 * The content key and IV come from the caller (who unwrapped the key for its recipient). Read-only: a verifier
 * reads the bundle through it as through the bundle file. Thread-safe (reads are serialised).
 */
public final class CbcPlaintextChannel extends FileChannel {
    /** At most this many chunks (a hostile file of tiny chunks must not take the memory). */
    static final int MAX_CHUNKS = 1 << 22;
    private static final int MAX_DEPTH = 16;
    private static final int BLOCK = 16;
    private static final int MAX_READ = 1 << 20;

    private final FileChannel file;
    private final Key key;
    private final byte[] iv;
    private final Cipher cipher;
    private long[] chunkAt = new long[64]; // the chunk's first ciphertext byte, as an offset into the ciphertext
    private long[] fileAt = new long[64]; // where that byte is in the file
    private int chunks;
    private long cipherLength;
    private final long size;
    private long position;
    private final byte[] work = new byte[MAX_READ + 4 * BLOCK];
    private final byte[] plain = new byte[MAX_READ + 4 * BLOCK];

    /**
     * Opens the plaintext of {@code file} (closed with this) under the AES {@code key} and {@code iv} of its
     * content-encryption algorithm.
     *
     * @throws IOException if the file is not BER EnvelopedData with AES-CBC content of whole blocks, or the last
     *                     block's padding is wrong (the wrong key)
     */
    public CbcPlaintextChannel(FileChannel file, Key key, byte[] iv) throws IOException {
        if (iv.length != BLOCK) {
            throw new IOException("the content IV is not 16 bytes");
        }
        this.file = file;
        this.key = key;
        this.iv = iv.clone();
        try {
            this.cipher = Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC is required of every Java platform", e);
        }
        index();
        if (cipherLength < BLOCK || cipherLength % BLOCK != 0) {
            throw new IOException("the encrypted content is not whole AES blocks (" + cipherLength + " bytes)");
        }
        byte[] last = decrypt(cipherLength - BLOCK, BLOCK);
        int pad = last[BLOCK - 1] & 0xff;
        boolean ok = pad >= 1 && pad <= BLOCK;
        for (int i = BLOCK - pad; ok && i < BLOCK; i++) {
            ok = (last[i] & 0xff) == pad;
        }
        if (!ok) {
            throw new IOException("the content's padding is wrong: not this key's, or damaged");
        }
        size = cipherLength - pad;
    }

    /** A BER header: tag byte, where the content starts, its length (-1: indefinite). */
    private record Header(int tag, long contentAt, long length) {}

    private Header header(long at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(10);
        while (b.hasRemaining()) {
            if (file.read(b, at + b.position()) < 0) {
                break;
            }
        }
        b.flip();
        if (b.remaining() < 2) {
            throw new IOException("the structure ends at byte " + at);
        }
        int tag = b.get() & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new IOException("a multi-byte tag at byte " + at);
        }
        int first = b.get() & 0xff;
        if (first < 0x80) {
            return new Header(tag, at + 2, first);
        }
        if (first == 0x80) {
            if ((tag & 0x20) == 0) {
                throw new IOException("a primitive element of indefinite length at byte " + at);
            }
            return new Header(tag, at + 2, -1);
        }
        int n = first & 0x7f;
        if (n > 7 || b.remaining() < n) {
            throw new IOException("a length of " + n + " bytes at byte " + at);
        }
        long len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (b.get() & 0xff);
        }
        return new Header(tag, at + 2 + n, len);
    }

    private Header expect(long at, int tag, String what) throws IOException {
        Header h = header(at);
        if (h.tag() != tag) {
            throw new IOException(what + " expected at byte " + at + " (tag 0x" + Integer.toHexString(h.tag())
                    + ")");
        }
        return h;
    }

    private boolean endOfContents(long at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2);
        while (b.hasRemaining()) {
            if (file.read(b, at + b.position()) < 0) {
                throw new IOException("the structure ends at byte " + at);
            }
        }
        return b.get(0) == 0 && b.get(1) == 0;
    }

    /** Where the element at {@code at}, which must have {@code tag}, ends. */
    private long skipOver(long at, int tag, String what) throws IOException {
        expect(at, tag, what);
        return skip(at, 0);
    }

    /** Where the element at {@code at} ends. */
    private long skip(long at, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("elements nested deeper than " + MAX_DEPTH);
        }
        Header h = header(at);
        if (h.length() >= 0) {
            return h.contentAt() + h.length();
        }
        long p = h.contentAt();
        while (!endOfContents(p)) {
            p = skip(p, depth + 1);
        }
        return p + 2;
    }

    /** Walks ContentInfo / EnvelopedData / EncryptedContentInfo to the encrypted content and indexes its chunks. */
    private void index() throws IOException {
        long p = expect(0, 0x30, "ContentInfo").contentAt();
        p = skipOver(p, 0x06, "the content type");
        p = expect(p, 0xa0, "[0] content").contentAt();
        p = expect(p, 0x30, "EnvelopedData").contentAt();
        p = skipOver(p, 0x02, "the version");
        if (header(p).tag() == 0xa0) {
            p = skip(p, 0); // originatorInfo
        }
        p = skip(p, 0); // recipientInfos (SET; checked by whoever unwrapped the key)
        p = expect(p, 0x30, "EncryptedContentInfo").contentAt();
        p = skip(p, 0); // contentType
        p = skip(p, 0); // contentEncryptionAlgorithm (the caller's key and IV are for it)
        Header c = header(p);
        if (c.tag() == 0x80) {
            add(c.contentAt(), c.length());
            return;
        }
        if (c.tag() != 0xa0) {
            throw new IOException("no encrypted content at byte " + p);
        }
        long q = c.contentAt();
        long end = c.length() < 0 ? Long.MAX_VALUE : c.contentAt() + c.length();
        while (q < end && !(c.length() < 0 && endOfContents(q))) {
            Header part = expect(q, 0x04, "an octet-string chunk of the content");
            add(part.contentAt(), part.length());
            q = part.contentAt() + part.length();
        }
    }

    private void add(long at, long length) throws IOException {
        if (length == 0) {
            return;
        }
        if (at + length > file.size()) {
            throw new IOException("a chunk of the content runs past the end of the file");
        }
        if (chunks == MAX_CHUNKS) {
            throw new IOException("more than " + MAX_CHUNKS + " chunks of content");
        }
        if (chunks == chunkAt.length) {
            chunkAt = Arrays.copyOf(chunkAt, chunks * 2);
            fileAt = Arrays.copyOf(fileAt, chunks * 2);
        }
        chunkAt[chunks] = cipherLength;
        fileAt[chunks] = at;
        chunks++;
        cipherLength += length;
    }

    /** Reads ciphertext bytes [from, from + len) into {@code work} from 0. */
    private void cipherText(long from, int len) throws IOException {
        int i = Arrays.binarySearch(chunkAt, 0, chunks, from);
        if (i < 0) {
            i = -i - 2;
        }
        int done = 0;
        while (done < len) {
            long inChunk = from + done - chunkAt[i];
            long chunkLen = (i + 1 < chunks ? chunkAt[i + 1] : cipherLength) - chunkAt[i];
            int n = (int) Math.min(len - done, chunkLen - inChunk);
            ByteBuffer b = ByteBuffer.wrap(work, done, n);
            while (b.hasRemaining()) {
                if (file.read(b, fileAt[i] + inChunk + (b.position() - done)) < 0) {
                    throw new IOException("the file ends inside the content");
                }
            }
            done += n;
            i++;
        }
    }

    /** Plaintext [from, from + len): the whole blocks covering it decrypted, the rest cut off. */
    private byte[] decrypt(long from, int len) throws IOException {
        long start = from - (from % BLOCK);
        long end = Math.min(cipherLength, from + len + (BLOCK - (from + len) % BLOCK) % BLOCK);
        int n = (int) (end - start);
        byte[] prev;
        if (start == 0) {
            cipherText(0, n);
            prev = iv;
        } else {
            cipherText(start - BLOCK, n + BLOCK);
            prev = Arrays.copyOf(work, BLOCK);
            System.arraycopy(work, BLOCK, work, 0, n);
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(prev));
            int m = cipher.doFinal(work, 0, n, plain, 0);
            return Arrays.copyOfRange(plain, (int) (from - start), (int) (from - start) + Math.min(len, m));
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-CBC: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized int read(ByteBuffer dst, long at) throws IOException {
        if (at < 0) {
            throw new IllegalArgumentException("position: must be >= 0");
        }
        if (at >= size) {
            return -1;
        }
        int want = (int) Math.min(Math.min(dst.remaining(), MAX_READ), size - at);
        if (want == 0) {
            return 0;
        }
        dst.put(decrypt(at, want));
        return want;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("position: must be >= 0");
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // nothing written
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(MAX_READ, Math.max(1, count)));
        long done = 0;
        while (done < count) {
            b.clear().limit((int) Math.min(b.capacity(), count - done));
            int n = read(b, at + done);
            if (n <= 0) {
                break;
            }
            b.flip();
            while (b.hasRemaining()) {
                target.write(b);
            }
            done += n;
        }
        return done;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long length) {
        throw new UnsupportedOperationException("the plaintext of an encrypted bundle is not mapped");
    }

    @Override
    public FileLock lock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("the plaintext of an encrypted bundle is not locked");
    }

    @Override
    public FileLock tryLock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("the plaintext of an encrypted bundle is not locked");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
