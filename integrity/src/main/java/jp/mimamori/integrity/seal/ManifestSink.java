package jp.mimamori.integrity.seal;

import java.io.IOException;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.manifest.UnitIndex;

/**
 * Where a chain durably writes each sealed manifest and its unit index, before it commits the chain state;
 * so after a crash the state never points past a manifest that was not written.
 */
@FunctionalInterface
public interface ManifestSink {
    /** Writes durably (fsync) or throws. */
    void write(SignedManifest manifest, UnitIndex units) throws IOException;

    /** A sink that keeps nothing, for recorders that store manifests themselves from {@code close()}. */
    static ManifestSink none() {
        return (m, u) -> { };
    }
}
