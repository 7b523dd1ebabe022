package dev.dynsolo.training.loop;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.training.augment.AugmentSettings;
import dev.dynsolo.training.augment.Augmenter;
import dev.dynsolo.training.augment.Placement;
import dev.dynsolo.training.data.ImageFiles;
import dev.dynsolo.training.data.ImageRecord;
import dev.dynsolo.training.data.InstanceAnnotation;
import dev.dynsolo.training.target.TargetBuilder;
import dev.dynsolo.training.target.TargetInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns a dataset image into a training sample: decode, augment (a random stream seeded by the
 * caller, so a resumed run sees the same samples), masks to the mask scale, targets. Thread-safe;
 * decoded images are kept in a bounded {@link DecodedImageCache}.
 */
public final class SampleFactory {
  private final ModelConfig config;
  private final Augmenter augmenter;
  private final TargetBuilder targets;
  private final DecodedImageCache decoded = new DecodedImageCache(DecodedImageCache.defaultBudget(), ImageFiles::read);

  public SampleFactory(ModelConfig config, AugmentSettings settings) {
    this.config = config;
    byte[] pad = new byte[3];
    for (int c = 0; c < 3; c++) {
      pad[c] = (byte) Math.round(config.input().mean().get(c));
    }
    this.augmenter = new Augmenter(settings, config.input().width(), config.input().height(), pad);
    this.targets = new TargetBuilder(config);
  }

  public TrainingSample create(ImageRecord record, long seed) {
    Random random = new Random(seed);
    RgbImage source = decoded.get(record.file());
    Placement placement = augmenter.randomPlacement(source.width(), source.height(), random);
    RgbImage image = augmenter.image(source, placement, random);
    List<TargetInstance> instances = new ArrayList<>();
    for (InstanceAnnotation a : record.instances()) {
      if (a.crowd()) {
        continue; // crowd regions never become targets
      }
      byte[] coverage = Augmenter.coverage(a.mask().toBitmap(), placement, config.maskWidth(), config.maskHeight(),
          config.head().maskStride());
      instances.add(new TargetInstance(a.classIndex(), coverage));
    }
    return new TrainingSample(image, targets.build(instances));
  }
}
