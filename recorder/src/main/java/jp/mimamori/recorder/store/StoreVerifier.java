package jp.mimamori.recorder.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.PathVerifier;
import jp.mimamori.integrity.verify.RecordingSource;
import jp.mimamori.integrity.verify.RecordingVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.recorder.store.internal.StoreV2Source;
import jp.mimamori.retention.crypto.KeyEncryptionKey;

/**
 * Verifies a store v2 folder (plain or encrypted at rest), or one camera or one segment folder in it, with integrity's {@link RecordingVerifier}: every
 * camera's chain, every segment's manifest, signature, unit index and recorded bytes. A segment verifies the same
 * encrypted or plain, since manifests name the recorded plaintext; reading an encrypted segment needs the KEK,
 * and without it (or with a damaged key vault entry) its units are reported unreadable. Hostile stores
 * (truncated media files, an index pointing past the end, links out of the store, FIFOs) are reported, never
 * thrown and never followed. Only reads: it never takes the writer's lock, so it runs beside a recording
 * {@link Recorder}. Stateless and thread-safe.
 *
 * <pre>{@code
 * VerificationReport r = new StoreVerifier(Optional.of(kek)).verify(Path.of("store"), VerifyContext.of(trust));
 * }</pre>
 */
public final class StoreVerifier implements PathVerifier {
    private final Optional<KeyEncryptionKey> kek;

    /** A verifier that opens encrypted segments with {@code kek} (empty: plain stores only). */
    public StoreVerifier(Optional<KeyEncryptionKey> kek) {
        this.kek = Objects.requireNonNull(kek, "kek");
    }

    @Override
    public String kind() {
        return "store";
    }

    /** A store v2 folder, one of its camera folders, or one of their segment folders. */
    @Override
    public boolean accepts(Path path) {
        return target(path).isPresent();
    }

    /** What a path names inside a store: the store root, and the camera and segment folder names if any. */
    private record Target(Path root, Optional<String> camera, Optional<String> segment) { }

    private static Optional<Target> target(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (StoreV2.isStore(p)) {
            return Optional.of(new Target(p, Optional.empty(), Optional.empty()));
        }
        Path parent = p.getParent();
        if (parent == null || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String name = p.getFileName().toString();
        if (IdSyntax.isId(name) && StoreV2.isStore(parent)) {
            return Optional.of(new Target(parent, Optional.of(name), Optional.empty()));
        }
        Path grand = parent.getParent();
        if (grand != null && StoreV2.SEGMENT_DIR.matcher(name).matches()
                && IdSyntax.isId(parent.getFileName().toString()) && StoreV2.isStore(grand)) {
            return Optional.of(new Target(grand, Optional.of(parent.getFileName().toString()), Optional.of(name)));
        }
        return Optional.empty();
    }

    /**
     * Verifies the store at {@code path}; given a camera folder of a store, that camera's chain; given a segment
     * folder, that segment alone (everything but the chain).
     */
    @Override
    public VerificationReport verify(Path path, VerifyContext context) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        Optional<Target> t = target(path);
        if (t.isEmpty()) {
            return unreadable(name, "not a store v2, nor a camera or segment folder in one",
                    "ストア v2 でも、その中のカメラやセグメントのフォルダでもありません");
        }
        Path root = t.get().root();
        StoreV2 marker;
        try {
            marker = StoreV2.read(root);
        } catch (IOException | InvalidDocumentException e) {
            return unreadable(name, "the store marker store.json cannot be read: " + e.getMessage(),
                    "ストアの目印 store.json を読めません: " + e.getMessage());
        }
        StoreV2Source source = new StoreV2Source(root, marker, kek);
        RecordingVerifier v = new RecordingVerifier();
        if (t.get().camera().isEmpty()) {
            return v.verify(source, context);
        }
        String camera = t.get().camera().get();
        try {
            for (RecordingSource.Camera c : source.cameras()) {
                if (!c.camera().equals(camera)) {
                    continue;
                }
                if (t.get().segment().isEmpty()) {
                    return v.verify(c, context);
                }
                String entry = camera + "/" + t.get().segment().get();
                for (RecordingSource.Segment s : c.segments()) {
                    if (s.entry().equals(entry)) {
                        return v.verify(s, context);
                    }
                }
            }
        } catch (IOException e) {
            return unreadable(name, "the recording cannot be read: " + e.getMessage(),
                    "記録を読み取れません: " + e.getMessage());
        }
        return unreadable(name, "a symbolic link or not a folder of the store; not followed",
                "ストアのフォルダではありません(シンボリックリンクは辿りません)");
    }

    private static VerificationReport unreadable(String name, String en, String ja) {
        return new VerificationReport(List.of(Finding.of(VerificationCode.SEGMENT_MISSING, Location.entry(name),
                LocalizedText.of(ja, en))));
    }
}
