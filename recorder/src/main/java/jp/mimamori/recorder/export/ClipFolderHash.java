package jp.mimamori.recorder.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import jp.mimamori.core.internal.io.ConfinedFiles;

/**
 * The {@code bundle_hash} of an {@code export} evidence record for a clip folder (docs/FORMATS.md, "Erasing
 * sealed segments and disclosing clips"): the lowercase hex SHA-256 of the concatenation, over the folder's
 * files in path order, of {@code relative/path NUL sha256-hex LF}. Each file is streamed through the digest (the
 * heap does not grow with a clip's size), and the folder is read without following links: a link, FIFO or device
 * in it is refused, naming it, never read. Stateless and thread-safe.
 *
 * <pre>{@code
 * String bundleHash = ClipFolderHash.of(Path.of("exports/demo-s8-1"));
 * }</pre>
 */
public final class ClipFolderHash {
    private static final int BUFFER = 64 * 1024;

    private ClipFolderHash() {}

    /**
     * The hash of the clip folder {@code dir}.
     *
     * @throws IOException if a file cannot be read, or the folder holds a link, FIFO or device (named)
     */
    public static String of(Path dir) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.walk(dir)) { // never follows a link
            entries = s.filter(p -> !p.equals(dir)).sorted().toList();
        }
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[BUFFER];
        for (Path f : entries) {
            ConfinedFiles.Kind kind = ConfinedFiles.kind(dir, f).orElseThrow(() -> new IOException(f
                    + ": vanished while the clip folder was hashed"));
            if (kind == ConfinedFiles.Kind.FOLDER) {
                continue;
            }
            MessageDigest d = sha256();
            // Opened below dir without following a link; anything but a regular file is refused, naming it.
            try (InputStream in = ConfinedFiles.newInputStream(dir, f)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    d.update(buf, 0, n);
                }
            }
            sb.append(dir.relativize(f).toString().replace('\\', '/')).append('\0')
                    .append(HexFormat.of().formatHex(d.digest())).append('\n');
        }
        return HexFormat.of().formatHex(sha256().digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
