package jp.mimamori.recorder.live;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.retention.crypto.KeyEncryptionKey;

/**
 * The recorder {@link RecordKillTest} kills: what {@code mimamori record} does, reading a live MPEG-TS stream on
 * standard input into an encrypted store, cutting a segment at a keyframe every second. Prints {@code ready}
 * (started), {@code open} (store and camera opened, any earlier crash handled), {@code sealed SEQ HASH} once a
 * segment is durable, and {@code done} at the end of the stream.
 * Arguments: STORE KEY.pem KEK-hex.
 */
public final class RecordKillChild {
    private RecordKillChild() {}

    /** Runs one recording. */
    public static void main(String[] a) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        SigningKey key = SigningKey.fromPem(Files.readString(Path.of(a[1])));
        RecorderOptions options = RecorderOptions.encrypted(key,
                KeyEncryptionKey.create(SecretBytes.copyOf(HexFormat.of().parseHex(a[2]))));
        out.println("ready");
        InputStream in = new BufferedInputStream(System.in, 1 << 16);
        in.mark(1);
        if (in.read() < 0) {
            return;
        }
        in.reset();
        try (Recorder r = Recorder.open(Path.of(a[0]), options); CameraRecorder cam = r.camera("cam")) {
            out.println("open");
            LiveStreamRecording rec = new LiveStreamRecording(cam, Duration.ofSeconds(1), Clock.systemUTC(),
                    m -> out.println("sealed " + m.manifest().sequence() + " " + m.hashHex()));
            rec.record(in);
        }
        out.println("done");
    }
}
