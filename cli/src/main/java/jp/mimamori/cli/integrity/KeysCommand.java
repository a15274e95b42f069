package jp.mimamori.cli.integrity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mimamori keys}: recorder signing keys. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Signing keys for sealing recordings. / 録画封印用の署名鍵",
        subcommands = {KeysCommand.Generate.class})
public final class KeysCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code mimamori keys generate --alg ed25519|p256 --out DIR}: writes DIR/private.pem and DIR/public.pem. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate a key pair: DIR/private.pem (PKCS#8) and DIR/public.pem (SPKI)."
                    + " / 鍵ペアを生成します")
    public static final class Generate implements Callable<Integer> {
        @Option(names = "--alg", description = "ed25519 or p256 (default: ${DEFAULT-VALUE})", defaultValue = "ed25519")
        String alg;

        @Option(names = "--out", required = true, description = "folder to write private.pem and public.pem to")
        Path out;

        @Override
        public Integer call() throws Exception {
            SignatureAlgorithm a = switch (alg) {
                case "ed25519" -> SignatureAlgorithm.ED25519;
                case "p256", "ecdsa-p256-sha256" -> SignatureAlgorithm.ECDSA_P256;
                default -> null;
            };
            if (a == null) {
                System.err.println("mimamori: --alg: must be ed25519 or p256 / --alg は ed25519 か p256 です");
                return ExitCodes.USAGE;
            }
            Path priv = out.resolve("private.pem");
            Path pub = out.resolve("public.pem");
            // Never through a link (K3-2-3): a planted link as the folder or as either file would put the new
            // private key, or overwrite a file, where the link points.
            if (Files.isSymbolicLink(out)) {
                System.err.println("mimamori: --out: " + out + " is a link; keys are written only into a real folder"
                        + " / リンクには鍵を書き込みません");
                return ExitCodes.USAGE;
            }
            for (Path f : List.of(priv, pub)) {
                if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                    System.err.println("mimamori: " + f + (Files.isSymbolicLink(f) ? " is a link" : " exists")
                            + "; not overwriting a key / 既存の鍵は上書きしません");
                    return ExitCodes.USAGE;
                }
            }
            Files.createDirectories(out);
            SigningKey k = SigningKey.generate(a, new SecureRandom());
            // Owner-only from creation: never a moment at which others could read it (K3-2-3).
            k.writePemFile(priv);
            DurableFiles.replace(pub, k.verifyingKey().toPem().getBytes(StandardCharsets.US_ASCII));
            System.out.println("key id " + k.verifyingKey().keyId() + " (" + a.wireName() + ")");
            System.out.println("wrote " + priv + " and " + pub);
            return ExitCodes.OK;
        }
    }
}
