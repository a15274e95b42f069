package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.model.Purpose;

/**
 * Someone outside asks for images to be provided (K3-4).
 *
 * <pre>{@code
 * new DisclosureRequest("s-2026-01", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署", BasisKind.WRITTEN_REQUEST,
 *         Optional.of("佐署刑第123号"), Optional.empty(), RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION),
 *         "es-gate", from, to, Instant.now());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param id            the request's id in the disclosure register
 * @param requesterKind who asks
 * @param requester     the requester's name, such as {@code 佐久警察署 / Saku Police Station}
 * @param basis         what the request rests on
 * @param reference     the document's reference (warrant, order or letter number), such as {@code 佐署刑第123号};
 *                      required for every basis but {@link BasisKind#ORAL} and {@link BasisKind#NONE}
 * @param statute       the statute relied on, such as {@code 刑事訴訟法第197条第2項}; required for
 *                      {@link BasisKind#STATUTE}
 * @param purpose       what the footage is for, as written
 * @param camera        which camera
 * @param from          start of the footage asked for
 * @param to            end of the footage asked for, after {@code from}
 * @param at            when the request is decided
 */
public record DisclosureRequest(String id, RequesterKind requesterKind, String requester, BasisKind basis,
                                Optional<String> reference, Optional<String> statute, RequestedPurpose purpose,
                                String camera, Instant from, Instant to, Instant at) implements Request {
    /** Validates every part. */
    public DisclosureRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requesterKind, "requesterKind");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(basis, "basis");
        reference = Objects.requireNonNull(reference, "reference").filter(r -> !r.isBlank());
        statute = Objects.requireNonNull(statute, "statute").filter(r -> !r.isBlank());
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to: must be after from");
        }
    }

    /** A request for a built-in purpose without a statute named. */
    public DisclosureRequest(String id, RequesterKind requesterKind, String requester, BasisKind basis,
                             Optional<String> reference, Purpose purpose, String camera, Instant from, Instant to,
                             Instant at) {
        this(id, requesterKind, requester, basis, reference, Optional.empty(), RequestedPurpose.of(purpose), camera,
                from, to, at);
    }
}
