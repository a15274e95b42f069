package jp.mimamori.core.decision;

import java.time.Instant;

/**
 * A question to the engine: an {@link AccessRequest} or a {@link DisclosureRequest}.
 *
 * <p>Every implementation is an immutable record; thread-safe.
 */
public sealed interface Request permits AccessRequest, DisclosureRequest {
    /** The camera asked about. */
    String camera();

    /** The purpose the request names (K2-1: every access and disclosure names one). */
    RequestedPurpose purpose();

    /** When the request is made; permits and designations are judged at this time. */
    Instant at();
}
