/**
 * Internals of the PostgreSQL log: the SQL schema and its statements. Not exported (tiles are written and read
 * by integrity's {@code jp.mimamori.integrity.tiles}).
 *
 * <p>May use: the JDK ({@code java.sql}), core (and its internal I/O), integrity's merkle, checkpoint and log
 * record encoding.
 */
package jp.mimamori.log.postgres.internal;
