package jp.mimamori.core.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.crypto.DocumentSignature;
import jp.mimamori.core.crypto.Verifier;
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonInput;

/**
 * The one way the retention service signs its evidence records — erasure receipts and hold records alike
 * (docs/FORMATS.md "Receipt signature", "Hold records"): a {@code signature} member of the body
 * ({@link DocumentSignature}) over a format's ASCII context string followed by the RFC 8785 canonical JSON of
 * the body without that member. Reading checks that a signed body is exactly what its fields write, since what
 * is signed is re-derived from the fields.
 *
 * <p>Stateless and thread-safe.
 */
final class RecordSigning {
    private RecordSigning() {}

    /** {@code context} (UTF-8) followed by the canonical JSON of {@code unsignedBody}. */
    static byte[] signedBytes(String context, Map<String, Object> unsignedBody) {
        byte[] ctx = context.getBytes(StandardCharsets.UTF_8);
        byte[] body = CanonicalJson.encode(unsignedBody);
        byte[] out = new byte[ctx.length + body.length];
        System.arraycopy(ctx, 0, out, 0, ctx.length);
        System.arraycopy(body, 0, out, ctx.length, body.length);
        return out;
    }

    /** {@code unsignedBody} with its {@code signature} member added when there is one. */
    static Map<String, Object> withSignature(Map<String, Object> unsignedBody, Optional<DocumentSignature> s) {
        s.ifPresent(sig -> unsignedBody.put("signature", sig.toJson()));
        return unsignedBody;
    }

    /**
     * Checks that {@code signature} is present and a valid signature of {@code signedBytes} by {@code key}.
     *
     * @param what the record named in the message, such as {@code "erasure receipt er-…"}
     * @throws SignatureInvalidException if unsigned, signed by another key or algorithm, or not verifying
     */
    static void verify(String what, Optional<DocumentSignature> signature, Verifier key, byte[] signedBytes)
            throws SignatureInvalidException {
        if (signature.isEmpty()) {
            throw new SignatureInvalidException(what + ": not signed");
        }
        signature.get().verify(key, signedBytes);
    }

    /**
     * Records a problem for each member of a signed body {@code given} that differs from what the fields write
     * ({@code written}, the body as the record's writer produces it).
     *
     * @param whatJa the signed document in Japanese, such as {@code "署名された消去証明"}
     * @param whatEn the same in English, such as {@code "a signed receipt"}
     */
    static void requireWrittenAsSigned(JsonInput in, String req, Map<String, Object> written, Map<?, ?> given,
                                       String whatJa, String whatEn) {
        for (Map.Entry<String, Object> e : written.entrySet()) {
            if (!e.getKey().equals("signature") && !e.getValue().equals(given.get(e.getKey()))) {
                in.problem(e.getKey(), req, whatJa + "では " + e.getValue() + " と書かれている必要があります",
                        whatEn + " must write it as " + e.getValue());
            }
        }
    }
}
