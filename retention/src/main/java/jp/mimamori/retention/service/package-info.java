/**
 * {@link jp.mimamori.retention.service.RetentionService}: planner, hold registry, erasure engine and store
 * wired over one state folder ({@code holds.json}, {@code erasure.journal}) — what an application or the CLI
 * opens. Opening it finishes interrupted holds and erasures before anything else happens.
 *
 * <p>May use: every other retention package, core, the JDK.
 */
package jp.mimamori.retention.service;
