package jp.mimamori.recorder.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jp.mimamori.recorder.internal.Sha256;

/**
 * The {@code bundle_hash} of an {@code export} evidence record for a clip folder (docs/FORMATS.md, "Erasing
 * sealed segments and disclosing clips"): the lowercase hex SHA-256 of the concatenation, over the folder's
 * files in path order, of {@code relative/path NUL sha256-hex LF}. Stateless and thread-safe.
 *
 * <pre>{@code
 * String bundleHash = ClipFolderHash.of(Path.of("exports/demo-s8-1"));
 * }</pre>
 */
public final class ClipFolderHash {
    private ClipFolderHash() {}

    /** The hash of the clip folder {@code dir}. */
    public static String of(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            sb.append(dir.relativize(f).toString().replace('\\', '/')).append('\0')
                    .append(Sha256.hex(Files.readAllBytes(f))).append('\n');
        }
        return Sha256.hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
