package jp.mimamori.cli.integrity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.AnchorOption;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.InstantConverter;
import jp.mimamori.cli.options.KekOption;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.integrity.keys.Certificates;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mimamori seal --camera ID --key PEM [--cert-chain PEM] --out STORE [--log LOGDIR [--log-key PEM
 * --log-origin ORIGIN]] [--plain] [--kek FILE] FILE…}: seals
 * recorded segment files (one file, one segment, in the order given) into store v2, continuing that camera's
 * chain, encrypted at rest unless {@code --plain}. Files are streamed, never read whole. With {@code --log}, each
 * sealed segment is recorded in that evidence log ({@code segment.sealed}) before the chain moves on, so a
 * verifier given the log finds any of them deleted later (DESIGN.md invariant 4).
 */
@Command(name = "seal", mixinStandardHelpOptions = true,
        description = "Seal recorded segment files into a store, continuing the camera's chain (K3-2-4)."
                + " / 録画セグメントを封印します")
public final class SealCommand implements Callable<Integer> {

    @Option(names = "--camera", required = true, description = "camera id")
    String camera;

    @Option(names = "--key", required = true, description = "recorder signing key (PKCS#8 PEM)")
    Path key;

    @Option(names = "--cert-chain", paramLabel = "PEM",
            description = "the signing key's certificate chain (PEM, leaf first, then intermediates; at most 4),"
                    + " carried in every signature file so a verifier trusting only the city's CA trusts the key (G13)")
    Path certChain;

    @Option(names = "--out", required = true, description = "store folder (store v2)")
    Path out;

    @Option(names = "--log", paramLabel = "LOGDIR",
            description = "evidence log folder: each sealed segment is recorded in it (segment.sealed)")
    Path log;

    @Option(names = "--plain", description = "keep the segments unencrypted (default: encrypted at rest)")
    boolean plain;

    @Mixin
    KekOption kek;

    @Mixin
    AnchorOption anchor = new AnchorOption();

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
        if (!IdSyntax.isId(camera)) {
            System.err.println("mimamori: --camera: must match " + IdSyntax.PATTERN.pattern() + " / カメラ ID の形式が不正です");
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
        SigningKey k = InputFiles.privateKey(key, SigningKey::fromPem);
        RecorderOptions o = (plain ? RecorderOptions.plain(k) : RecorderOptions.encrypted(k, kek.readOrCreate(out)))
                .withChunkSize(chunkSize);
        try {
            o = o.withCertChain(chain(certChain));
        } catch (IllegalArgumentException e) {
            System.err.println("mimamori: --cert-chain: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (log == null && anchor.given()) {
            System.err.println("mimamori: --log-key: needs --log, the log to checkpoint / --log を指定してください");
            return ExitCodes.USAGE;
        }
        try (TransparentEvidenceLog l = log == null ? null : TransparentEvidenceLog.open(log);
             Recorder recorder = Recorder.open(out, l == null ? o : anchor.apply(o, l, Clock.systemUTC()));
             CameraRecorder cam = recorder.camera(camera)) {
            Instant t = start;
            for (Path f : files) {
                Instant at = t != null ? t : Files.getLastModifiedTime(f).toInstant();
                SignedManifest m = cam.sealFile(f, at);
                System.out.println("sealed " + f.getFileName() + " as " + camera + " segment " + m.manifest().sequence()
                        + ": " + m.manifest().unitCount() + " " + m.manifest().unitKind() + " units, manifest "
                        + m.hashHex());
                if (t != null) {
                    t = m.manifest().end().plusMillis(1);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("mimamori: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        return ExitCodes.OK;
    }

    /**
     * The certificates of a {@code --cert-chain} file (leaf first), or none without one; read as a key file (at
     * most 1 MiB, not through a link).
     */
    static List<byte[]> chain(Path file) throws java.io.IOException {
        return file == null ? List.of() : InputFiles.key(file, t -> Certificates.fromPem(t, "--cert-chain"));
    }
}
