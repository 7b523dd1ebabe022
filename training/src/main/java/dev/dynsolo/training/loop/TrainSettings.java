package dev.dynsolo.training.loop;

import dev.dynsolo.training.augment.AugmentSettings;
import dev.dynsolo.training.graph.OptimizerKind;
import dev.dynsolo.model.runtime.Precision;
import java.util.List;

/**
 * A training run, as written in a training YAML file (see {@code config/train-*.yaml}). Every key
 * is listed here; an unknown key is an error naming it.
 *
 * @param preset model preset, optionally with @size
 * @param trainAnnotations COCO JSON of the training split, or a LabelMe folder
 * @param trainImages image root the JSON's file names are relative to (null: as
 *     {@link dev.dynsolo.training.data.Datasets#defaultImageRoot})
 * @param valAnnotations validation split (optional)
 * @param valImages validation image root
 * @param batchSize images per step
 * @param epochs passes over the training split
 * @param learningRate base learning rate after warm-up
 * @param warmupSteps linear warm-up length
 * @param decayEpochs epochs at which the rate is multiplied by 0.1 (step decay only)
 * @param learningRateDecay step (x0.1 at the decay epochs) or linear (down to 1 % at the last step)
 * @param optimizer sgd or adam
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay
 * @param clipNorm global gradient norm limit, 0 for none
 * @param classCrossEntropyWeight weight of a softmax cross-entropy over the classes at the positive
 *     cells, added to the paper's focal + Dice loss; 0 leaves the paper's loss
 * @param frozenStages backbone stages (stem + first n-1 stages) kept frozen; 0 trains all
 * @param augment augmentation ranges
 * @param checkpointEverySteps checkpoint period in steps (also at the end of every epoch)
 * @param keepCheckpoints how many checkpoints to keep
 * @param validateEveryEpochs validation period in epochs, 0 for none
 * @param workers threads decoding and augmenting
 * @param seed seed of initialisation, data order and augmentation
 * @param skipBadAnnotations leave out (and count) bad annotations instead of failing
 * @param precision fp32, bf16 (mixed precision; needs a CPU with AVX-512 BF16 or AMX), or auto (bf16
 *     where the CPU has it)
 * @param backboneWeights optional torchvision ImageNet ResNet, .pth or .npz (keys {@code conv1.weight},
 *     {@code layer1.0.bn1.running_mean}, ...) that initialises the backbone
 * @param init optional trained model to start from (a bundle, a training checkpoint or an authors'
 *     .pth): its architecture replaces the preset's; with another class list the category output
 *     starts afresh (prior 0.01) and everything else is kept
 */
public record TrainSettings(
    String preset, String trainAnnotations, String trainImages, String valAnnotations, String valImages,
    int batchSize, int epochs, float learningRate, int warmupSteps, List<Integer> decayEpochs,
    LearningRateDecay learningRateDecay,
    OptimizerKind optimizer, float momentum, float weightDecay, float clipNorm, float classCrossEntropyWeight,
    int frozenStages,
    AugmentSettings augment, int checkpointEverySteps, int keepCheckpoints, int validateEveryEpochs, int workers,
    long seed, boolean skipBadAnnotations, Precision precision, String backboneWeights, String init) {

  public TrainSettings {
    require(preset != null, "preset", preset, "is required");
    require(trainAnnotations != null, "trainAnnotations", trainAnnotations, "is required");
    require(batchSize > 0, "batchSize", batchSize, "must be > 0");
    require(epochs > 0, "epochs", epochs, "must be > 0");
    require(learningRate > 0, "learningRate", learningRate, "must be > 0");
    require(warmupSteps >= 0, "warmupSteps", warmupSteps, "must be >= 0");
    require(precision != null, "precision", precision, "must be fp32, bf16 or auto");
    require(optimizer != null, "optimizer", optimizer, "must be sgd or adam");
    require(classCrossEntropyWeight >= 0 && Float.isFinite(classCrossEntropyWeight), "classCrossEntropyWeight",
        classCrossEntropyWeight, "must be >= 0");
    require(frozenStages >= 0 && frozenStages <= 4, "frozenStages", frozenStages, "must be 0..4");
    require(checkpointEverySteps > 0, "checkpointEverySteps", checkpointEverySteps, "must be > 0");
    require(keepCheckpoints > 0, "keepCheckpoints", keepCheckpoints, "must be > 0");
    require(validateEveryEpochs >= 0, "validateEveryEpochs", validateEveryEpochs, "must be >= 0");
    require(workers > 0, "workers", workers, "must be > 0");
    decayEpochs = decayEpochs == null ? List.of() : List.copyOf(decayEpochs);
    require(learningRateDecay != null, "learningRateDecay", learningRateDecay, "must be step or linear");
    require(learningRateDecay == LearningRateDecay.STEP || decayEpochs.isEmpty(), "decayEpochs", decayEpochs,
        "applies to learningRateDecay: step only (linear decay needs no epochs)");
    augment = augment == null ? AugmentSettings.DEFAULT : augment;
  }

  private static void require(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("training setting " + key + " = " + value + ": " + rule);
    }
  }
}
