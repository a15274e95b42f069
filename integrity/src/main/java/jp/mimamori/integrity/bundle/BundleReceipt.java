package jp.mimamori.integrity.bundle;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mimamori.core.crypto.DocumentSignature;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.VerifyingKey;

/**
 * The recipient's acknowledgement of a bundle (K3-4, chain of custody): the recipient's verifier countersigns the
 * bundle hash (SHA-256 of {@code bundle.json}) with its own key, saying what it received, when, and what the
 * verification said; the city appends it to its log as a {@code disclosure.received} record, so custody is on
 * record on both sides. Canonical JSON; the signature is over {@code "mimamori-bundle-receipt-v1\n"} followed by
 * the canonical JSON of every member but {@code signature} (docs/FORMATS.md "Export bundle v1").
 *
 * <pre>{@code
 * BundleReceipt r = BundleReceipt.sign(manifest.disclosureId(), bundleHash, manifest.recipient().name(),
 *         Instant.now(), "VALID", policeKey);
 * Files.write(Path.of("s-1.zip.receipt.json"), r.encode());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param disclosureId the disclosure's id
 * @param bundleHash   lowercase hex SHA-256 of the bundle's {@code bundle.json}
 * @param recipient    the recipient, as the bundle names them
 * @param receivedAt   when the recipient verified it
 * @param verdict      {@code VALID} or {@code INVALID}: what the recipient's verification said
 * @param publicKey    the recipient's public key (SPKI DER)
 * @param signature    the recipient's signature
 */
public record BundleReceipt(String disclosureId, String bundleHash, String recipient, Instant receivedAt,
                            String verdict, byte[] publicKey, DocumentSignature signature) {
    /** The format name. */
    public static final String FORMAT = "mimamori-bundle-receipt";
    /** What the signature's bytes start with. */
    public static final String SIGNING_CONTEXT = "mimamori-bundle-receipt-v1\n";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Validates and copies. */
    public BundleReceipt {
        Objects.requireNonNull(disclosureId, "disclosureId");
        if (!HEX64.matcher(bundleHash).matches()) {
            throw new IllegalArgumentException("bundleHash: 64 lowercase hex digits");
        }
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (!verdict.equals("VALID") && !verdict.equals("INVALID")) {
            throw new IllegalArgumentException("verdict: VALID or INVALID");
        }
        publicKey = publicKey.clone();
        Objects.requireNonNull(signature, "signature");
    }

    /** The {@code publicKey} component, as a copy. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    private static Map<String, Object> body(String disclosureId, String bundleHash, String recipient,
                                            Instant receivedAt, String verdict, byte[] publicKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", 1);
        m.put("disclosure_id", disclosureId);
        m.put("bundle_hash", bundleHash);
        m.put("recipient", recipient);
        m.put("received_at", receivedAt.toString());
        m.put("verdict", verdict);
        m.put("public_key", Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey));
        return m;
    }

    private static byte[] signed(Map<String, Object> body) {
        byte[] ctx = SIGNING_CONTEXT.getBytes(StandardCharsets.US_ASCII);
        byte[] json = CanonicalJson.encode(body);
        byte[] out = new byte[ctx.length + json.length];
        System.arraycopy(ctx, 0, out, 0, ctx.length);
        System.arraycopy(json, 0, out, ctx.length, json.length);
        return out;
    }

    /** A receipt signed by the recipient's {@code key}. */
    public static BundleReceipt sign(String disclosureId, String bundleHash, String recipient, Instant receivedAt,
                                     String verdict, SigningKey key) throws CryptoException {
        byte[] spki = key.verifyingKey().spkiDer();
        DocumentSignature s = DocumentSignature.sign(key, signed(body(disclosureId, bundleHash, recipient,
                receivedAt, verdict, spki)));
        return new BundleReceipt(disclosureId, bundleHash, recipient, receivedAt, verdict, spki, s);
    }

    /** The receipt's members, as a log record's body takes them (with {@code signature}). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = body(disclosureId, bundleHash, recipient, receivedAt, verdict, publicKey);
        m.put("signature", signature.toJson());
        return m;
    }

    /** Its canonical bytes. */
    public byte[] encode() {
        return CanonicalJson.encode(toJson());
    }

    /**
     * Checks the signature with the receipt's own public key and returns that key (whose id the city can compare
     * with the one it registered for the recipient).
     *
     * @throws CryptoException if the key cannot be read or the signature does not verify
     */
    public VerifyingKey verify() throws CryptoException {
        VerifyingKey k = VerifyingKey.fromSpkiDer(publicKey);
        if (!k.keyId().equals(signature.keyId())) {
            throw new CryptoException("receipt: the signature's key id is not the public key's");
        }
        signature.verify(k, signed(body(disclosureId, bundleHash, recipient, receivedAt, verdict, publicKey)));
        return k;
    }

    /**
     * Reads a receipt strictly (canonical JSON, every member, no other), without checking its signature.
     *
     * @throws BundleFormatException naming the first problem
     */
    public static BundleReceipt parse(byte[] bytes) throws BundleFormatException {
        JsonInput in = new JsonInput("bundle receipt", "K3-4");
        try {
            Obj o = in.canonicalDocument(bytes);
            Optional<String> format = o.text("format");
            Optional<Long> version = o.longInteger("version", 1, 1);
            Optional<String> id = o.text("disclosure_id");
            Optional<String> hash = o.text("bundle_hash");
            Optional<String> recipient = o.text("recipient");
            Optional<Instant> at = o.instant("received_at");
            Optional<String> verdict = o.text("verdict");
            Optional<byte[]> key = o.base64url("public_key", 1024);
            Optional<Obj> sig = o.object("signature", true);
            DocumentSignature s = null;
            if (sig.isPresent()) {
                Obj x = sig.get();
                Optional<String> alg = x.text("alg");
                Optional<String> kid = x.text("key_id");
                Optional<String> val = x.text("sig");
                x.end();
                if (alg.isPresent() && kid.isPresent() && val.isPresent()) {
                    s = DocumentSignature.fromJson(alg.get(), kid.get(), val.get());
                }
            }
            o.end();
            in.throwIfProblems();
            if (!format.orElse("").equals(FORMAT) || version.isEmpty() || s == null) {
                throw new BundleFormatException("受領証の形式ではありません", "not a mimamori-bundle-receipt v1");
            }
            return new BundleReceipt(id.orElseThrow(), hash.orElseThrow(), recipient.orElseThrow(), at.orElseThrow(),
                    verdict.orElseThrow(), key.orElseThrow(), s);
        } catch (InvalidDocumentException e) {
            String en = e.problems().isEmpty() ? "malformed" : e.problems().get(0).toString();
            throw new BundleFormatException("受領証を読めません: " + en, "not a bundle receipt: " + en);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("受領証を読めません: " + e.getMessage(), "not a bundle receipt: "
                    + e.getMessage());
        }
    }
}
