/**
 * The access and disclosure decision engine (K2-1, K3-1-*, K3-2-1, K3-2-2, K3-3, K3-4, K5-1, S5, S7, S8, S9). Deny by default: every
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
 * this purpose" is answered from those bit sets without trying every camera. Every grant counts only through a
 * valid chain of authority at the instant it is used (invariant 8), and {@code create} refuses rules whose
 * compliance check has ERROR findings unless given a {@link jp.mimamori.core.decision.FindingsAcknowledgement}.
 *
 * <p>Public: the engine, its options, requests and decisions. Package-private, one seam each: {@code RulesIndex}
 * (indexing the rules), {@code Grant} (a grant, its link in the chain, its texts and revocation),
 * {@code CameraEntry} and {@code PrincipalEntry}, {@code AccessDecisions}, {@code DisclosureDecisions} and
 * {@code Decisions} (stamping and the acknowledgement). The chain itself and names and times in messages live in
 * {@code jp.mimamori.core.internal} ({@code Authority}, {@code Names}), shared with the compliance check.
 *
 * <p>May use: {@code jp.mimamori.core.model}, {@code .profile}, {@code .rules}, {@code .finding}, {@code .text},
 * {@code .evidence}, {@code .error}, {@code .internal.*}.
 */
package jp.mimamori.core.decision;
