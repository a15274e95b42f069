package jp.mimamori.cli.options;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.recorder.store.RecorderOptions;
import picocli.CommandLine.Option;

/**
 * {@code --log-key PEM --log-origin ORIGIN [--checkpoint-seconds N]} of {@code seal} and {@code record}: the
 * recorder signs a checkpoint of its evidence log every N seconds while it runs and once when it stops, so what it
 * seals is anchored without a separate {@code mimamori log checkpoint} (issue 11: anchoring is the default, not an
 * extra step). Without {@code --log-key} the segments are recorded in the log and someone else checkpoints it.
 * The key is read owner-only and never through a link, as every private key the CLI is given.
 */
public final class AnchorOption {
    @Option(names = "--log-key", paramLabel = "PEM",
            description = "the evidence log's Ed25519 signing key (PKCS#8 PEM): sign a checkpoint of --log every"
                    + " --checkpoint-seconds and when recording stops / 証跡ログのチェックポイント署名鍵")
    Path key;

    @Option(names = "--log-origin", paramLabel = "ORIGIN",
            description = "the log's origin (its signed-note key name), required with --log-key")
    String origin;

    @Option(names = "--checkpoint-seconds", paramLabel = "N", defaultValue = "60",
            description = "seconds between two checkpoints while recording (default: ${DEFAULT-VALUE})")
    int seconds;

    /**
     * {@code options} recording every sealed segment in {@code log}, and with {@code --log-key} also signing its
     * checkpoints.
     *
     * @throws IllegalArgumentException (exit 2) naming the option when {@code --log-key} comes without
     *                                  {@code --log-origin}, or the interval is out of range
     */
    public RecorderOptions apply(RecorderOptions options, TransparentEvidenceLog log, Clock clock)
            throws IOException {
        if (key == null) {
            return options.withEvidenceLog(log, clock);
        }
        if (origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("--log-origin: required with --log-key (the log's signed-note name)"
                    + " / --log-key には --log-origin が必要です");
        }
        if (seconds < 1 || seconds > 86_400) {
            throw new IllegalArgumentException("--checkpoint-seconds: must be 1 to 86400 / 1〜86400 秒で指定してください");
        }
        NoteSigner signer = InputFiles.noteSigner(key, origin, NoteVerifier.ED25519);
        return options.withAnchoring(log, signer, Duration.ofSeconds(seconds), clock);
    }

    /** Whether {@code --log-key} was given. */
    public boolean given() {
        return key != null;
    }
}
