package dev.dynsolo.training.loop;

import java.nio.file.Path;

/** What a finished run produced. */
public record TrainResult(long steps, Path lastCheckpoint, Path bundle, double validationAp, double seconds) {}
