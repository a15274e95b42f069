package jp.mimamori.cli.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.SecretFiles;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;

/**
 * The files a command is given, read through core's bounded reader: regular files only (a device or FIFO is
 * refused before it is opened), the size checked before reading. The library's own readers (rules, suites,
 * profiles, trust stores, retention policies) use the same reader.
 */
public final class InputFiles {
    private InputFiles() {}

    /** A JSON document (requests, receipts): at most the JSON reader's limit. */
    public static byte[] json(Path file) throws IOException {
        return BoundedFiles.read(file, JsonInput.MAX_BYTES);
    }

    /** A JSON document of at most {@code maxBytes}, such as a request. */
    public static byte[] json(Path file, int maxBytes) throws IOException {
        return BoundedFiles.read(file, maxBytes);
    }

    /**
     * Set to {@code 1} to accept private key files on a file system without POSIX permissions (Windows), where
     * their protection cannot be checked. A POSIX key file readable by others is refused whatever it says.
     */
    public static final String ALLOW_WITHOUT_POSIX_ENV = "MIMAMORI_ALLOW_KEYS_WITHOUT_POSIX";

    /**
     * A private key file as text: refused, in one line naming the file, when group or others can read it (K3-2-3).
     */
    public static String privateKey(Path file) throws IOException {
        byte[] b = SecretFiles.read(file, SigningKey.MAX_FILE_BYTES, "1".equals(System.getenv(ALLOW_WITHOUT_POSIX_ENV)));
        try {
            return new String(b, StandardCharsets.US_ASCII);
        } finally {
            java.util.Arrays.fill(b, (byte) 0);
        }
    }

    /** A key or trust file as text (PEM, signed-note {@code .vkey}): at most a trust file's limit, UTF-8. */
    public static String key(Path file) throws IOException {
        return BoundedFiles.readUtf8(file, TrustStore.MAX_FILE_BYTES);
    }
}
