/**
 * Anchoring the evidence log as the recorder runs (DESIGN.md: a receipt or sealing record counts only once a
 * signed checkpoint covers it): {@link jp.mimamori.recorder.anchor.CheckpointSchedule} signs a checkpoint of the
 * log on the schedule it is given and at close, so anchoring is the default rather than an extra step.
 *
 * <p>May use: core, integrity's log and checkpoint packages.
 */
package jp.mimamori.recorder.anchor;
