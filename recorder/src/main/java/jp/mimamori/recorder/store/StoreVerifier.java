package jp.mimamori.recorder.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.PathVerifier;
import jp.mimamori.integrity.verify.RecordingVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.recorder.store.internal.StoreV2Source;
import jp.mimamori.retention.crypto.KeyEncryptionKey;

/**
 * Verifies a store v2 folder (plain or encrypted at rest) with integrity's {@link RecordingVerifier}: every
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

    @Override
    public boolean accepts(Path path) {
        return StoreV2.isStore(path);
    }

    @Override
    public VerificationReport verify(Path path, VerifyContext context) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        StoreV2 marker;
        try {
            marker = StoreV2.read(path);
        } catch (IOException | InvalidDocumentException e) {
            return new VerificationReport(List.of(Finding.of(VerificationCode.SEGMENT_MISSING, Location.entry(name),
                    LocalizedText.of("ストアの目印 store.json を読めません: " + e.getMessage(),
                            "the store marker store.json cannot be read: " + e.getMessage()))));
        }
        return new RecordingVerifier().verify(new StoreV2Source(path, marker, kek), context);
    }
}
