package jp.mimamori.recorder.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import jp.mimamori.integrity.manifest.SignedManifest;

/**
 * A recorder process for crash tests: opens the store given as {@code args[0]} (encrypted with the test KEK),
 * prints {@code ready}, then records segments of random sizes in random pieces for ever, printing
 * {@code sealed SEQ HASH} once each segment's {@code seal()} returned (acknowledged). Killed by its parent.
 */
public final class RecorderChild {
    private RecorderChild() {}

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        Random r = new Random(Long.parseLong(args[1]));
        try (Recorder rec = Recorder.open(Path.of(args[0]), RecorderProcessTest.options());
             CameraRecorder cam = rec.camera("cam-01")) {
            System.out.println("ready");
            System.out.flush();
            while (true) {
                try (LiveSegment s = cam.begin(Instant.parse("2026-04-01T09:00:00Z"), UnitFormat.CHUNKS)) {
                    int pieces = 1 + r.nextInt(40);
                    for (int i = 0; i < pieces; i++) {
                        byte[] b = new byte[1 + r.nextInt(20_000)];
                        r.nextBytes(b);
                        s.write(ByteBuffer.wrap(b));
                    }
                    SignedManifest m = s.seal();
                    System.out.println("sealed " + m.manifest().sequence() + " " + m.hashHex());
                    System.out.flush();
                }
            }
        }
    }
}
