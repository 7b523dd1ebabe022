package dev.dynsolo.training.loop;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.training.target.ImageTargets;

/** One augmented image at the model input size with its targets. */
public record TrainingSample(RgbImage image, ImageTargets targets) {}
