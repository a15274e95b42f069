/**
 * The evidence log published as C2SP {@code tlog-tiles}: a folder of static files (the signed {@code checkpoint},
 * hash tiles under {@code tile/L/N} and entry bundles under {@code tile/entries/N}) that any static web server can
 * serve, the writer both log backends publish with ({@link jp.mimamori.integrity.tiles.TileWriter}) and the reader
 * that proves and verifies from the tiles alone ({@link jp.mimamori.integrity.tiles.TileLog}). Layout:
 * docs/FORMATS.md, "Tiles".
 *
 * <p>Uses {@code jp.mimamori.integrity.merkle}, {@code …checkpoint}, {@code …report} and core's I/O primitives.
 */
package jp.mimamori.integrity.tiles;
