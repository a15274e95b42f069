package jp.mimamori.retention.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.core.internal.io.SecretFiles;

/**
 * Where the key-encryption key (KEK) comes from: supplied by the caller, never kept beside the key vaults it
 * protects (docs/ERASURE.md, "Keep the KEK off that storage"). A backup or copy of the store then holds wrapped
 * data keys that open nothing. Three kinds, the last an interface for the embedder to implement:
 * <ul>
 *   <li>{@link #file(Path)}: 32 raw bytes in a file elsewhere (another medium, a path only the recorder's
 *       service account can read); refused if group or others can read it;</li>
 *   <li>{@link #environment(String)}: 32 bytes, base64, in an environment variable the service manager sets
 *       from its secret store;</li>
 *   <li>your own: a PKCS#11 token or a cloud KMS that unwraps the KEK at start-up —
 *       {@code () -> KeyEncryptionKey.create(SecretBytes.copyOf(hsm.unwrap(wrappedKek)))}.</li>
 * </ul>
 *
 * <pre>{@code
 * KeyEncryptionKeyProvider kek = KeyEncryptionKeyProvider.file(Path.of("/etc/mimamori/secrets/saku.kek"));
 * FileSegmentStore store = FileSegmentStore.cryptoErase(Path.of("retention/saku/store"), kek.get());
 * }</pre>
 *
 * <p>Implementations must be thread-safe; {@link #get()} may be called once per store opened. A provider never
 * puts the key into messages, exceptions or logs.
 */
@FunctionalInterface
public interface KeyEncryptionKeyProvider {
    /** The KEK's length in bytes (AES-256). */
    int KEY_BYTES = 32;

    /**
     * The KEK.
     *
     * @throws IOException     if it cannot be obtained (file unreadable or readable by others, token absent)
     * @throws CryptoException if what was obtained is not a KEK (wrong length, undecodable)
     */
    KeyEncryptionKey get() throws IOException, CryptoException;

    /**
     * A KEK read from {@code file}: exactly 32 bytes, readable by its owner only (a file group or others can
     * read is refused, with a one-line message naming it).
     */
    static KeyEncryptionKeyProvider file(Path file) {
        return file(file, false);
    }

    /**
     * {@link #file(Path)}, where {@code allowWithoutPosixPermissions} explicitly accepts a file on a file system
     * without POSIX permissions (Windows), whose protection cannot be checked.
     */
    static KeyEncryptionKeyProvider file(Path file, boolean allowWithoutPosixPermissions) {
        Objects.requireNonNull(file, "file");
        return () -> {
            byte[] k = SecretFiles.read(file, KEY_BYTES, allowWithoutPosixPermissions);
            try {
                if (k.length != KEY_BYTES) {
                    throw new CryptoException(file + ": a key-encryption key file holds exactly " + KEY_BYTES
                            + " bytes, not " + k.length);
                }
                return KeyEncryptionKey.create(SecretBytes.copyOf(k));
            } finally {
                Arrays.fill(k, (byte) 0);
            }
        };
    }

    /** A KEK from the environment variable {@code name}: 32 bytes, standard base64. */
    static KeyEncryptionKeyProvider environment(String name) {
        return environment(name, System.getenv());
    }

    /** {@link #environment(String)} over a given environment (for tests and embedders with their own). */
    static KeyEncryptionKeyProvider environment(String name, Map<String, String> env) {
        Objects.requireNonNull(name, "name");
        Map<String, String> e = Map.copyOf(env);
        return () -> {
            String v = e.get(name);
            if (v == null || v.isBlank()) {
                throw new IOException("environment variable " + name + ": not set; it must hold the 32-byte"
                        + " key-encryption key in base64 / 環境変数に鍵暗号化鍵がありません");
            }
            byte[] k;
            try {
                k = Base64.getDecoder().decode(v.strip().getBytes(StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException ex) {
                throw new CryptoException("environment variable " + name + ": not base64");
            }
            try {
                if (k.length != KEY_BYTES) {
                    throw new CryptoException("environment variable " + name + ": must decode to " + KEY_BYTES
                            + " bytes, not " + k.length);
                }
                return KeyEncryptionKey.create(SecretBytes.copyOf(k));
            } finally {
                Arrays.fill(k, (byte) 0);
            }
        };
    }

    /**
     * Generates a fresh KEK into {@code file} (which must not exist), owner-only from its creation, durably, and
     * returns the provider that reads it. For set-up tools and the demo; keep the file away from the vaults.
     *
     * @throws IOException if the file exists or cannot be written
     */
    static KeyEncryptionKeyProvider generateFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + ": exists; not overwriting a key-encryption key / 既存の鍵は上書きしません");
        }
        byte[] k = KeyEncryptionKey.generate().exportBytes();
        try {
            DurableFiles.replace(file, k, DurableFiles.Access.OWNER_ONLY);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
        return file(file);
    }
}
