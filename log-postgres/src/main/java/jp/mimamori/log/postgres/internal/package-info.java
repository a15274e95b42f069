/**
 * Internals of the PostgreSQL log: the SQL schema and its statements, and the C2SP tlog-tiles layout (tile
 * paths, the integrator's tile writer, the tile reader). Not exported.
 *
 * <p>May use: the JDK ({@code java.sql}), core (and its internal I/O), integrity's merkle, checkpoint and log
 * record encoding.
 */
package jp.mimamori.log.postgres.internal;
