/**
 * The vocabulary of camera operation under a municipal guideline (K1-2, K2-*, K3-1-*, K5-1, S4): sites and
 * their kinds, cameras with declared purposes, capture areas, privacy masks and signage, principals, role
 * designations (installer, operation manager, operator, contractor) and time-bounded permits issued by an
 * operation manager. Immutable records, validated in their canonical constructors; misuse is
 * {@link java.lang.IllegalArgumentException} naming the field.
 *
 * <p>May use: the JDK, {@code jp.mimamori.core.text} and {@code jp.mimamori.core.internal.id}. Knows nothing of JSON, profiles or decisions.
 */
package jp.mimamori.core.model;
