package jp.mimamori.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.DisclosureRegister;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.LogVerifier;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.timestamp.Timestamps;
import jp.mimamori.integrity.timestamp.internal.TestTsa;

/**
 * The evidence log part of the demo: every decision the other sections made is already in the file-backed
 * log in {@code log/}; this section signs a checkpoint with the log key in {@code keys/} (writing
 * {@code keys/evidence-log.vkey} for verifiers) and cosigns it as a second department ({@code keys/witness.vkey}),
 * timestamps it with the built-in test TSA (its root in
 * {@code keys/test-tsa-root.pem}), verifies the whole log and prints the K3-4 disclosure register.
 */
public final class LogDemoSection implements DemoSection {
    /** The demo log's origin and signed-note key name. */
    public static final String ORIGIN = "demo.mimamori.example/evidence-log";
    /** The demo's cosigner (a second department acting as witness). */
    public static final String WITNESS = "audit.demo.mimamori.example/witness";

    /**
     * The demo log's signing key in {@code keys/} ({@code evidence-log.pem}), made on first use, with its public
     * forms {@code evidence-log.pub.pem} and {@code evidence-log.vkey} (what verifiers trust for the log).
     */
    static NoteSigner signer(Path keys) throws IOException {
        Path pem = keys.resolve("evidence-log.pem");
        NoteSigner signer;
        if (Files.exists(pem)) {
            signer = NoteSigner.fromPkcs8Pem(ORIGIN, InputFiles.privateKey(pem), NoteVerifier.ED25519);
        } else {
            Files.createDirectories(keys);
            signer = NoteSigner.generate(ORIGIN, NoteVerifier.ED25519, new SecureRandom());
            DurableFiles.replace(pem, signer.toPkcs8Pem().getBytes(StandardCharsets.US_ASCII),
                    DurableFiles.Access.OWNER_ONLY);
        }
        Files.writeString(keys.resolve("evidence-log.pub.pem"), signer.publicKeyPem());
        Files.writeString(keys.resolve("evidence-log.vkey"), signer.verifier().toVkey() + "\n");
        return signer;
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        if (!(ctx.evidence() instanceof TransparentEvidenceLog log)) {
            ctx.print().println("(the demo's evidence log is not the file-backed log; skipped)");
            return;
        }
        Path keys = ctx.dir("keys");
        NoteSigner signer = signer(keys);
        // A second department cosigns (C2SP tlog-cosignature v1), so one insider alone cannot sign a rewrite.
        Path wpem = keys.resolve("witness.pem");
        NoteSigner witness = Files.exists(wpem)
                ? NoteSigner.fromPkcs8Pem(WITNESS, InputFiles.privateKey(wpem), NoteVerifier.COSIGNATURE_V1)
                : NoteSigner.generate(WITNESS, NoteVerifier.COSIGNATURE_V1, new SecureRandom());
        DurableFiles.replace(wpem, witness.toPkcs8Pem().getBytes(StandardCharsets.US_ASCII),
                DurableFiles.Access.OWNER_ONLY);
        Files.writeString(keys.resolve("witness.vkey"), witness.verifier().toVkey() + "\n");
        Path cp = LogCheckpoints.write(log, signer, List.of(witness), ctx.clock().instant());
        TestTsa tsa = TestTsa.create(new SecureRandom(), ctx.clock().instant());
        byte[] tsr = tsa.respond(Timestamps.request(Files.readAllBytes(cp), new SecureRandom()), ctx.clock().instant());
        LogCheckpoints.writeTimestamp(cp, tsr);
        Files.writeString(keys.resolve("test-tsa-root.pem"), TestTsa.pem(tsa.caCertificate()));
        ctx.print().println("records: " + log.size() + ", root " + log.treeHead().rootHex());
        ctx.print().print(Files.readString(cp));
        VerificationReport r = LogVerifier.verify(log.directory(), List.of(signer.verifier(), witness.verifier()),
                List.of(tsa.caCertificate()));
        ctx.print().print(r.render(ctx.locale()));
        ctx.print().print(DisclosureRegister.from(log).render(ctx.locale()));
        ctx.print().println("check it yourself: mimamori log verify " + log.directory()
                + " --trust " + keys.resolve("evidence-log.vkey") + " " + keys.resolve("test-tsa-root.pem"));
        if (!r.isValid()) {
            throw new IllegalStateException("demo log does not verify:\n" + r.render(Locale.ENGLISH));
        }
    }
}
