/**
 * {@code mimamori retention plan|run}, {@code mimamori hold place|release|list} and {@code mimamori sanitize
 * certify}: the retention module over a retention folder ({@link jp.mimamori.cli.retention.RetentionWorkspace}:
 * {@code policy.json}, {@code kek.bin}, {@code store/}, {@code state/}, {@code log/}, the tamper-evident evidence log).
 *
 * <p>The policy file carries the values the application reads from the operating rules and the profile
 * (period per camera, justification, principle, ceiling, floor, grace, who may hold); once core's rules land,
 * this package fills {@link jp.mimamori.retention.policy.RetentionPolicy} from them instead. The evidence log
 * here is a local JSON-lines file until the application wires in the integrity module's tamper-evident log.
 *
 * <p>May use: picocli, core, retention, the JDK.
 */
package jp.mimamori.cli.retention;
