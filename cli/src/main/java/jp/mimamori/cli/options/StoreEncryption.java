package jp.mimamori.cli.options;

import java.io.IOException;
import java.nio.file.Path;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import picocli.CommandLine.Option;

/**
 * How a command that writes a store v2 encrypts it: {@code --kek FILE} (the 32-byte key-encryption key that wraps
 * each segment's data key; keep it outside the store) or an explicit {@code --plain}.
 */
public final class StoreEncryption {
    private static final int KEK_BYTES = 32;

    @Option(names = "--kek", paramLabel = "FILE",
            description = "key-encryption key file (32 bytes, owner-readable only) of an encrypted store")
    Path kek;

    @Option(names = "--plain", description = "keep the footage unencrypted (an explicit choice)")
    boolean plain;

    /**
     * The recorder options for {@code signingKey}.
     *
     * @throws IllegalArgumentException (exit 2) if neither or both of {@code --kek} and {@code --plain} are given,
     *                                  or the KEK file is not 32 bytes
     */
    public RecorderOptions options(SigningKey signingKey) throws IOException {
        if (plain == (kek != null)) {
            throw new IllegalArgumentException("--kek FILE or --plain: an encrypted store needs its key-encryption"
                    + " key; give exactly one (K3-2-3) / --kek か --plain のどちらか一方を指定してください");
        }
        if (plain) {
            return RecorderOptions.plain(signingKey);
        }
        byte[] k = BoundedFiles.read(kek, KEK_BYTES);
        if (k.length != KEK_BYTES) {
            throw new IllegalArgumentException("--kek: " + kek + " must hold exactly " + KEK_BYTES
                    + " bytes / 鍵暗号化鍵は 32 バイトです");
        }
        SecretBytes s = SecretBytes.copyOf(k); // the KEK keeps it for the recorder's lifetime
        java.util.Arrays.fill(k, (byte) 0);
        return RecorderOptions.encrypted(signingKey, KeyEncryptionKey.create(s));
    }
}
