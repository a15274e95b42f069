/** Implementation details of the integrity module; not exported, not API. */
package jp.mimamori.integrity.internal;
