package jp.mimamori.recorder.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.recorder.internal.LoggedSegments;

/**
 * The recorder {@link SegmentLogKillTest} kills inside the window between a segment's durable files and its
 * {@code segment.sealed} record: it seals segment 0 normally, then seals segment 1 and, once that segment's files
 * are durable, prints {@code durable 1} — before appending its record (mode {@code before-append}) or after
 * (mode {@code after-append}) — and waits to be killed. Arguments: STORE LOGDIR MODE.
 */
public final class SegmentLogKillChild {
    private SegmentLogKillChild() {}

    /** Runs until killed. */
    public static void main(String[] a) throws Exception {
        boolean after = a[2].equals("after-append");
        AtomicInteger calls = new AtomicInteger();
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(Path.of(a[1]))) {
            SegmentLog real = new LoggedSegments(log, Clock.systemUTC());
            SegmentLog stopping = (SignedManifest m) -> {
                if (calls.getAndIncrement() == 0) {
                    real.sealed(m);
                    return;
                }
                if (after) {
                    real.sealed(m);
                }
                System.out.println("durable " + m.manifest().sequence());
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE); // killed here
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException("interrupted");
                }
            };
            try (Recorder r = Recorder.open(Path.of(a[0]), RecorderProcessTest.options().withSegmentLog(stopping));
                 CameraRecorder cam = r.camera("cam-01")) {
                for (int k = 0; k < 2; k++) {
                    try (LiveSegment s = cam.begin(StoreV2Test.T0, UnitFormat.CHUNKS)) {
                        s.write(ByteBuffer.wrap(StoreV2Test.random(k, 10_000)));
                    }
                }
            }
        }
    }
}
