package dev.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.loss.ClassBalance;
import dev.fulcrum.loss.LossCombo;
import dev.fulcrum.loss.LossDice;
import dev.fulcrum.loss.LossFocal;
import dev.fulcrum.loss.LossFocalTversky;
import dev.fulcrum.loss.LossSpec;
import dev.fulcrum.loss.LossTversky;
import dev.fulcrum.loss.LossWeightedBCE;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

class LossSpecReaderTest {
    private static final ClassCounts COUNTS = new ClassCounts(990, 10);

    private static LossSpec spec(String block) {
        Config job = ConfigFactory.parseString("loss " + block);
        return LossSpecReader.read(job.getConfig("loss"));
    }

    private static void rejects(String block, String message) {
        assertThatThrownBy(() -> spec(block)).isInstanceOf(BadInputException.class).hasMessage(message);
    }

    @Test
    void defaultsAndEachTypeBuildTheRightLoss() {
        LossSpec bce = spec("{ }");
        assertThat(bce.build(COUNTS)).isEqualTo(new LossBinaryXENT());
        assertThat(bce.describe()).isEqualTo("bce");
        assertThat(bce.outputActivation()).isEqualTo(Activation.SIGMOID);
        assertThat(bce.outputColumns()).isEqualTo(1);

        LossSpec auto = spec("{ type = weighted-bce, posWeight = auto }");
        assertThat(auto.build(COUNTS)).isEqualTo(new LossWeightedBCE(99.0));
        assertThat(auto.describe()).isEqualTo("weighted-bce(posWeight=auto)");
        assertThat(spec("{ type = weighted-bce, posWeight = 5 }").build(COUNTS)).isEqualTo(new LossWeightedBCE(5.0));
        assertThat(spec("{ type = weighted-bce, posWeight = 1 }").build(COUNTS)).isEqualTo(new LossBinaryXENT());

        LossSpec focal = spec("{ type = focal, alpha = 0.25, gamma = 2 }");
        assertThat(focal.describe()).isEqualTo("focal(alpha=0.25, gamma=2.0)");
        assertThat(focal.build(COUNTS)).isEqualTo(new LossFocal(0.25, 2.0));
        assertThat(spec("{ type = focal, alpha = none, gamma = 0.5 }").build(null))
                .isEqualTo(new LossFocal(null, 0.5, null, LossFocal.DEFAULT_CLIP_EPS));

        LossSpec multi = spec("{ type = focal, alpha = [0.2, 0.3, 0.5], gamma = 1 }");
        assertThat(multi.outputActivation()).isEqualTo(Activation.SOFTMAX);
        assertThat(multi.outputColumns()).isEqualTo(3);
        assertThat(multi.describe()).isEqualTo("focal(alpha=[0.2, 0.3, 0.5], gamma=1.0)");

        assertThat(spec("{ type = dice, smooth = 1 }").build(null)).isEqualTo(new LossDice(1.0));
        assertThat(spec("{ type = tversky, alpha = 0.7, beta = 0.3, smooth = 1 }").build(null))
                .isEqualTo(new LossTversky(0.7, 0.3, 1.0));
        LossSpec ft = spec("{ type = focal-tversky, alpha = 0.7, beta = 0.3, gamma = 0.75 }");
        assertThat(ft.build(null)).isEqualTo(new LossFocalTversky(0.7, 0.3, 0.75, 1.0));
        assertThat(ft.describe()).isEqualTo("focal-tversky(alpha=0.7, beta=0.3, gamma=0.75, smooth=1.0)");

        LossSpec combo = spec("{ type = combo, terms = [ { type = focal, gamma = 2, weight = 1 },"
                + " { type = dice, weight = 0.5 } ] }");
        assertThat(combo.build(COUNTS)).isEqualTo(new LossCombo(
                new ILossFunction[] {new LossFocal(0.25, 2.0), new LossDice(1.0)}, new double[] {1.0, 0.5}));
        assertThat(combo.describe()).isEqualTo("combo(1.0*focal(alpha=0.25, gamma=2.0) + 0.5*dice(smooth=1.0))");
        assertThat(combo.outputActivation()).isEqualTo(Activation.SIGMOID);
    }

    @Test
    void classBalancedWeightsComeFromTheTrainingCounts() {
        double[] w = ClassBalance.weights(0.999, COUNTS);
        assertThat(spec("{ type = bce, classBalanced { beta = 0.999 } }").build(COUNTS))
                .isEqualTo(new LossWeightedBCE(w[1], w[0], LossWeightedBCE.DEFAULT_CLIP_EPS));
        LossSpec f = spec("{ type = focal, gamma = 2, classBalanced { beta = 0.99 } }");
        assertThat(f.describe()).isEqualTo("focal(alpha=0.25, gamma=2.0, classBalanced(beta=0.99))");
        LossFocal built = (LossFocal) f.build(COUNTS);
        assertThat(built.getClassWeights()).containsExactly(ClassBalance.weights(0.99, COUNTS));
        assertThat(built.getClassWeights()[1]).isGreaterThan(built.getClassWeights()[0]);
        assertThat(built.getClassWeights()[0] + built.getClassWeights()[1]).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void badValuesFailAtParseTimeNamingTheKey() {
        rejects("{ type = focal, gamma = -1 }", "loss.gamma must be >= 0; got -1");
        rejects("{ type = focal, alpha = 1.5 }", "loss.alpha must be in [0, 1]; got 1.5");
        rejects("{ type = focal, alpha = [0.2, 1.2] }", "loss.alpha[1] must be in [0, 1]; got 1.2");
        rejects("{ type = focal, gamma = two }", "loss.gamma must be a number; got \"two\"");
        rejects("{ type = focal, alpha = [0.5] }",
                "loss.alpha as a list needs one value per class (>= 2); got [0.5]");
        rejects("{ type = fokal }",
                "loss.type must be one of (bce, weighted-bce, focal, dice, tversky, focal-tversky, combo); got fokal");
        rejects("{ type = dice, smooth = -1 }", "loss.smooth must be >= 0; got -1");
        rejects("{ type = tversky, alpha = -0.1 }",
                "loss.alpha must be >= 0; got -0.1");
        rejects("{ type = tversky, alpha = 0, beta = 0 }", "loss.alpha + loss.beta must be > 0; got 0 + 0");
        rejects("{ type = focal-tversky, gamma = 0 }", "loss.gamma must be > 0; got 0");
        rejects("{ type = weighted-bce, posWeight = -2 }", "loss.posWeight must be auto or a number > 0; got -2");
        rejects("{ type = weighted-bce, posWeight = sometimes }",
                "loss.posWeight must be auto or a number > 0; got \"sometimes\"");
        rejects("{ type = bce, classBalanced { beta = 1 } }", "loss.classBalanced.beta must be in [0, 1); got 1");
        rejects("{ type = bce, classBalanced { betta = 0.9 } }",
                "loss.classBalanced.betta is not a known key; known keys: beta");
        rejects("{ type = dice, gamma = 2 }",
                "loss.gamma is not a known key; known keys: reduce, smooth, type");
        rejects("{ type = bce, posWeight = 3 }",
                "loss.posWeight is not a known key; known keys: classBalanced, type");
        rejects("{ type = combo, terms = [] }", "loss.terms must be a non-empty list of loss blocks; got []; "
                + "e.g. terms = [ { type = focal, weight = 1 }, { type = dice, weight = 0.5 } ]");
        rejects("{ type = combo }", "loss.terms must be a non-empty list of loss blocks; got nothing; "
                + "e.g. terms = [ { type = focal, weight = 1 }, { type = dice, weight = 0.5 } ]");
        rejects("{ type = combo, terms = [ { type = focal, gamma = -3 } ] }",
                "loss.terms[0].gamma must be >= 0; got -3");
        rejects("{ type = combo, terms = [ { type = dice, weight = 0 } ] }",
                "loss.terms[0].weight must be > 0; got 0");
        rejects("{ type = combo, terms = [ { type = combo } ] }",
                "loss.terms[0].type must be one of (bce, weighted-bce, focal, dice, tversky, focal-tversky); "
                        + "got combo");
        rejects("{ type = combo, terms = [ { type = dice, wieght = 2 } ] }",
                "loss.terms[0].wieght is not a known key; known keys: smooth, type, weight");
        rejects("{ type = combo, terms = [ { type = dice }, { type = focal, alpha = [0.5, 0.5] } ] }",
                "loss.terms[1].type focal needs a SOFTMAX output with 2 column(s); got loss.terms[0] needing "
                        + "SIGMOID with 1; all terms must share one output layer");
    }

    @Test
    void autoWeightsNeedBothClasses() {
        LossSpec auto = spec("{ type = weighted-bce }");
        assertThatThrownBy(() -> auto.build(new ClassCounts(100, 0))).isInstanceOf(BadInputException.class)
                .hasMessage("loss.posWeight = auto needs positives in the training split; got 0 of 100 rows; "
                        + "set a number instead");
        LossSpec cb = spec("{ type = focal, classBalanced { } }");
        assertThat(cb.describe()).contains("classBalanced(beta=0.999)");
        assertThatThrownBy(() -> cb.build(new ClassCounts(0, 5))).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("loss.classBalanced needs both classes in the training split");
    }

    @Test
    void setLossesAndCombosHoldingOneAreFlaggedAsCouplingTheMinibatch() {
        assertThat(spec("{ type = dice }").couplesExamples()).isTrue();
        assertThat(spec("{ type = tversky, alpha = 0.7, beta = 0.3 }").couplesExamples()).isTrue();
        assertThat(spec("{ type = focal-tversky }").couplesExamples()).isTrue();
        assertThat(spec("{ type = combo, terms = [ { type = focal }, { type = dice, weight = 0.5 } ] }")
                .couplesExamples()).isTrue();
        assertThat(spec("{ type = combo, terms = [ { type = focal }, { type = bce } ] }").couplesExamples()).isFalse();
        assertThat(spec("{ type = bce }").couplesExamples()).isFalse();
        assertThat(spec("{ type = focal, alpha = 0.25, gamma = 2 }").couplesExamples()).isFalse();
        assertThat(spec("{ type = weighted-bce, posWeight = auto }").couplesExamples()).isFalse();
    }

    @Test
    void keysLeftOutComeFromTheDefaultsBlockOfDefaultsConf() {
        Config d = ConfigLoader.defaults().getConfig("defaults.loss");
        LossSpec.Focal focal = (LossSpec.Focal) spec("{ type = focal }");
        assertThat(focal.gamma()).isEqualTo(d.getDouble("focal.gamma"));
        assertThat(focal.alpha()).containsExactly(d.getDouble("focal.alpha"));
        LossSpec.FocalTversky ft = (LossSpec.FocalTversky) spec("{ type = focal-tversky }");
        assertThat(ft).isEqualTo(new LossSpec.FocalTversky(d.getDouble("focal-tversky.alpha"),
                d.getDouble("focal-tversky.beta"), d.getDouble("focal-tversky.gamma"), d.getDouble("focal-tversky.smooth")));
        assertThat(spec("{ }").type().toString()).isEqualTo(d.getString("type"));
        LossSpec.Combo combo = (LossSpec.Combo) spec("{ type = combo, terms = [ { type = dice } ] }");
        assertThat(combo.terms().get(0).weight()).isEqualTo(d.getDouble("term.weight"));
        assertThat(((LossSpec.Bce) spec("{ classBalanced {} }")).classBalancedBeta())
                .isEqualTo(d.getDouble("classBalanced.beta"));
    }

    @Test
    void aJobWithoutLossGammaGetsTheDefaultsConfValueAndAJobsDefaultsBlockIsTheOnlySource() {
        assertThat(JobConfig.load(null, java.util.List.of("loss.type=focal")).loss().describe())
                .isEqualTo("focal(alpha=0.25, gamma=2.0)");
        // The reader takes the value from the defaults block it is given, not from a constant in code.
        Config changed = ConfigFactory.parseString("defaults.loss.focal.gamma = 3, loss.type = focal")
                .withFallback(ConfigLoader.load(null, java.util.List.of())).resolve();
        assertThat(JobConfig.from(changed).loss().describe()).isEqualTo("focal(alpha=0.25, gamma=3.0)");
    }

    @Test
    void compareCellsAndComboTermsReadLikeTheLossBlockWithIndexPaths() {
        assertThatThrownBy(() -> LossSpecReader.read(ConfigReader.of(ConfigFactory.parseString(
                "l = [ {type = focal}, {type = combo, terms = [ {type = dice}, {type = tversky, beta = -1} ]} ]"), "")
                .blocks("l").get(1)))
                .isInstanceOf(BadInputException.class).hasMessage("l[1].terms[1].beta must be >= 0; got -1");
    }

    @Test
    void reduceDefaultsToBatchAndImageBuildsPerImageSetLosses() {
        assertThat(spec("{ type = dice }").reduce()).isEqualTo(LossSpec.Reduce.BATCH);
        assertThat(spec("{ type = dice }").build(COUNTS, 64)).isEqualTo(new LossDice(1.0));
        LossSpec dice = spec("{ type = dice, smooth = 0.5, reduce = image }");
        assertThat(dice).isEqualTo(new LossSpec.Dice(0.5, LossSpec.Reduce.IMAGE));
        assertThat(dice.describe()).isEqualTo("dice(smooth=0.5, reduce=image)");
        assertThat(dice.build(COUNTS, 64)).isEqualTo(new LossDice(0.5, 64));
        assertThatThrownBy(() -> dice.build(COUNTS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("build(counts, pixelsPerImage)");
        assertThat(spec("{ type = tversky, alpha = 0.6, beta = 0.4, smooth = 1, reduce = image }").build(COUNTS, 9))
                .isEqualTo(new LossTversky(0.6, 0.4, 1.0, 9));
        assertThat(spec("{ type = focal-tversky, reduce = IMAGE }").build(COUNTS, 9))
                .isEqualTo(new LossFocalTversky(LossFocalTversky.DEFAULT_ALPHA, LossFocalTversky.DEFAULT_BETA,
                        LossFocalTversky.DEFAULT_GAMMA, LossFocalTversky.DEFAULT_SMOOTH, 9));
        LossSpec combo = spec("{ type = combo, reduce = image, terms = [ { type = focal, weight = 1 },"
                + " { type = dice, weight = 0.5 } ] }");
        assertThat(combo.reduce()).isEqualTo(LossSpec.Reduce.IMAGE);
        assertThat(combo.build(COUNTS, 16)).isEqualTo(new LossCombo(new ILossFunction[] {new LossFocal(0.25, 2.0),
                new LossDice(1.0, 16)}, new double[] {1, 0.5}));
    }

    @Test
    void reduceIsRefusedWhereItMeansNothing() {
        rejects("{ type = dice, reduce = pixel }", "loss.reduce must be one of (batch, image); got pixel");
        rejects("{ type = combo, reduce = image, terms = [ { type = focal } ] }",
                "loss.reduce = image needs a dice, tversky or focal-tversky term to apply to; got "
                        + "combo(1.0*focal(alpha=0.25, gamma=2.0)); remove reduce or add a set term");
        assertThatThrownBy(() -> spec("{ type = focal, reduce = image }")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("reduce");
        assertThatThrownBy(() -> spec("{ type = combo, terms = [ { type = dice, reduce = image } ] }"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("reduce");
    }
}
