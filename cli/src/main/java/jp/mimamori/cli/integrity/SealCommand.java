package jp.mimamori.cli.integrity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.InstantConverter;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.store.SegmentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mimamori seal --camera ID --key PEM --out STORE FILE…}: seals recorded segment files (one file, one
 * segment, in the order given) into the store, continuing that camera's chain.
 */
@Command(name = "seal", mixinStandardHelpOptions = true,
        description = "Seal recorded segment files into a store, continuing the camera's chain (K3-2-4)."
                + " / 録画セグメントを封印します")
public final class SealCommand implements Callable<Integer> {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Option(names = "--camera", required = true, description = "camera id")
    String camera;

    @Option(names = "--key", required = true, description = "recorder signing key (PKCS#8 PEM)")
    Path key;

    @Option(names = "--out", required = true, description = "store folder")
    Path out;

    @Option(names = "--start", converter = InstantConverter.class,
            description = "capture time of the first file's first unit (ISO-8601);"
            + " default: each file's last-modified time")
    Instant start;

    @Option(names = "--chunk-size", description = "unit size for files that are not MPEG-TS (default: ${DEFAULT-VALUE})",
            defaultValue = "1048576")
    int chunkSize;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "recorded segment files (.ts as frames; others as chunks)")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        if (!ID.matcher(camera).matches()) {
            System.err.println("mimamori: --camera: must match " + ID.pattern() + " / カメラ ID の形式が不正です");
            return ExitCodes.USAGE;
        }
        if (chunkSize < 1) {
            System.err.println("mimamori: --chunk-size: must be >= 1");
            return ExitCodes.USAGE;
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f) || Files.size(f) == 0) {
                System.err.println("mimamori: " + f + ": not a non-empty file / 空でないファイルを指定してください");
                return ExitCodes.USAGE;
            }
        }
        SigningKey k = SigningKey.fromPem(InputFiles.privateKey(key));
        SegmentStore store = SegmentStore.at(out).withChunkSize(chunkSize);
        try (CameraChain chain = store.openChain(camera, k)) {
            Instant t = start;
            for (Path f : files) {
                Instant at = t != null ? t : Files.getLastModifiedTime(f).toInstant();
                SignedManifest m = store.sealFile(chain, f, at);
                System.out.println("sealed " + f.getFileName() + " as " + camera + " segment " + m.manifest().sequence()
                        + ": " + m.manifest().unitCount() + " " + m.manifest().unitKind() + " units, manifest "
                        + m.hashHex());
                if (t != null) {
                    t = m.manifest().end().plusMillis(1);
                }
            }
        }
        return ExitCodes.OK;
    }
}
