/**
 * Reading a job: a HOCON file layered over {@code conf/defaults.conf} with {@code --set} overrides
 * on top, turned once into immutable, typed and fully validated parts before any SparkSession
 * exists. That order is the point: an unknown key, a wrong type or an out-of-range value costs
 * milliseconds and a one-line error naming the key ({@code <key> <rule>; got <value>}), not a
 * cluster start-up. {@link dev.fulcrum.config.ConfigReader} is the one path-aware reader (one
 * wording per rule, one unknown-key check); a reader per block (data, split, scaling, sampling,
 * loss, model, training, threshold) builds the stage's spec type. Every default lives in
 * defaults.conf, including those of list elements (its {@code defaults} block).
 *
 * <p>May depend on {@code error} and on the spec types of the stage packages; no stage package
 * depends on it (checked by ArchitectureTest), and it starts no Spark work.
 */
package dev.fulcrum.config;
