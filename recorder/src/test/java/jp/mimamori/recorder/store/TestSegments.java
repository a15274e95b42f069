package jp.mimamori.recorder.store;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import jp.mimamori.integrity.manifest.SignedManifest;

/** Sealing small segments through the embedding API, for tests. */
public final class TestSegments {
    private TestSegments() {}

    /** Seals {@code bytes} as the camera's next live segment (chunk units), captured at {@code captureUs}. */
    public static SignedManifest seal(CameraRecorder cam, byte[] bytes, long captureUs) throws Exception {
        try (LiveSegment s = cam.begin(Instant.EPOCH.plus(captureUs, ChronoUnit.MICROS), UnitFormat.CHUNKS)) {
            s.write(ByteBuffer.wrap(bytes));
            return s.seal();
        }
    }
}
