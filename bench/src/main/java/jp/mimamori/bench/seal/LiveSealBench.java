package jp.mimamori.bench.seal;

import java.util.concurrent.TimeUnit;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Live sealing on one thread (issue 11): a 25 Mbit/s H.264 MPEG-TS stream handed to a camera's live segment in
 * 64 KiB writes — incremental demux into access units, SHA-256 of every unit, the RFC 9162 tree, AES-256-GCM
 * (streaming, HKDF) of every byte, the write of the ciphertext, and at the end the unit index, the signed manifest
 * and their fsyncs (on tmpfs where available). One operation = the whole 20 s stream (about 62 MB) as one segment;
 * bytes/s = stream length / score. {@link LiveSealRun} sets the result beside {@code openssl speed} in the same
 * sitting.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LiveSealBench {
    private byte[] stream;
    private Recorder recorder;
    private CameraRecorder camera;

    /** The stream (made once by ffmpeg) and an encrypted store. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        stream = LiveStream.bytes();
        recorder = LiveStream.store("live-seal-bench");
        camera = recorder.camera("bench");
    }

    /** Closes the store. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        camera.close();
        recorder.close();
    }

    /** Seals the stream as one live segment. */
    @Benchmark
    public long sealLiveSegment() throws Exception {
        return LiveStream.sealOne(camera, stream);
    }
}
