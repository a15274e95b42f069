package jp.mimamori.cli.integrity;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.AnchorOption;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.KekOption;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.integrity.keys.Certificates;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.manifest.ChainEvent;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.recorder.live.LiveStreamRecording;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mimamori record --camera ID --key PEM [--cert-chain PEM] --out STORE --log LOGDIR [--segment-seconds N]
 * [--log-key PEM --log-origin ORIGIN [--checkpoint-seconds N]]}: records a live
 * MPEG-TS stream from standard input ({@code ffmpeg … -f mpegts - | mimamori record …}), cutting segments at
 * keyframes about every N seconds and sealing each as it closes; each sealed segment is recorded in the evidence log
 * ({@code segment.sealed}) before the chain moves on, exactly once even across a crash. At the end of the input, or on SIGTERM or SIGINT,
 * it seals the open segment and exits 0. After a SIGKILL (or power loss), the next run continues the chain and
 * reports the crash, which the next sealed manifest records.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a live MPEG-TS stream from standard input, sealing a segment at a keyframe every N"
                + " seconds (K3-2-4). / 標準入力のライブ映像を録画し、セグメントごとに封印します")
public final class RecordCommand implements Callable<Integer> {

    @Option(names = "--camera", required = true, description = "camera id")
    String camera;

    @Option(names = "--key", required = true, description = "recorder signing key (PKCS#8 PEM)")
    Path key;

    @Option(names = "--cert-chain", paramLabel = "PEM",
            description = "the signing key's certificate chain (PEM, leaf first, then intermediates; at most 4),"
                    + " carried in every signature file so a verifier trusting only the city's CA trusts the key (G13)")
    Path certChain;

    @Option(names = "--out", required = true, description = "store folder")
    Path out;

    @Option(names = "--log", required = true, paramLabel = "LOGDIR",
            description = "evidence log folder: each sealed segment is recorded in it")
    Path log;

    @Option(names = "--plain", description = "keep the segments unencrypted (default: encrypted at rest)")
    boolean plain;

    @Mixin
    KekOption kek = new KekOption();

    @Mixin
    AnchorOption anchor = new AnchorOption();

    @Option(names = "--segment-seconds", paramLabel = "N", defaultValue = "60",
            description = "cut a segment at the first keyframe N seconds or more after the segment's start"
                    + " (default: ${DEFAULT-VALUE})")
    int segmentSeconds;

    @Override
    public Integer call() throws Exception {
        if (!IdSyntax.isId(camera)) {
            System.err.println("mimamori: --camera: must match " + IdSyntax.PATTERN.pattern() + " / カメラ ID の形式が不正です");
            return ExitCodes.USAGE;
        }
        if (segmentSeconds < 1 || segmentSeconds > 86_400) {
            System.err.println("mimamori: --segment-seconds: must be 1 to 86400 / 1〜86400 秒で指定してください");
            return ExitCodes.USAGE;
        }
        // Owner-only, never through a link, as every private key the CLI is given (K3-2-3).
        SigningKey k = InputFiles.privateKey(key, SigningKey::fromPem);
        RecorderOptions options;
        try {
            options = (plain ? RecorderOptions.plain(k) : RecorderOptions.encrypted(k, kek.readOrCreate(out)))
                    .withCertChain(SealCommand.chain(certChain));
        } catch (IllegalArgumentException e) {
            System.err.println("mimamori: --cert-chain: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (TransparentEvidenceLog evidence = TransparentEvidenceLog.open(log);
             Recorder recorder = Recorder.open(out, anchor.apply(options, evidence, Clock.systemUTC()));
             CameraRecorder cam = recorder.camera(camera)) {
            LiveStreamRecording rec = new LiveStreamRecording(cam, Duration.ofSeconds(segmentSeconds),
                    Clock.systemUTC(), this::sealed);
            Thread hook = new Thread(() -> stopOnSignal(rec), "mimamori-record-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                rec.record(System.in);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // SIGTERM arrived: the hook seals and exits 0; wait for it
                    hook.join();
                }
            }
            if (rec.droppedBytes() > 0) {
                System.err.println("mimamori: the input ended inside a TS packet: its " + rec.droppedBytes()
                        + " bytes were dropped / 末尾の不完全なパケットを破棄しました");
            }
        }
        return ExitCodes.OK;
    }

    private static void stopOnSignal(LiveStreamRecording rec) {
        try {
            rec.stop();
            System.out.flush();
            Runtime.getRuntime().halt(ExitCodes.OK);
        } catch (IOException | RuntimeException e) {
            System.err.println("mimamori: sealing the open segment on shutdown failed: " + e.getMessage());
            Runtime.getRuntime().halt(ExitCodes.INTERNAL);
        }
    }

    private void sealed(SignedManifest m) {
        // A crash the recorder found when the camera opened is recorded in the first manifest sealed after it
        // (when the crashed segment's bytes were discarded; a recovered segment is reported by the recorder).
        for (ChainEvent e : m.manifest().events()) {
            if (e instanceof ChainEvent.Restart r && r.reason() == ChainEvent.RestartReason.CRASH
                    && r.unsealedSequence() != m.manifest().sequence()) {
                System.err.println("mimamori: camera " + camera + ": segment " + r.unsealedSequence()
                        + " was open when the recorder stopped (a crash); recorded in segment "
                        + m.manifest().sequence() + " / 前回の録画は異常終了しました");
            }
        }
        System.out.println("sealed " + camera + " segment " + m.manifest().sequence() + ": "
                + m.manifest().unitCount() + " " + m.manifest().unitKind() + " units, manifest " + m.hashHex());
        System.out.flush();
    }
}
