/**
 * The access and disclosure decision engine (K2-1, K3-1-*, K3-3, K3-4, S5, S7, S8, S9). Deny by default: every
 * answer is a sealed {@link jp.mimamori.core.decision.Decision} — a permit with the obligations the caller must
 * honour, or a deny that explains itself and names the closest grants — citing the profile's article IDs, the
 * facts it used, messages in Japanese and English, and the profile and rules version it was made under.
 *
 * <pre>{@code
 * DecisionEngine engine = DecisionEngine.create(rules, profile);
 * AccessRequest request = new AccessRequest("op-tanaka", Action.VIEW_RECORDED, "ch-lobby",
 *         Purpose.CRIME_PREVENTION, Instant.now());
 * Decision d = engine.decide(request);
 * evidenceLog.append(DecisionEvidence.of(request, d));
 * }</pre>
 *
 * <p>The engine indexes the rules once (cameras, principals, grants as bit sets), so one access decision is
 * two hash lookups and a scan of the principal's few grants, and "which cameras may this principal view for
 * this purpose" is answered from those bit sets without trying every camera.
 *
 * <p>May use: {@code jp.mimamori.core.model}, {@code .profile}, {@code .rules}, {@code .text},
 * {@code .evidence}, {@code .error}, {@code .internal.*}.
 */
package jp.mimamori.core.decision;
