/**
 * Mimamori log-postgres: the evidence log on PostgreSQL for a whole city. Many recorders append to one
 * sequencing table over the caller's {@link javax.sql.DataSource}; one integrator, elected with a PostgreSQL
 * advisory lock, extends the RFC 9162 tree, publishes it as C2SP tlog-tiles and signs checkpoints; the audit
 * index lives in indexed SQL tables, and every read (proofs, verification, the register) comes from the tiles.
 *
 * <p>Exported package:
 * <ul>
 *   <li>{@code jp.mimamori.log.postgres}: the PostgreSQL evidence log, its integrator and the SQL audit index</li>
 * </ul>
 *
 * <p>Depends on core, integrity and JDBC ({@code java.sql}); PostgreSQL's JDBC driver is the one it is tested
 * with and comes along as a dependency, but the library only ever uses the caller's {@code javax.sql.DataSource}.
 */
module jp.mimamori.log.postgres {
    requires transitive jp.mimamori.core;
    requires transitive jp.mimamori.integrity;
    requires transitive java.sql;

    exports jp.mimamori.log.postgres;
}
