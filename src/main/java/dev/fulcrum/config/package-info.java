/**
 * Reading a job: a HOCON file layered over {@code conf/defaults.conf} with {@code --set} overrides
 * on top, turned once into immutable, typed and fully validated parts before any SparkSession
 * exists. That order is the point: an unknown key, a wrong type or an out-of-range value costs
 * milliseconds and a one-line error naming the key ({@code <key> <rule>; got <value>}), not a
 * cluster start-up. Blocks that belong to a stage (loss, sampling, split, scaling, threshold) are
 * parsed by that stage's spec type; this package owns the layering, the unknown-key check and the
 * blocks no stage owns (data, model, training, spark).
 *
 * <p>May depend on {@code error} and on the spec types of {@code loss}, {@code sampling},
 * {@code features} and {@code eval}; never on {@code jobs}, {@code train} or {@code cli}, and it
 * starts no Spark work.
 */
package dev.fulcrum.config;
