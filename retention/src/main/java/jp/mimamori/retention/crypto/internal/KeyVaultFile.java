package jp.mimamori.retention.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.VaultFormatException;

/**
 * The key vault file format v1 (docs/FORMATS.md, "Key vault"): a reader that never throws anything but
 * {@link VaultFormatException} on hostile bytes, and the encoder.
 *
 * <pre>
 * file   = "MMKV" || 0x01 (version) || kek_check (16) || record*
 * record = type (1) || id_len (1) || id (ASCII) || wrapped (60) || check (8)
 *   type 0x01 = live data key; check = SHA-256(type .. wrapped)[0..8]
 *   type 0x00 = overwritten slot (id, wrapped and check all zero); skipped
 * </pre>
 *
 * A last record that is incomplete or fails its check is a torn append (crash while adding a key) and is
 * reported as {@code tornTail}, for the vault to cut; a bad record anywhere else is a format error.
 */
public final class KeyVaultFile {
    public static final byte[] MAGIC = {'M', 'M', 'K', 'V'};
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 4 + 1 + 16;
    public static final int CHECK_LENGTH = 8;
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");

    /** Same as {@link #ID} without the regex engine (the vault parses tens of thousands of ids). */
    public static boolean validId(String id) {
        int n = id.length();
        if (n == 0 || n > 128) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '/' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    private KeyVaultFile() {}

    /**
     * One record as read.
     *
     * @param id      the data key's id (a segment key: {@code camera/sequence})
     * @param wrapped the wrapped data key (60 bytes)
     * @param offset  where the record starts in the file
     * @param length  the record's length in bytes
     */
    public record Entry(String id, byte[] wrapped, long offset, int length) {
        /** Validates the id form and copies the bytes. */
        public Entry {
            if (id == null || !validId(id)) {
                throw new IllegalArgumentException("id: must match " + ID.pattern());
            }
            if (wrapped == null || wrapped.length != KeyEncryptionKey.WRAPPED_LENGTH) {
                throw new IllegalArgumentException("wrapped: must be " + KeyEncryptionKey.WRAPPED_LENGTH + " bytes");
            }
            wrapped = wrapped.clone();
        }

        /** The {@code wrapped} component, as a copy: the record keeps its own. */
        @Override
        public byte[] wrapped() {
            return wrapped.clone();
        }

        /** The same record at another offset (after a rewrite). */
        public Entry movedTo(long newOffset) {
            return new Entry(id, wrapped, newOffset, length);
        }
    }

    /**
     * A parsed vault.
     *
     * @param kekCheck    the check value of the KEK the vault was written under
     * @param entries     live records in file order
     * @param validLength bytes up to the end of the last good record
     * @param tornTail    whether bytes after {@code validLength} were a torn append
     */
    public record Parsed(byte[] kekCheck, List<Entry> entries, long validLength, boolean tornTail) {
        /** Copies. */
        public Parsed {
            kekCheck = kekCheck.clone();
            entries = List.copyOf(entries);
        }
    }

    /** Parses vault bytes. */
    public static Parsed parse(byte[] data) throws VaultFormatException {
        if (data == null || data.length < HEADER_LENGTH) {
            throw new VaultFormatException("key vault: shorter than its 21-byte header");
        }
        if (!Arrays.equals(Arrays.copyOf(data, 4), MAGIC)) {
            throw new VaultFormatException("key vault: bad magic (expected \"MMKV\")");
        }
        if (data[4] != VERSION) {
            throw new VaultFormatException("key vault: unsupported version " + (data[4] & 0xff) + " (expected 1)");
        }
        byte[] kekCheck = Arrays.copyOfRange(data, 5, HEADER_LENGTH);
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        MessageDigest md = sha256();
        int pos = HEADER_LENGTH;
        while (pos < data.length) {
            int start = pos;
            if (data.length - pos < 2) {
                return new Parsed(kekCheck, entries, start, true);
            }
            int type = data[pos] & 0xff;
            int idLen = data[pos + 1] & 0xff;
            int len = 2 + idLen + KeyEncryptionKey.WRAPPED_LENGTH + CHECK_LENGTH;
            if (type != 0 && type != 1) {
                if (isTail(data, start, len)) {
                    return new Parsed(kekCheck, entries, start, true);
                }
                throw new VaultFormatException("key vault: record at byte " + start + " has unknown type " + type);
            }
            if (data.length - pos < len) {
                return new Parsed(kekCheck, entries, start, true);
            }
            if (type == 0) {
                pos += len; // an overwritten slot
                continue;
            }
            md.update(data, start, len - CHECK_LENGTH);
            byte[] check = Arrays.copyOf(md.digest(), CHECK_LENGTH);
            if (!MessageDigest.isEqual(check, Arrays.copyOfRange(data, start + len - CHECK_LENGTH, start + len))) {
                if (start + len == data.length) {
                    return new Parsed(kekCheck, entries, start, true);
                }
                throw new VaultFormatException("key vault: record at byte " + start + " fails its check");
            }
            String id = new String(data, start + 2, idLen, StandardCharsets.US_ASCII);
            if (idLen == 0 || !validId(id)) {
                throw new VaultFormatException("key vault: record at byte " + start + " has a malformed id");
            }
            if (!seen.add(id)) {
                throw new VaultFormatException("key vault: duplicate key id " + id + " at byte " + start);
            }
            byte[] wrapped = Arrays.copyOfRange(data, start + 2 + idLen, start + 2 + idLen
                    + KeyEncryptionKey.WRAPPED_LENGTH);
            entries.add(new Entry(id, wrapped, start, len));
            pos += len;
        }
        return new Parsed(kekCheck, entries, pos, false);
    }

    /** The {@code id_len} byte of a record {@code recordLength} bytes long. */
    public static int idLength(int recordLength) {
        return recordLength - 2 - KeyEncryptionKey.WRAPPED_LENGTH - CHECK_LENGTH;
    }

    private static boolean isTail(byte[] data, int start, int len) {
        return data.length - start <= len;
    }

    /** The header bytes for a KEK check value. */
    public static byte[] header(byte[] kekCheck) {
        byte[] h = new byte[HEADER_LENGTH];
        System.arraycopy(MAGIC, 0, h, 0, 4);
        h[4] = VERSION;
        System.arraycopy(kekCheck, 0, h, 5, 16);
        return h;
    }

    /** One encoded live record. */
    public static byte[] record(String id, byte[] wrapped) {
        if (!validId(id)) {
            throw new IllegalArgumentException("keyId: must match " + ID.pattern() + ", was " + id);
        }
        byte[] idb = id.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + idb.length + 68);
        out.write(1);
        out.write(idb.length);
        out.writeBytes(idb);
        out.writeBytes(wrapped);
        byte[] body = out.toByteArray();
        out.writeBytes(Arrays.copyOf(sha256(body, 0, body.length), CHECK_LENGTH));
        return out.toByteArray();
    }

    public static byte[] sha256(byte[] b, int off, int len) {
        MessageDigest md = sha256();
        md.update(b, off, len);
        return md.digest();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
