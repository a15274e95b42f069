/**
 * The form of identifiers ({@link jp.mimamori.core.internal.id.IdSyntax}): one check for every id of the
 * operating rules and every camera id, used by core's records and by the sibling modules' stores, manifests,
 * chains and retention schedules. Exported only to Mimamori's own modules (qualified export), not API.
 *
 * <p>May use: the JDK only.
 */
package jp.mimamori.core.internal.id;
