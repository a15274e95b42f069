package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.model.Purpose;

/**
 * Someone outside asks for images to be provided (K3-4): of one camera or of several, over one time range. A request
 * naming several cameras is decided as one: it is permitted only if every camera would be (K3-4, S8), and then
 * handed over as one disclosure and one bundle.
 *
 * <pre>{@code
 * new DisclosureRequest("s-2026-01", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署", BasisKind.WRITTEN_REQUEST,
 *         Optional.of("佐署刑第123号"), Optional.empty(), RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION),
 *         "es-gate", from, to, Instant.now());
 * new DisclosureRequest("s-2026-02", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署", BasisKind.WRITTEN_REQUEST,
 *         Optional.of("佐署刑第124号"), Optional.empty(), RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION),
 *         List.of("es-gate", "es-yard"), from, to, Instant.now());
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
 * @param cameras       which cameras, in the order asked: 1 to {@link #MAX_CAMERAS} distinct ids
 * @param from          start of the footage asked for
 * @param to            end of the footage asked for, after {@code from}
 * @param at            when the request is decided
 */
public record DisclosureRequest(String id, RequesterKind requesterKind, String requester, BasisKind basis,
                                Optional<String> reference, Optional<String> statute, RequestedPurpose purpose,
                                List<String> cameras, Instant from, Instant to, Instant at) implements Request {
    /** The most cameras one request may name. */
    public static final int MAX_CAMERAS = 16;

    /** Validates every part and copies the cameras. */
    public DisclosureRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requesterKind, "requesterKind");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(basis, "basis");
        reference = Objects.requireNonNull(reference, "reference").filter(r -> !r.isBlank());
        statute = Objects.requireNonNull(statute, "statute").filter(r -> !r.isBlank());
        Objects.requireNonNull(purpose, "purpose");
        cameras = List.copyOf(Objects.requireNonNull(cameras, "cameras"));
        if (cameras.isEmpty() || cameras.size() > MAX_CAMERAS) {
            throw new IllegalArgumentException("cameras: must name 1 to " + MAX_CAMERAS + " cameras");
        }
        if (new HashSet<>(cameras).size() != cameras.size()) {
            throw new IllegalArgumentException("cameras: names a camera twice");
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to: must be after from");
        }
    }

    /** A request for one camera. */
    public DisclosureRequest(String id, RequesterKind requesterKind, String requester, BasisKind basis,
                             Optional<String> reference, Optional<String> statute, RequestedPurpose purpose,
                             String camera, Instant from, Instant to, Instant at) {
        this(id, requesterKind, requester, basis, reference, statute, purpose,
                List.of(Objects.requireNonNull(camera, "camera")), from, to, at);
    }

    /** A request for one camera, for a built-in purpose, without a statute named. */
    public DisclosureRequest(String id, RequesterKind requesterKind, String requester, BasisKind basis,
                             Optional<String> reference, Purpose purpose, String camera, Instant from, Instant to,
                             Instant at) {
        this(id, requesterKind, requester, basis, reference, Optional.empty(), RequestedPurpose.of(purpose), camera,
                from, to, at);
    }
}
