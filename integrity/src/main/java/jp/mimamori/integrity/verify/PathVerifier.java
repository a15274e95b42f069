package jp.mimamori.integrity.verify;

import java.nio.file.Path;
import jp.mimamori.integrity.report.VerificationReport;

/**
 * A verifier for one kind of path: the extension point of {@code mimamori verify PATH}. Segment folders, clips,
 * camera folders and stores are {@link RecordingVerifier}; evidence-log folders and export bundles add their
 * own. The command asks each registered verifier in turn and uses the first that {@link #accepts} the path.
 *
 * <p>Implementations must be safe for use from many threads and only read what they verify; {@link RecordingVerifier} is
 * stateless.
 */
public interface PathVerifier {
    /** A short name for messages ({@code "store"}, {@code "log"}, {@code "bundle"}). */
    String kind();

    /** Whether this verifier recognises the path (cheap: looks at names, not content). */
    boolean accepts(Path path);

    /** Verifies; never throws on hostile content (I/O failures of the path itself become findings too). */
    VerificationReport verify(Path path, VerifyContext context);
}
