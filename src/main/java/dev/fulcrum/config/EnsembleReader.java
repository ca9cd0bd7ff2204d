package dev.fulcrum.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.train.EnsembleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the {@code ensemble} block into an {@link EnsembleSpec}. */
public final class EnsembleReader {
    /** What a variant may set: the network, its optimiser's step, its loss and minibatch; never the rows. */
    static final List<String> VARIANT_KEYS = List.of("loss", "model.hidden", "model.activation", "model.dropout",
            "model.l2", "model.learningRate", "training.batchSize");

    private EnsembleReader() {
    }

    public static EnsembleSpec read(ConfigReader r) {
        int members = r.intAtLeast("members", 0);
        if (members == 1) {
            throw new BadInputException(r.path("members") + " must be 0 (one network, no ensemble) or at least 2; "
                    + "got 1");
        }
        return new EnsembleSpec(members, r.numberAbove("ratio", 0));
    }

    /**
     * {@code spec} with the variants of {@code ensemble.variants} in {@code job} (a resolved job):
     * each the job with the variant's keys replaced ({@code loss} as a whole block), read as any job
     * is, so a variant is checked exactly like the job file it could have been.
     *
     * @param outputColumns the job's loss's: the members' probabilities are averaged, so every
     *                      variant's loss must give the same outputs
     */
    static EnsembleSpec withVariants(EnsembleSpec spec, Config job, int outputColumns) {
        List<? extends ConfigObject> given;
        try {
            given = job.getObjectList("ensemble.variants");
        } catch (ConfigException.WrongType e) {
            throw new BadInputException("ensemble.variants must be a list of objects, e.g. [ { model.hidden = [64, 32] "
                    + "}, { model.hidden = [128, 64], loss = { type = focal } } ]; got "
                    + ConfigReader.render(job.getValue("ensemble.variants")));
        }
        if (given.isEmpty()) {
            return spec;
        }
        if (!spec.enabled()) {
            throw new BadInputException("ensemble.variants lists " + given.size() + " networks but ensemble.members = "
                    + spec.members() + "; set ensemble.members >= 2 (member k trains variant k mod " + given.size()
                    + ")");
        }
        Config base = job.withoutPath("ensemble.variants");
        List<EnsembleSpec.Variant> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Config v = given.get(i).toConfig();
            String at = "ensemble.variants[" + i + "]";
            for (Map.Entry<String, ConfigValue> e : v.entrySet()) {
                String p = e.getKey();
                if (!VARIANT_KEYS.contains(p) && !p.startsWith("loss.")) {
                    throw new BadInputException(at + "." + p + " is not a key a variant may set; it may set "
                            + String.join(", ", VARIANT_KEYS));
                }
            }
            Config c = base;
            for (String k : VARIANT_KEYS) {
                if (v.hasPath(k)) {
                    c = c.withoutPath(k).withValue(k, v.getValue(k));
                }
            }
            JobConfig vj;
            try {
                vj = JobConfig.from(c);
            } catch (BadInputException e) {
                throw new BadInputException(at + ": " + e.getMessage());
            }
            if (vj.loss().outputColumns() != outputColumns) {
                throw new BadInputException(at + ".loss " + vj.loss().describe() + " gives " + vj.loss().outputColumns()
                        + " output columns but the job's loss gives " + outputColumns + "; the members' probabilities "
                        + "are averaged, so every variant needs a loss of the same output");
            }
            int batch = vj.training().autoBatch() ? 0 : vj.training().batchSize();
            out.add(new EnsembleSpec.Variant(vj.model(), vj.loss(), batch, String.format(Locale.ROOT,
                    "hidden %s, lr %.3g, dropout %.2f, loss %s, batch %s", vj.model().hidden(),
                    vj.model().learningRate(), vj.model().dropout(), vj.loss().describe(),
                    batch == 0 ? "auto" : String.valueOf(batch))));
        }
        return new EnsembleSpec(spec.members(), spec.ratio(), out);
    }
}
