package jp.mimamori.cli.options;

import jp.mimamori.integrity.checkpoint.CheckpointPolicy;
import picocli.CommandLine.Option;

/**
 * {@code --witness-threshold K}: how many distinct witnesses, each a key the {@code --trust} files allow the
 * witness role (a {@code .vkey} of type 0x04, or a trust-file key with the role {@code WITNESS}), must have
 * cosigned a checkpoint for it to count (docs/SECURITY.md G26). Default 0: no cosignature required.
 */
public final class WitnessOption {
    @Option(names = "--witness-threshold", paramLabel = "K", defaultValue = "0",
            description = "a checkpoint counts only if at least K distinct witnesses trusted by --trust (*.vkey of"
                    + " type 0x04, or trust-file keys with the role WITNESS) cosigned it; otherwise it is"
                    + " CHECKPOINT_MISSING (default: ${DEFAULT-VALUE}, no cosignature required)"
                    + " / 信頼する証人 K 者以上の連署があるチェックポイントだけを数えます")
    int threshold;

    /**
     * The threshold given.
     *
     * @throws IllegalArgumentException (exit 2) naming the option when it is negative or too large
     */
    public int threshold() {
        if (threshold < 0 || threshold > CheckpointPolicy.MAX_WITNESS_THRESHOLD) {
            throw new IllegalArgumentException("--witness-threshold: must be 0 to "
                    + CheckpointPolicy.MAX_WITNESS_THRESHOLD + ", was " + threshold + " / 証人の数が範囲外です");
        }
        return threshold;
    }
}
