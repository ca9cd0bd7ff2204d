/**
 * Orchestration of a train job from validated config to a published run: session, ingest, split,
 * scaling, resampling, training, evaluation, then the run directory (model bundle, metrics,
 * provenance, report) built under a temporary sibling and renamed into place, so a failed run
 * never replaces the last good one. Holds no stage logic of its own: each step is a call into the
 * package that owns it, and what is recorded per stage (class counts in/out, time) is gathered here.
 *
 * <p>May depend on every stage package ({@code config}, {@code data}, {@code sampling},
 * {@code features}, {@code train}, {@code eval}, {@code report}, {@code error}); only
 * {@code cli} and the jobs built on a train run ({@code registry}, {@code scoring}) depend on it.
 */
package dev.fulcrum.jobs;
