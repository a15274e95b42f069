package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.model.Purpose;

/**
 * Someone outside asks for images to be provided (K3-4).
 *
 * @param id            the request's id in the disclosure register
 * @param requesterKind who asks
 * @param requester     the requester's name, such as {@code 佐久警察署 / Saku Police Station}
 * @param basis         what the request rests on
 * @param reference     statute or document reference, such as {@code 佐署刑第123号}; required for
 *                      {@link BasisKind#STATUTE} and {@link BasisKind#WRITTEN_REQUEST} to count
 * @param purpose       what the footage is for
 * @param camera        which camera
 * @param from          start of the footage asked for
 * @param to            end of the footage asked for, after {@code from}
 * @param at            when the request is decided
 */
public record DisclosureRequest(String id, RequesterKind requesterKind, String requester, BasisKind basis,
                                Optional<String> reference, Purpose purpose, String camera, Instant from, Instant to,
                                Instant at) implements Request {
    /** Validates every part. */
    public DisclosureRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requesterKind, "requesterKind");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(basis, "basis");
        reference = Objects.requireNonNull(reference, "reference").filter(r -> !r.isBlank());
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to: must be after from");
        }
    }
}
