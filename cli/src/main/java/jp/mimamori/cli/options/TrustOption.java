package jp.mimamori.cli.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.integrity.checkpoint.NoteFormatException;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.KeyScope;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.keys.VerifyingKey;
import picocli.CommandLine.Option;

/**
 * {@code --trust FILE…}: the files a verifier trusts (SPKI PEM public keys, X.509 CA, leaf or TSA certificates,
 * JSON trust files, signed-note {@code .vkey} files); never a key found in what is verified. As a trust store
 * ({@link #store()}): a PEM key or CA certificate trusts for every role and camera, a leaf certificate trusts its
 * key through a CA certificate given beside it, a trust file as it says (docs/FORMATS.md "Trust files"), a
 * {@code .vkey} the log's (type 0x01) or a witness's (0x04) Ed25519 key under its name.
 */
public final class TrustOption {
    @Option(names = "--trust", required = true, arity = "1..*", paramLabel = "FILE",
            description = "trusted keys: SPKI PEM public keys, X.509 certificates (*.pem), signed-note *.vkey")
    List<Path> files = new ArrayList<>();

    /** The trust files in the order given. */
    public List<Path> files() {
        return List.copyOf(files);
    }

    /**
     * The trust store of the files given (see the class description).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it, in one line
     * @throws IOException              if a file cannot be read or is too large
     */
    public TrustStore store() throws IOException {
        TrustStore.Builder b = TrustStore.builder();
        for (Path f : files) {
            String name = f.getFileName() == null ? f.toString() : f.getFileName().toString();
            try {
                if (name.endsWith(".vkey")) {
                    NoteVerifier v = NoteVerifier.parse(InputFiles.key(f));
                    KeyRole role = v.type() == NoteVerifier.ED25519 ? KeyRole.LOG : KeyRole.WITNESS;
                    b.addKey(VerifyingKey.fromRawEd25519(v.publicKey()), KeyScope.of(role).withNoteName(v.name()));
                } else {
                    b.addFile(InputFiles.key(f).getBytes(StandardCharsets.UTF_8), name);
                }
            } catch (InvalidDocumentException e) {
                throw new IllegalArgumentException(f + ": " + e.problems().get(0)
                        + (e.problems().size() > 1 ? " (and " + (e.problems().size() - 1) + " more)" : ""));
            } catch (CryptoException | NoteFormatException | IllegalArgumentException e) {
                throw new IllegalArgumentException(f + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return b.build();
    }
}
