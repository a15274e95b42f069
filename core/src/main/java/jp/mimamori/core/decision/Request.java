package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.List;

/**
 * A question to the engine: an {@link AccessRequest} or a {@link DisclosureRequest}.
 *
 * <p>Every implementation is an immutable record; thread-safe.
 */
public sealed interface Request permits AccessRequest, DisclosureRequest {
    /**
     * The cameras asked about, in the order asked: one for an {@link AccessRequest}, one or more for a
     * {@link DisclosureRequest}.
     */
    List<String> cameras();

    /** The purpose the request names (K2-1: every access and disclosure names one). */
    RequestedPurpose purpose();

    /** When the request is made; permits and designations are judged at this time. */
    Instant at();
}
