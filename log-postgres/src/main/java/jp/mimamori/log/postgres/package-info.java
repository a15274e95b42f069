/**
 * The evidence log on PostgreSQL: {@link jp.mimamori.log.postgres.PostgresEvidenceLog} (core's
 * {@code EvidenceLog} over a caller's {@code javax.sql.DataSource}: appends are sequenced in batches and acknowledged once
 * committed), {@link jp.mimamori.log.postgres.LogIntegrator} (the one integrator: tree, C2SP tiles through
 * integrity's {@code TileWriter}, checkpoints), {@link jp.mimamori.log.postgres.PostgresLogVerifier} (the tiles and
 * the database's copy of the records) and {@link jp.mimamori.log.postgres.SqlAuditIndex} (the audit index and
 * disclosure register in SQL, every hit re-checked against its leaf hash in the tiles). The SQL schema is in docs/FORMATS.md.
 *
 * <p>May use: the JDK ({@code java.sql}), core, integrity's exported packages, and this module's
 * {@code internal} package.
 */
package jp.mimamori.log.postgres;
