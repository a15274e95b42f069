package jp.mimamori.cli.integrity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
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
            if (Files.exists(priv)) {
                System.err.println("mimamori: " + priv + " exists; not overwriting a key / 既存の鍵は上書きしません");
                return ExitCodes.USAGE;
            }
            Files.createDirectories(out);
            SigningKey k = SigningKey.generate(a, new SecureRandom());
            // Owner-only from creation: never a moment at which others could read it (K3-2-3).
            k.writePemFile(priv);
            Files.writeString(out.resolve("public.pem"), k.verifyingKey().toPem(), StandardCharsets.US_ASCII);
            System.out.println("key id " + k.verifyingKey().keyId() + " (" + a.wireName() + ")");
            System.out.println("wrote " + priv + " and " + out.resolve("public.pem"));
            return ExitCodes.OK;
        }
    }
}
