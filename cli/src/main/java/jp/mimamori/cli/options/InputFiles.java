package jp.mimamori.cli.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.SecretFiles;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;

/**
 * The files a command is given, read through core's bounded reader: regular files only (a device or FIFO is
 * refused before it is opened), the size checked before reading. Keys are read never through a link: a key file
 * that is a link is refused, so a planted link cannot swap the key a command signs or trusts with. The library's
 * own readers (rules, suites, profiles, trust stores, retention policies) use the same reader. Errors name the
 * file and the reason in one line.
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
     * A private key file as text: refused, in one line naming the file, when group or others can read it (K3-2-3),
     * and, as every key file, when it is a link, a FIFO or a device.
     */
    public static String privateKey(Path file) throws IOException {
        Path f = file.toAbsolutePath();
        if (!Files.isSymbolicLink(f)) {
            SecretFiles.requireOwnerOnly(f, "1".equals(System.getenv(ALLOW_WITHOUT_POSIX_ENV)));
        }
        // Read as every key file is (never through a link, never a FIFO or device), once its mode is known safe.
        byte[] b = BoundedFiles.read(f.getParent(), f, SigningKey.MAX_FILE_BYTES);
        try {
            return new String(b, StandardCharsets.US_ASCII);
        } finally {
            java.util.Arrays.fill(b, (byte) 0);
        }
    }

    /**
     * The private key in {@code file} (read as {@link #privateKey(Path)}), parsed by {@code parser}; a parse
     * error names the file in one line.
     */
    public static <T> T privateKey(Path file, KeyParser<T> parser) throws IOException {
        String text = privateKey(file);
        try {
            return parser.parse(text);
        } catch (Exception e) {
            throw new IOException(file + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * A signed-note signer from the Ed25519 private key in {@code file} (read as {@link #privateKey(Path)}), under
     * {@code name} (a log's origin, or a witness's name) with the note key type {@code type}
     * ({@code NoteVerifier.ED25519} for a log, {@code NoteVerifier.COSIGNATURE_V1} for a witness).
     */
    public static NoteSigner noteSigner(Path file, String name, int type) throws IOException {
        return privateKey(file, t -> NoteSigner.fromPkcs8Pem(name, t, type));
    }

    /**
     * A key or trust file as text (PEM, signed-note {@code .vkey}): at most a trust file's limit, UTF-8, and not a
     * link.
     */
    public static String key(Path file) throws IOException {
        Path f = file.toAbsolutePath();
        try {
            return BoundedFiles.readUtf8(f.getParent(), f, TrustStore.MAX_FILE_BYTES);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        } catch (IOException e) {
            throw new IOException(e.getMessage().replace(f.toString(), file.toString()), e);
        }
    }

    /** Parses the text of a key file. */
    @FunctionalInterface
    public interface KeyParser<T> {
        /** The key in {@code text}. */
        T parse(String text) throws Exception;
    }

    /**
     * The key in {@code file} (read as {@link #key(Path)}), parsed by {@code parser}; a parse error names the
     * file in one line.
     */
    public static <T> T key(Path file, KeyParser<T> parser) throws IOException {
        String text = key(file);
        try {
            return parser.parse(text);
        } catch (Exception e) {
            throw new IOException(file + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * An invalid document's problems in one line: {@code FILE: N problems: PATH: WHY (REQ); …}, in the language of
     * {@code locale}.
     */
    public static String problems(String file, InvalidDocumentException e, Locale locale) {
        boolean ja = "ja".equals(locale.getLanguage());
        int n = e.problems().size();
        return file + ": " + n + (ja ? " 件の問題: " : n == 1 ? " problem: " : " problems: ")
                + e.problems().stream().map(p -> firstLine(p.render(locale))).collect(Collectors.joining("; "));
    }

    private static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "unreadable";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip() + " …";
    }
}
