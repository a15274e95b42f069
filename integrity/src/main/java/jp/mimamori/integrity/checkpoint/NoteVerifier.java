package jp.mimamori.integrity.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.keys.VerifyingKey;

/**
 * A signed-note verifier key: a key name, a signature type and an Ed25519 public key. Its text form (C2SP
 * signed-note "verifier keys", the {@code *.vkey} files) is
 * {@code <name>+<8 hex digits of the key id>+base64(type || public key)}.
 *
 * <p>Two types: {@link #ED25519} (0x01, the log's own checkpoint signature, which any signed-note
 * implementation such as Go's {@code golang.org/x/mod/sumdb/note} verifies) and {@link #COSIGNATURE_V1}
 * (0x04, C2SP tlog-cosignature: a timestamped Ed25519 witness cosignature).
 *
 * <p>Immutable and thread-safe: the public key is copied in and out, and equality is by content.
 */
public final class NoteVerifier {
    /** Signature type of plain Ed25519 note signatures. */
    public static final int ED25519 = 0x01;
    /** Signature type of timestamped Ed25519 cosignatures (C2SP tlog-cosignature v1). */
    public static final int COSIGNATURE_V1 = 0x04;

    private final String name;
    private final int type;
    private final byte[] publicKey;
    private final int keyId;
    /** The key as core's {@code Verifier}; empty when the 32 bytes are not a curve point (nothing verifies). */
    private final Optional<VerifyingKey> key;

    private NoteVerifier(String name, int type, byte[] publicKey) {
        this.name = name;
        this.type = type;
        this.publicKey = publicKey.clone();
        this.keyId = keyId(name, type, publicKey);
        Optional<VerifyingKey> k;
        try {
            k = Optional.of(VerifyingKey.fromRawEd25519(publicKey));
        } catch (CryptoException e) {
            k = Optional.empty();
        }
        this.key = k;
    }

    /**
     * A verifier for {@code name}, signature type {@code type} and a 32-byte Ed25519 public key.
     *
     * @throws IllegalArgumentException if the name, type or key is not valid
     */
    public static NoteVerifier create(String name, int type, byte[] ed25519PublicKey) {
        Objects.requireNonNull(name, "name");
        if (!SignedNote.validKeyName(name)) {
            throw new IllegalArgumentException("name: must be non-empty without spaces or '+'");
        }
        if (type != ED25519 && type != COSIGNATURE_V1) {
            throw new IllegalArgumentException("type: must be 0x01 (Ed25519) or 0x04 (cosignature/v1)");
        }
        if (ed25519PublicKey == null || ed25519PublicKey.length != 32) {
            throw new IllegalArgumentException("ed25519PublicKey: must be 32 bytes");
        }
        return new NoteVerifier(name, type, ed25519PublicKey);
    }

    /** The key id: the first four bytes, big-endian, of SHA-256(name || 0x0A || type || public key). */
    public static int keyId(String name, int type, byte[] publicKey) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(name.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
            md.update((byte) type);
            md.update(publicKey);
            return ByteBuffer.wrap(md.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * Parses verifier key text ({@code name+hash+base64(type||key)}).
     *
     * @throws NoteFormatException naming the defect
     */
    public static NoteVerifier parse(String vkey) throws NoteFormatException {
        String s = vkey.strip();
        if (s.length() > 1024) {
            throw new NoteFormatException("検証鍵が長すぎます", "vkey: longer than 1024 characters");
        }
        String[] parts = s.split("\\+", 3);
        if (parts.length != 3) {
            throw new NoteFormatException("検証鍵は「名前+鍵ID+base64鍵」の形ではありません",
                    "vkey: must be name+keyid+base64(type||key)");
        }
        if (!SignedNote.validKeyName(parts[0])) {
            throw new NoteFormatException("検証鍵の名前が不正です", "vkey: invalid key name");
        }
        if (!parts[1].matches("[0-9a-f]{8}")) {
            throw new NoteFormatException("検証鍵の鍵IDは 8 桁の小文字16進数でなければなりません",
                    "vkey: key id must be 8 lowercase hex digits");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new NoteFormatException("検証鍵の鍵が base64 ではありません", "vkey: key is not base64");
        }
        if (raw.length != 33 || (raw[0] != ED25519 && raw[0] != COSIGNATURE_V1)) {
            throw new NoteFormatException("検証鍵は種別 0x01 または 0x04 と 32 バイトの Ed25519 鍵でなければなりません",
                    "vkey: must be type 0x01 or 0x04 followed by a 32-byte Ed25519 key");
        }
        NoteVerifier v = new NoteVerifier(parts[0], raw[0], Arrays.copyOfRange(raw, 1, 33));
        if (!String.format("%08x", v.keyId).equals(parts[1])) {
            throw new NoteFormatException("検証鍵の鍵IDが名前と鍵から計算した値と一致しません",
                    "vkey: key id does not match SHA-256(name || 0x0A || type || key)");
        }
        return v;
    }

    /** The text form for a {@code *.vkey} file. */
    public String toVkey() {
        byte[] raw = new byte[33];
        raw[0] = (byte) type;
        System.arraycopy(publicKey, 0, raw, 1, 32);
        return name + "+" + String.format("%08x", keyId) + "+" + Base64.getEncoder().encodeToString(raw);
    }

    /** The key name. */
    public String name() {
        return name;
    }

    /** The key id. */
    public int keyId() {
        return keyId;
    }

    /** The signature type (0x01 or 0x04). */
    public int type() {
        return type;
    }

    /** The 32-byte Ed25519 public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Whether a signature line names this key (both name and id, as the spec requires). */
    public boolean matches(NoteSignature s) {
        return s.keyName().equals(name) && s.keyId() == keyId;
    }

    /**
     * Whether {@code s} is a valid signature by this key over the note {@code text}. For cosignatures the
     * signed message is {@code "cosignature/v1\ntime <t>\n" || text}; never throws.
     */
    public boolean verify(String text, NoteSignature s) {
        if (!matches(s)) {
            return false;
        }
        byte[] sig = s.signature();
        byte[] msg;
        byte[] ed;
        if (type == ED25519) {
            if (sig.length != 64) {
                return false;
            }
            ed = sig;
            msg = text.getBytes(StandardCharsets.UTF_8);
        } else {
            if (sig.length != 72) {
                return false;
            }
            long t = ByteBuffer.wrap(sig).getLong();
            if (t < 0) {
                return false;
            }
            ed = Arrays.copyOfRange(sig, 8, 72);
            msg = cosignedMessage(t, text);
        }
        return key.isPresent() && key.get().isValid(ed, msg);
    }

    /** The cosignature timestamp of a cosignature line (type 0x04), seconds since the epoch. */
    public static long cosignatureTime(NoteSignature s) {
        byte[] sig = s.signature();
        return sig.length >= 8 ? ByteBuffer.wrap(sig).getLong() : -1;
    }

    static byte[] cosignedMessage(long time, String text) {
        return ("cosignature/v1\ntime " + time + "\n" + text).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteVerifier v && v.name.equals(name) && v.type == type
                && Arrays.equals(v.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + keyId;
    }

    @Override
    public String toString() {
        return toVkey();
    }
}
