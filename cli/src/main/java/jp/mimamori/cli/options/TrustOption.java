package jp.mimamori.cli.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.integrity.checkpoint.CheckpointPolicy;
import jp.mimamori.integrity.checkpoint.NoteFormatException;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.KeyScope;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.timestamp.TimestampVerifier;
import org.bouncycastle.cert.X509CertificateHolder;
import picocli.CommandLine.Option;

/**
 * {@code --trust FILE…}: the files a verifier trusts (SPKI PEM public keys, X.509 CA, leaf or TSA certificates,
 * JSON trust files, signed-note {@code .vkey} files); never a key found in what is verified. As a trust store
 * ({@link #store()}): a PEM key or CA certificate trusts for every role and camera, a leaf certificate trusts its
 * key through a CA certificate given beside it, a trust file as it says (docs/FORMATS.md "Trust files"), a
 * {@code .vkey} the log's (type 0x01) or a witness's (0x04) Ed25519 key under its name. Each file is told apart by
 * its content, in one place: PEM or JSON is the trust store's, anything else must be a {@code .vkey}. The log's
 * checkpoint keys are the trust store's keys of the log role ({@link #logKeys(TrustStore)}); {@code log verify},
 * {@code verify LOGDIR} and {@code verify --log} judge checkpoints and their cosignatures by the trust store itself
 * ({@link Trusted#policy(int)}, docs/SECURITY.md G26), and take the certificates of the PEM files as TSA roots
 * ({@link #trusted()}), which also check an export bundle's timestamps.
 */
public final class TrustOption {
    @Option(names = "--trust", required = true, arity = "1..*", paramLabel = "FILE",
            description = "trusted keys: SPKI PEM public keys, X.509 certificates (*.pem), JSON trust files,"
                    + " signed-note *.vkey (type 0x01 a log's, 0x04 a witness's)")
    List<Path> files = new ArrayList<>();

    /** The trust files in the order given. */
    public List<Path> files() {
        return List.copyOf(files);
    }

    /** A trust file read once: its text, and the signed-note key it is when it is neither PEM nor JSON. */
    private record Read(Path file, String name, String text, Optional<NoteVerifier> note) {}

    /**
     * Every file read once and told apart by its content: PEM (keys, certificates) and JSON trust files are the
     * trust store's; anything else must be a signed-note verifier key ({@code .vkey}).
     */
    private List<Read> read() throws IOException {
        List<Read> out = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName() == null ? f.toString() : f.getFileName().toString();
            String text = InputFiles.key(f);
            String lead = text.stripLeading();
            if (text.contains("-----BEGIN") || lead.startsWith("{")) {
                out.add(new Read(f, name, text, Optional.empty()));
                continue;
            }
            try {
                out.add(new Read(f, name, text, Optional.of(NoteVerifier.parse(text.strip()))));
            } catch (NoteFormatException e) {
                throw new IllegalArgumentException(f + ": neither a PEM key or certificate, a trust file nor a"
                        + " signed-note .vkey: " + e.getMessage().lines().findFirst().orElse("")
                        + " / 信頼する鍵として読めません");
            }
        }
        return out;
    }

    /**
     * The keys that may sign the log's checkpoints, as the trust store judges them ({@link KeyRole#LOG}): every
     * trusted Ed25519 key whose scope allows the log role and names its signed-note key (a {@code .vkey} of type
     * 0x01). A witness's {@code .vkey} (0x04) is not one of them.
     */
    public static List<NoteVerifier> logKeys(TrustStore trust) {
        List<NoteVerifier> out = new ArrayList<>();
        for (VerifyingKey k : trust.keys(KeyRole.LOG)) {
            Optional<String> name = trust.scope(k.keyId()).flatMap(KeyScope::noteName);
            if (name.isPresent() && k.algorithm() == SignatureAlgorithm.ED25519) {
                out.add(NoteVerifier.create(name.get(), NoteVerifier.ED25519, k.rawEd25519()));
            }
        }
        return out;
    }

    /**
     * What a log verifier trusts, from the files given read once: the trust store (log and witness keys among the
     * rest, judged by role) and the RFC 3161 TSA roots (every {@code CERTIFICATE} block of a PEM file).
     *
     * <p>Immutable.
     *
     * @param store    the trust store ({@link #store()})
     * @param tsaRoots the certificates of the PEM files given, as TSA roots for checkpoint timestamps
     */
    public record Trusted(TrustStore store, List<X509CertificateHolder> tsaRoots) {
        /** Copies. */
        public Trusted {
            tsaRoots = List.copyOf(tsaRoots);
        }

        /** The checkpoint policy over this store requiring {@code witnesses} distinct trusted witnesses (G26). */
        public CheckpointPolicy policy(int witnesses) {
            return new CheckpointPolicy(store, witnesses);
        }

        /** The log's signed-note keys in this store ({@link TrustOption#logKeys(TrustStore)}). */
        public List<NoteVerifier> logKeys() {
            return TrustOption.logKeys(store);
        }
    }

    /**
     * The trust store and TSA roots of the files given (see {@link Trusted}).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it, in one line
     * @throws IOException              if a file cannot be read or is too large
     */
    public Trusted trusted() throws IOException {
        List<Read> all = read();
        List<X509CertificateHolder> roots = new ArrayList<>();
        for (Read r : all) {
            if (r.note().isEmpty() && r.text().contains("-----BEGIN CERTIFICATE-----")
                    && !r.text().stripLeading().startsWith("{")) {
                try {
                    roots.addAll(TimestampVerifier.readCertificates(r.text()));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(r.file() + ": " + String.valueOf(e.getMessage()).lines()
                            .findFirst().orElse("") + " / 証明書を読めません");
                }
            }
        }
        return new Trusted(store(all), roots);
    }

    /**
     * The trust store of the files given (see the class description).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it, in one line
     * @throws IOException              if a file cannot be read or is too large
     */
    public TrustStore store() throws IOException {
        return store(read());
    }

    private static TrustStore store(List<Read> all) {
        TrustStore.Builder b = TrustStore.builder();
        for (Read r : all) {
            try {
                if (r.note().isPresent()) {
                    NoteVerifier v = r.note().get();
                    KeyRole role = v.type() == NoteVerifier.ED25519 ? KeyRole.LOG : KeyRole.WITNESS;
                    b.addKey(VerifyingKey.fromRawEd25519(v.publicKey()), KeyScope.of(role).withNoteName(v.name()));
                } else {
                    b.addFile(r.text().getBytes(StandardCharsets.UTF_8), r.name());
                }
            } catch (InvalidDocumentException e) {
                throw new IllegalArgumentException(r.file() + ": " + e.problems().get(0)
                        + (e.problems().size() > 1 ? " (and " + (e.problems().size() - 1) + " more)" : ""));
            } catch (CryptoException | IllegalArgumentException e) {
                throw new IllegalArgumentException(r.file() + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return b.build();
    }
}
