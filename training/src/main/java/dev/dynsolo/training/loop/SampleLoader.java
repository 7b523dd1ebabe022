package dev.dynsolo.training.loop;

import dev.dynsolo.training.data.ImageRecord;
import java.util.Iterator;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Decodes, augments and builds targets off the training thread, in parallel, in order, with a
 * bounded read-ahead: at most {@code workers} samples in flight and {@code prefetchBatches}
 * batches waiting, so memory stays bounded whatever the dataset size.
 */
public final class SampleLoader implements AutoCloseable {
  private final Scheduler scheduler;
  private final int workers;
  private final int prefetchBatches;

  public SampleLoader(int workers, int prefetchBatches) {
    this.workers = workers;
    this.prefetchBatches = prefetchBatches;
    this.scheduler = Schedulers.newBoundedElastic(workers, 256, "sample-loader");
  }

  /**
   * Batches for steps {@code fromStep} (inclusive) to {@code toStep} (exclusive) of the schedule.
   */
  public Iterator<List<TrainingSample>> batches(TrainingSchedule schedule, List<ImageRecord> images,
      SampleFactory factory, long fromStep, long toStep) {
    int batch = schedule.batchSize();
    return Flux.range(0, (int) ((toStep - fromStep) * batch))
        .map(i -> schedule.sampleAt(fromStep * batch + i))
        .flatMapSequential(ref -> Mono.fromCallable(() -> factory.create(images.get(ref.imageIndex()), ref.seed()))
            .subscribeOn(scheduler), workers, 1)
        .buffer(batch)
        .toIterable(prefetchBatches)
        .iterator();
  }

  @Override
  public void close() {
    scheduler.dispose();
  }
}
