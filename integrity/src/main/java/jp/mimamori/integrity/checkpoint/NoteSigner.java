package jp.mimamori.integrity.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;

/**
 * Signs notes with an Ed25519 key under a key name: type 0x01 for the log's checkpoint signature, or type
 * 0x04 for a C2SP tlog-cosignature (a second department or an outside witness). The private key never appears
 * in {@link #toString()}, messages or exceptions.
 *
 * <pre>{@code
 * NoteSigner s = NoteSigner.fromPkcs8Pem("city.example/evidence-log", Files.readString(pem), NoteVerifier.ED25519);
 * byte[] note = s.signNote(checkpoint.body(), Instant.now().getEpochSecond()).encode();   // a signed checkpoint
 * Files.writeString(dir.resolve("log.vkey"), s.verifier().toVkey() + "\n");
 * }</pre>
 *
 * <p>Immutable and thread-safe (signing uses no shared mutable state).
 */
public final class NoteSigner {
    private final String name;
    private final int type;
    /** The Ed25519 key, its seed held in core's {@code SecretBytes} like every other private key. */
    private final SigningKey key;
    private final NoteVerifier verifier;

    private NoteSigner(String name, int type, SigningKey key) {
        this.name = name;
        this.type = type;
        this.key = key;
        this.verifier = NoteVerifier.create(name, type, key.verifyingKey().rawEd25519());
    }

    /** A signer from a 32-byte Ed25519 seed (RFC 8032 private key). */
    public static NoteSigner fromSeed(String name, int type, byte[] seed) {
        Objects.requireNonNull(name, "name");
        if (seed == null || seed.length != 32) {
            throw new IllegalArgumentException("seed: must be 32 bytes");
        }
        if (!SignedNote.validKeyName(name)) {
            throw new IllegalArgumentException("name: must be non-empty without spaces or '+'");
        }
        try {
            return new NoteSigner(name, type, SigningKey.ed25519(seed));
        } catch (CryptoException e) {
            throw new IllegalArgumentException("seed: not an Ed25519 seed", e);
        }
    }

    /** A fresh random key. */
    public static NoteSigner generate(String name, int type, SecureRandom random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        try {
            return fromSeed(name, type, seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Parses a Go-style signer key {@code PRIVATE+KEY+<name>+<hash>+base64(0x01 || seed)} (type 0x01 only).
     *
     * @throws NoteFormatException naming the defect (never the key)
     */
    public static NoteSigner fromSignerKey(String skey) throws NoteFormatException {
        String[] p = skey.strip().split("\\+", 5);
        if (p.length != 5 || !p[0].equals("PRIVATE") || !p[1].equals("KEY")) {
            throw new NoteFormatException("署名鍵は PRIVATE+KEY+名前+鍵ID+鍵 の形ではありません",
                    "signer key: must be PRIVATE+KEY+name+keyid+base64(type||seed)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(p[4]);
        } catch (IllegalArgumentException e) {
            throw new NoteFormatException("署名鍵が base64 ではありません", "signer key: not base64");
        }
        if (raw.length != 33 || raw[0] != NoteVerifier.ED25519 || !SignedNote.validKeyName(p[2])) {
            throw new NoteFormatException("署名鍵は Ed25519 (0x01) の 32 バイトの鍵でなければなりません",
                    "signer key: must be type 0x01 and a 32-byte Ed25519 seed");
        }
        NoteSigner s = fromSeed(p[2], NoteVerifier.ED25519, Arrays.copyOfRange(raw, 1, 33));
        Arrays.fill(raw, (byte) 0);
        if (!String.format("%08x", s.verifier.keyId()).equals(p[3])) {
            throw new NoteFormatException("署名鍵の鍵IDが一致しません", "signer key: key id does not match the key");
        }
        return s;
    }

    /**
     * A signer from a PKCS#8 PEM Ed25519 private key (as {@code openssl genpkey -algorithm ed25519} writes).
     *
     * @throws IOException if the PEM is not an Ed25519 private key
     */
    public static NoteSigner fromPkcs8Pem(String name, String pem, int type) throws IOException {
        SigningKey k;
        try {
            k = SigningKey.fromPem(pem);
        } catch (CryptoException e) {
            throw new IOException("key: not a PKCS#8 private key PEM (" + e.getMessage() + ")");
        }
        if (k.algorithm() != SignatureAlgorithm.ED25519) {
            k.destroy();
            throw new IOException("key: checkpoints are signed with Ed25519 (signed-note type 0x01); "
                    + "this key is another algorithm");
        }
        return new NoteSigner(name, type, k);
    }

    /**
     * The private key as PKCS#8 v1 PEM ({@code PrivateKeyInfo}, RFC 8410: seed only, no embedded public key),
     * for {@code keys/*.pem}: the form {@code openssl genpkey} writes and OpenSSL 3.0 reads.
     * {@link #fromPkcs8Pem} also reads the v2 form ({@code OneAsymmetricKey}) earlier versions wrote.
     */
    public String toPkcs8Pem() throws IOException {
        return key.toPem();
    }

    /** The public key as SPKI PEM. */
    public String publicKeyPem() throws IOException {
        return key.verifyingKey().toPem();
    }

    /** The key name. */
    public String name() {
        return name;
    }

    /** The matching verifier key. */
    public NoteVerifier verifier() {
        return verifier;
    }

    /**
     * A signature line over {@code text}. For a cosigner (type 0x04) the signature is timestamped with
     * {@code epochSeconds}; for type 0x01 the time is ignored.
     */
    public NoteSignature sign(String text, long epochSeconds) {
        if (type == NoteVerifier.ED25519) {
            return new NoteSignature(name, verifier.keyId(), ed25519(text.getBytes(StandardCharsets.UTF_8)));
        }
        if (epochSeconds < 0) {
            throw new IllegalArgumentException("epochSeconds: must be >= 0");
        }
        byte[] sig = ed25519(NoteVerifier.cosignedMessage(epochSeconds, text));
        return new NoteSignature(name, verifier.keyId(), ByteBuffer.allocate(72).putLong(epochSeconds).put(sig)
                .array());
    }

    private byte[] ed25519(byte[] message) {
        try {
            return key.sign(message);
        } catch (CryptoException e) {
            throw new IllegalStateException("Ed25519 signing with a loaded key cannot fail", e);
        }
    }

    /** Signs {@code text} as a new note (type 0x01). */
    public SignedNote signNote(String text, long epochSeconds) {
        return new SignedNote(text, java.util.List.of(sign(text, epochSeconds)));
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifier.toVkey() + "]";
    }
}
