package jp.mimamori.cli.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --trust FILE…}: the files a verifier trusts (SPKI PEM public keys, X.509 CA or TSA certificates,
 * signed-note {@code .vkey} files); never a key found in what is verified.
 */
public final class TrustOption {
    @Option(names = "--trust", required = true, arity = "1..*", paramLabel = "FILE",
            description = "trusted keys: SPKI PEM public keys, X.509 certificates (*.pem), signed-note *.vkey")
    List<Path> files = new ArrayList<>();

    /** The trust files in the order given. */
    public List<Path> files() {
        return List.copyOf(files);
    }
}
