package dev.fulcrum.tune;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One configuration of the search: indexes into the space's loss and sampling choices, the drawn
 * learning rate, widths, dropout and batch size, and the model seed it trains with. It becomes a
 * job by {@link #applyTo}: the job's own keys with these replaced, so a trial and the retrained
 * winner are read by the same code as any job file.
 */
public record Trial(int id, int loss, int sampling, double learningRate, List<Integer> hidden, double dropout,
                    int batchSize, long modelSeed) {

    /**
     * {@code n} trials drawn from {@code space} with a stream seeded by {@code seed}: loss, sampling,
     * widths and batch size uniformly from their lists, the learning rate log-uniformly and dropout
     * uniformly from their ranges; trial {@code i} initialises with {@code modelSeed + i}.
     */
    public static List<Trial> sample(TuneSpec.Space space, int n, long seed, long modelSeed) {
        Random r = new Random(seed);
        List<Trial> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int loss = r.nextInt(space.losses().size());
            int sampling = r.nextInt(space.samplings().size());
            double u = r.nextDouble();
            double lr = space.lrMin() == space.lrMax() ? space.lrMin()
                    : Math.exp(Math.log(space.lrMin()) + u * (Math.log(space.lrMax()) - Math.log(space.lrMin())));
            List<Integer> hidden = space.hidden().get(r.nextInt(space.hidden().size()));
            double dropout = space.dropoutMin() + r.nextDouble() * (space.dropoutMax() - space.dropoutMin());
            int batch = space.batchSizes().get(r.nextInt(space.batchSizes().size()));
            out.add(new Trial(i, loss, sampling, lr, hidden, dropout, batch, modelSeed + i));
        }
        return List.copyOf(out);
    }

    /** Whether this trial's sampling choice resamples the training rows (a non-empty sampler list). */
    public boolean resamples(TuneSpec.Space space) {
        return !((com.typesafe.config.ConfigList) space.samplings().get(sampling)).isEmpty();
    }

    /** The job keys this trial sets, as a job file would write them. */
    public Map<String, ConfigValue> keys(TuneSpec.Space space) {
        Map<String, ConfigValue> k = new LinkedHashMap<>();
        k.put("loss", space.losses().get(loss));
        k.put("sampling", space.samplings().get(sampling));
        k.put("model.learningRate", ConfigValueFactory.fromAnyRef(learningRate));
        k.put("model.hidden", ConfigValueFactory.fromIterable(hidden));
        k.put("model.dropout", ConfigValueFactory.fromAnyRef(dropout));
        k.put("training.batchSize", ConfigValueFactory.fromAnyRef(batchSize));
        k.put("model.seed", ConfigValueFactory.fromAnyRef(modelSeed));
        return k;
    }

    /** {@code job} (a resolved job) with this trial's keys replaced, not merged into the job's blocks. */
    public Config applyTo(Config job, TuneSpec.Space space) {
        Config c = job;
        for (Map.Entry<String, ConfigValue> e : keys(space).entrySet()) {
            c = c.withoutPath(e.getKey()).withValue(e.getKey(), e.getValue());
        }
        return c;
    }

    /** The trial as {@code --set} arguments for {@code fulcrum train}. */
    public String overrides(TuneSpec.Space space) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, ConfigValue> e : keys(space).entrySet()) {
            b.append(b.isEmpty() ? "" : " ").append("--set '").append(e.getKey()).append('=')
                    .append(e.getValue().render(com.typesafe.config.ConfigRenderOptions.concise())).append('\'');
        }
        return b.toString();
    }

    public String describe(TuneSpec.Space space) {
        return String.format(Locale.ROOT, "loss %s, sampling %s, lr %.3g, hidden %s, dropout %.2f, batch %d",
                space.losses().get(loss).render(com.typesafe.config.ConfigRenderOptions.concise()),
                space.samplings().get(sampling).render(com.typesafe.config.ConfigRenderOptions.concise()),
                learningRate, hidden, dropout, batchSize);
    }
}
