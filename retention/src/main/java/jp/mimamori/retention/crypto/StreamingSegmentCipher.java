package jp.mimamori.retention.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.retention.crypto.internal.CiphertextHeader;
import jp.mimamori.retention.internal.Hkdf;

/**
 * Streaming authenticated encryption of recorded segments, byte-for-byte the format of Tink's
 * {@code AesGcmHkdfStreaming} with AES-256, HKDF-SHA256 and no first-segment offset (Tink's
 * {@code AES256_GCM_HKDF_1MB} key template when the segment size is 1 MiB). Files written here decrypt with
 * Tink and the reverse; {@code docs/FORMATS.md} gives the format and {@code docs/vectors/retention/} vectors.
 *
 * <pre>
 * ciphertext = header || C_0 || C_1 || … || C_{n-1}
 * header     = len(header) (1 byte, = 40) || salt (32) || noncePrefix (7)
 * K          = HKDF-SHA256(ikm = data key, salt = salt, info = associated data, 32 bytes)
 * C_i        = AES-256-GCM(K, nonce = noncePrefix || BE32(i) || (i == n-1 ? 0x01 : 0x00), M_i, no AAD)
 * |M_0| = S − 40 − 16, |M_i| = S − 16 (the last may be shorter, and is empty only when the message is)
 * </pre>
 *
 * <p>The ciphertext segment size {@code S} is at most 1 MiB: the JDK's GCM slows sharply on larger single
 * calls, and a chunk is the unit of random access ({@link #decryptSegment}). Instances are immutable and
 * thread-safe; {@link Cipher} instances are reused per thread.
 *
 * <pre>{@code
 * StreamingSegmentCipher c = StreamingSegmentCipher.create(StreamingSegmentCipher.DEFAULT_SEGMENT_SIZE);
 * byte[] ct = c.encrypt(dataKey, aad, plaintext);
 * byte[] pt = c.decrypt(dataKey, aad, ct);
 * }</pre>
 */
public final class StreamingSegmentCipher {
    /** Tink's {@code AES256_GCM_HKDF_1MB}: 1 MiB ciphertext segments. */
    public static final int DEFAULT_SEGMENT_SIZE = 1 << 20;
    /** The largest segment size accepted (1 MiB). */
    public static final int MAX_SEGMENT_SIZE = 1 << 20;
    /** Derived key and salt size (AES-256). */
    public static final int KEY_SIZE = 32;
    /** GCM tag size. */
    public static final int TAG_SIZE = 16;
    /** Header length: 1 + 32 + 7. */
    public static final int HEADER_LENGTH = 1 + KEY_SIZE + CiphertextHeader.NONCE_PREFIX_LENGTH;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required of every Java platform", e);
        }
    });

    /** Whether {@link #warmUpEncryption()} and {@link #warmUpDecryption()} ran in this JVM. */
    private static final java.util.concurrent.atomic.AtomicBoolean WARM = new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.concurrent.atomic.AtomicBoolean WARM_DECRYPT =
            new java.util.concurrent.atomic.AtomicBoolean();
    /** Calls of the warm-up: above the JIT's C2 thresholds (measured: 20,000 × 512 bytes, about 0.2 s). */
    private static final int WARM_UP_CALLS = 20_000;

    private final int segmentSize;

    /**
     * Prepares AES-GCM encryption for a bulk stream, once per JVM: the JIT compiles the cipher with the CPU's AES and
     * carry-less-multiply instructions only after thousands of calls, and until then a fresh JVM encrypts at about
     * 130 MB/s instead of 4–5 GB/s (measured: the first 256 MiB of 64 KiB segments took 2 s). Encrypting 20,000
     * small buffers (about 0.2 s) gets it compiled before the first megabyte of footage. Later calls return at once.
     * Thread-safe; touches no key of the caller.
     *
     * <pre>{@code
     * StreamingSegmentCipher.warmUpEncryption(); // before sealing a large recorded file
     * }</pre>
     */
    public static void warmUpEncryption() {
        if (!WARM.compareAndSet(false, true)) {
            return;
        }
        SecretKeySpec k = new SecretKeySpec(new byte[KEY_SIZE], "AES"); // not a secret: nothing is kept
        byte[] prefix = new byte[CiphertextHeader.NONCE_PREFIX_LENGTH];
        byte[] in = new byte[512];
        byte[] out = new byte[in.length + TAG_SIZE];
        try {
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                encryptChunk(k, prefix, i, false, in, 0, in.length, out, 0);
            }
        } catch (CryptoException e) {
            throw new IllegalStateException("AES/GCM/NoPadding failed on a fixed input", e);
        }
    }

    /**
     * {@link #warmUpEncryption()} for decryption (verifying or exporting a large encrypted segment): about 0.2 s once
     * per JVM instead of about 2 s of the first 256 MiB decrypted slowly. Thread-safe; later calls return at once.
     */
    public static void warmUpDecryption() {
        if (!WARM_DECRYPT.compareAndSet(false, true)) {
            return;
        }
        SecretKeySpec k = new SecretKeySpec(new byte[KEY_SIZE], "AES"); // not a secret: nothing is kept
        byte[] prefix = new byte[CiphertextHeader.NONCE_PREFIX_LENGTH];
        byte[] plain = new byte[512];
        byte[] ct = new byte[plain.length + TAG_SIZE];
        try {
            encryptChunk(k, prefix, 0, false, plain, 0, plain.length, ct, 0);
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                decryptChunk(k, prefix, 0, false, ct, 0, ct.length, plain, 0);
            }
        } catch (CryptoException e) {
            throw new IllegalStateException("AES/GCM/NoPadding failed on a fixed input", e);
        }
    }

    private StreamingSegmentCipher(int segmentSize) {
        this.segmentSize = segmentSize;
    }

    /**
     * A cipher with ciphertext segments of {@code segmentSize} bytes.
     *
     * @throws IllegalArgumentException unless {@code HEADER_LENGTH + TAG_SIZE < segmentSize <= 1 MiB}
     */
    public static StreamingSegmentCipher create(int segmentSize) {
        if (segmentSize <= HEADER_LENGTH + TAG_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segmentSize: must be within " + (HEADER_LENGTH + TAG_SIZE + 1)
                    + ".." + MAX_SEGMENT_SIZE + ", was " + segmentSize);
        }
        return new StreamingSegmentCipher(segmentSize);
    }

    /** The ciphertext segment size. */
    public int segmentSize() {
        return segmentSize;
    }

    /** Plaintext bytes carried by segment {@code i}. */
    int plaintextCapacity(long i) {
        return i == 0 ? segmentSize - HEADER_LENGTH - TAG_SIZE : segmentSize - TAG_SIZE;
    }

    /** The number of ciphertext segments for a plaintext of {@code n} bytes. */
    public long segmentCount(long n) {
        long first = plaintextCapacity(0);
        if (n <= first) {
            return 1;
        }
        long rest = n - first;
        long p = plaintextCapacity(1);
        return 1 + (rest + p - 1) / p;
    }

    /** The exact ciphertext length for a plaintext of {@code n} bytes. */
    public long ciphertextSize(long n) {
        return HEADER_LENGTH + n + segmentCount(n) * TAG_SIZE;
    }

    /** Encrypts a whole plaintext with a fresh random header. */
    public byte[] encrypt(SecretBytes key, byte[] aad, byte[] plaintext) throws CryptoException {
        return encrypt(key, aad, plaintext, randomHeader());
    }

    /**
     * Encrypts with a given header. Only for test vectors: a header must never repeat under one key.
     */
    byte[] encrypt(SecretBytes key, byte[] aad, byte[] plaintext, CiphertextHeader header)
            throws CryptoException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                ciphertextSize(plaintext.length)));
        try (OutputStream enc = newEncryptingStream(key, aad, out, header)) {
            enc.write(plaintext);
        } catch (IOException e) {
            throw unwrap(e);
        }
        return out.toByteArray();
    }

    /** Decrypts and authenticates a whole ciphertext. */
    public byte[] decrypt(SecretBytes key, byte[] aad, byte[] ciphertext) throws CryptoException {
        try (InputStream in = newDecryptingStream(key, aad, new ByteArrayInputStream(ciphertext))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw unwrap(e);
        }
    }

    /**
     * A stream that encrypts what is written to it into {@code out} (a recorder writes frames as they come).
     * {@link OutputStream#close()} writes the last segment and closes {@code out}. Crypto failures surface as
     * an {@link IOException} whose cause is a {@link CryptoException}.
     */
    public OutputStream newEncryptingStream(SecretBytes key, byte[] aad, OutputStream out) throws CryptoException {
        return newEncryptingStream(key, aad, out, randomHeader());
    }

    private OutputStream newEncryptingStream(SecretBytes key, byte[] aad, OutputStream out, CiphertextHeader h)
            throws CryptoException {
        SecretKeySpec k = deriveKey(key, h.salt(), aad);
        return new Encrypter(out, k, h);
    }

    /**
     * A stream that decrypts {@code in}; each segment is authenticated before its bytes are returned, and a
     * truncated, reordered or extended ciphertext fails with an {@link IOException} caused by a
     * {@link CryptoException}.
     */
    public InputStream newDecryptingStream(SecretBytes key, byte[] aad, InputStream in) throws CryptoException {
        byte[] hb;
        try {
            hb = in.readNBytes(HEADER_LENGTH);
        } catch (IOException e) {
            throw new CryptoException("ciphertext: could not read the header", e);
        }
        CiphertextHeader h = CiphertextHeader.parse(hb, KEY_SIZE);
        return new Decrypter(in, deriveKey(key, h.salt(), aad), h);
    }

    /**
     * Decrypts one segment by index from a seekable ciphertext (random access by chunk), authenticating it
     * and its position, including whether it is the last.
     */
    public byte[] decryptSegment(SecretBytes key, byte[] aad, SeekableByteChannel ch, long index)
            throws IOException, CryptoException {
        long total = ch.size();
        if (index < 0) {
            throw new IllegalArgumentException("index: must be >= 0");
        }
        if (total < HEADER_LENGTH + TAG_SIZE) {
            throw new CryptoException("ciphertext: shorter than header and one tag");
        }
        ByteBuffer hb = ByteBuffer.allocate(HEADER_LENGTH);
        ch.position(0);
        readFully(ch, hb);
        CiphertextHeader h = CiphertextHeader.parse(hb.array(), KEY_SIZE);
        long offset = index == 0 ? HEADER_LENGTH : (long) segmentSize * index;
        if (offset >= total && !(index == 0 && offset == total)) {
            throw new CryptoException("ciphertext: segment " + index + " is beyond the end");
        }
        long max = index == 0 ? segmentSize - HEADER_LENGTH : segmentSize;
        int len = (int) Math.min(max, total - offset);
        if (len < TAG_SIZE) {
            throw new CryptoException("ciphertext: segment " + index + " shorter than a tag");
        }
        boolean last = offset + len == total;
        ByteBuffer seg = ByteBuffer.allocate(len);
        ch.position(offset);
        readFully(ch, seg);
        byte[] out = new byte[len - TAG_SIZE];
        decryptChunk(deriveKey(key, h.salt(), aad), h.noncePrefix(), index, last, seg.array(), 0, len, out, 0);
        return out;
    }

    private static void readFully(SeekableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("ciphertext: unexpected end of file");
            }
        }
    }

    private static CiphertextHeader randomHeader() {
        byte[] salt = new byte[KEY_SIZE];
        byte[] prefix = new byte[CiphertextHeader.NONCE_PREFIX_LENGTH];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(prefix);
        return new CiphertextHeader(salt, prefix);
    }

    private static SecretKeySpec deriveKey(SecretBytes key, byte[] salt, byte[] aad) throws CryptoException {
        if (key.size() < KEY_SIZE) {
            throw new IllegalArgumentException("key: must be at least 32 bytes");
        }
        byte[] ikm = key.toByteArray();
        try {
            byte[] k = Hkdf.sha256(ikm, salt, aad == null ? new byte[0] : aad, KEY_SIZE);
            SecretKeySpec spec = new SecretKeySpec(k, "AES");
            Arrays.fill(k, (byte) 0);
            return spec;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("key derivation (HKDF-SHA256) failed", e);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    private static GCMParameterSpec nonce(byte[] prefix, long index, boolean last) {
        if (index > 0xffffffffL) {
            throw new IllegalArgumentException("segment index beyond 2^32");
        }
        byte[] n = new byte[12];
        System.arraycopy(prefix, 0, n, 0, 7);
        n[7] = (byte) (index >>> 24);
        n[8] = (byte) (index >>> 16);
        n[9] = (byte) (index >>> 8);
        n[10] = (byte) index;
        n[11] = (byte) (last ? 1 : 0);
        return new GCMParameterSpec(TAG_SIZE * 8, n);
    }

    private static int encryptChunk(SecretKeySpec k, byte[] prefix, long index, boolean last,
                                    byte[] in, int off, int len, byte[] out, int outOff) throws CryptoException {
        try {
            Cipher c = GCM.get();
            c.init(Cipher.ENCRYPT_MODE, k, nonce(prefix, index, last));
            return c.doFinal(in, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("segment " + index + ": encryption failed", e);
        }
    }

    private static int decryptChunk(SecretKeySpec k, byte[] prefix, long index, boolean last,
                                    byte[] in, int off, int len, byte[] out, int outOff) throws CryptoException {
        try {
            Cipher c = GCM.get();
            c.init(Cipher.DECRYPT_MODE, k, nonce(prefix, index, last));
            return c.doFinal(in, off, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw new CryptoException("segment " + index + ": authentication failed (wrong key, associated data, "
                    + "or a modified, truncated or reordered ciphertext)");
        } catch (GeneralSecurityException e) {
            throw new CryptoException("segment " + index + ": decryption failed", e);
        }
    }

    private static CryptoException unwrap(IOException e) throws CryptoException {
        if (e.getCause() instanceof CryptoException ce) {
            return ce;
        }
        return new CryptoException("stream failed: " + e.getMessage(), e);
    }

    /** Encrypts as data arrives; holds back one full segment until it knows whether more follows. */
    private final class Encrypter extends FilterOutputStream {
        private final SecretKeySpec key;
        private final byte[] prefix;
        private final byte[] buf = new byte[segmentSize - TAG_SIZE];
        private final byte[] ct = new byte[segmentSize];
        private int filled;
        private long index;
        private boolean closed;

        Encrypter(OutputStream out, SecretKeySpec key, CiphertextHeader h) {
            super(out);
            this.key = key;
            this.prefix = h.noncePrefix();
            try {
                out.write(h.encode());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private int capacity() {
            return plaintextCapacity(index);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            while (len > 0) {
                if (filled == capacity()) {
                    flushSegment(false);
                }
                int n = Math.min(len, capacity() - filled);
                System.arraycopy(b, off, buf, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void flushSegment(boolean last) throws IOException {
            try {
                int n = encryptChunk(key, prefix, index, last, buf, 0, filled, ct, 0);
                out.write(ct, 0, n);
            } catch (CryptoException e) {
                throw new IOException(e.getMessage(), e);
            }
            index++;
            filled = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                flushSegment(true);
            } finally {
                Arrays.fill(buf, (byte) 0);
                out.close();
            }
        }
    }

    /** Decrypts segment by segment, reading one byte ahead to learn which segment is the last. */
    private final class Decrypter extends InputStream {
        private final InputStream in;
        private final SecretKeySpec key;
        private final byte[] prefix;
        private final byte[] ct = new byte[segmentSize + 1];
        private final byte[] pt = new byte[segmentSize];
        private int ctFilled;
        private int ptPos;
        private int ptLen;
        private long index;
        private boolean done;

        Decrypter(InputStream in, SecretKeySpec key, CiphertextHeader h) {
            this.in = in;
            this.key = key;
            this.prefix = h.noncePrefix();
        }

        private boolean nextSegment() throws IOException {
            if (done) {
                return false;
            }
            int want = (index == 0 ? segmentSize - HEADER_LENGTH : segmentSize) + 1;
            while (ctFilled < want) {
                int r = in.read(ct, ctFilled, want - ctFilled);
                if (r < 0) {
                    break;
                }
                ctFilled += r;
            }
            boolean last = ctFilled < want;
            int len = last ? ctFilled : want - 1;
            if (len < TAG_SIZE) {
                throw new IOException("ciphertext: truncated",
                        new CryptoException("ciphertext: segment " + index + " truncated"));
            }
            try {
                ptLen = decryptChunk(key, prefix, index, last, ct, 0, len, pt, 0);
            } catch (CryptoException e) {
                throw new IOException(e.getMessage(), e);
            }
            ptPos = 0;
            if (last) {
                done = true;
            } else {
                ct[0] = ct[want - 1];
                ctFilled = 1;
            }
            index++;
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (ptPos == ptLen) {
                if (!nextSegment()) {
                    return -1;
                }
            }
            int n = Math.min(len, ptLen - ptPos);
            System.arraycopy(pt, ptPos, b, off, n);
            ptPos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            Arrays.fill(pt, (byte) 0);
            in.close();
        }
    }
}
