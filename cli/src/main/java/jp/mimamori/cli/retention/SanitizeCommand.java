package jp.mimamori.cli.retention;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.mimamori.cli.ExitCodes;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.cli.options.InstantConverter;
import jp.mimamori.cli.options.LangOption;
import jp.mimamori.cli.options.Output;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.recorder.retention.RetentionWorkspace;
import jp.mimamori.retention.sanitize.SanitizationCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mimamori sanitize certify}: a signed NIST SP 800-88 media sanitization certificate (K3-2-3). */
@Command(name = "sanitize", mixinStandardHelpOptions = true,
        description = "Media sanitization certificates (K3-2-3, NIST SP 800-88). / 媒体消去証明書",
        subcommands = {SanitizeCommand.Certify.class})
public final class SanitizeCommand implements Runnable {
    @Mixin
    Output output;

    @Override
    public void run() {
        output.usage();
    }

    /** {@code sanitize certify}. */
    @Command(name = "certify", mixinStandardHelpOptions = true,
            description = "Write a signed sanitization certificate and print it in ja/en. / 証明書を作成します。")
    public static final class Certify implements Callable<Integer> {
        @Option(names = "--id", required = true, description = "certificate id")
        String id;
        @Option(names = "--performed-by", required = true)
        String performer;
        @Option(names = "--title", defaultValue = "")
        String title;
        @Option(names = "--organization", required = true)
        String organization;
        @Option(names = "--media-type", required = true, description = "HDD, SSD, microSD, NVR …")
        String mediaType;
        @Option(names = "--manufacturer", required = true)
        String manufacturer;
        @Option(names = "--model", required = true)
        String model;
        @Option(names = "--serial", required = true)
        String serial;
        @Option(names = "--property-number", defaultValue = "")
        String property;
        @Option(names = "--source", required = true, description = "the recorder or camera it came from")
        String source;
        @Option(names = "--backed-up", defaultValue = "no", description = "yes, no or unknown")
        String backedUp;
        @Option(names = "--method", required = true, description = "clear, purge or destroy")
        String method;
        @Option(names = "--technique", required = true, description = "e.g. \"cryptographic erase\", \"shred\"")
        String technique;
        @Option(names = "--tool", required = true, description = "tool and version")
        String tool;
        @Option(names = "--verification", defaultValue = "full", description = "full, quick_sampling or other")
        String verification;
        @Option(names = "--verification-details", required = true)
        String verificationDetails;
        @Option(names = "--destination", required = true)
        String destination;
        @Option(names = "--validated-by", required = true)
        String validator;
        @Option(names = "--notes", defaultValue = "")
        String notes;
        @Option(names = "--at", converter = InstantConverter.class,
                description = "when it was performed (ISO-8601; default now)")
        Instant at;
        @Option(names = "--key", required = true,
                description = "the signing key of whoever certifies, PKCS#8 PEM (Ed25519 or P-256), owner-only")
        Path key;
        @Option(names = "--pub", description = "its public key, SPKI PEM (checked to match --key)")
        Path pub;
        @Option(names = "--out", required = true, description = "the signed certificate (JSON)")
        Path out;
        @Option(names = "--retention", required = true,
                description = "retention folder whose evidence log records it before the certificate is written")
        Path retention;
        @Mixin
        LangOption lang;
        @Mixin
        Output output;

        @Override
        public Integer call() throws Exception {
            SanitizationCertificate.Method m;
            SanitizationCertificate.Verification v;
            try {
                m = SanitizationCertificate.Method.valueOf(method.toUpperCase(Locale.ROOT));
                v = SanitizationCertificate.Verification.valueOf(verification.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--method must be clear, purge or destroy; --verification full, "
                        + "quick_sampling or other (NIST SP 800-88)");
            }
            SanitizationCertificate c = new SanitizationCertificate(id,
                    new SanitizationCertificate.Person(performer, title, organization, "", ""),
                    new SanitizationCertificate.Media(mediaType, manufacturer, model, serial, property, source,
                            backedUp, ""),
                    m, technique, tool, v, verificationDetails, destination, notes,
                    at == null ? Instant.now() : at,
                    new SanitizationCertificate.Person(validator, "", organization, "", ""));
            // An explicit key only: a certificate signed by a throw-away key proves nothing (issue 12).
            SigningKey signer = InputFiles.privateKey(key, SigningKey::fromPem);
            if (pub != null && !InputFiles.key(pub, VerifyingKey::fromPem).equals(signer.verifyingKey())) {
                throw new IllegalArgumentException("--pub: not the public key of --key");
            }
            Map<String, Object> doc = c.sign(signer);
            // Logged first, then written: a certificate file never exists without its record in the log.
            try (var log = RetentionWorkspace.openLog(retention)) {
                log.append(c.toRecord(signer));
            }
            DurableFiles.replace(out, Output.prettyBytes(doc));
            output.print(c.render(lang.locale()));
            output.println("sha-256: " + c.hash() + "  key_id: " + signer.keyId());
            return ExitCodes.OK;
        }
    }
}
