/**
 * Implementation details of the core module; not exported, not API.
 */
package jp.mimamori.core.internal;
