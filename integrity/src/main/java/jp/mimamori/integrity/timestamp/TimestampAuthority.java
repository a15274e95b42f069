package jp.mimamori.integrity.timestamp;

import java.io.IOException;

/**
 * An RFC 3161 time-stamping authority as an embedder reaches it — typically its HTTP client of the city's TSA
 * (RFC 3161 §3.4: {@code application/timestamp-query} in, {@code application/timestamp-reply} out). Mimamori asks
 * it to timestamp checkpoints it signs and stores the response beside the checkpoint ({@code .tsr}).
 *
 * <pre>{@code
 * TimestampAuthority tsa = request -> http.post(tsaUrl, "application/timestamp-query", request);
 * byte[] response = tsa.respond(Timestamps.request(checkpointBytes, new SecureRandom()));
 * }</pre>
 *
 * <p>Implementations say whether they are thread-safe; Mimamori calls one from one thread at a time.
 */
@FunctionalInterface
public interface TimestampAuthority {
    /**
     * The DER TimeStampResp to a DER TimeStampReq ({@link Timestamps#request}).
     *
     * @throws IOException if the TSA cannot be reached or refuses
     */
    byte[] respond(byte[] request) throws IOException;
}
