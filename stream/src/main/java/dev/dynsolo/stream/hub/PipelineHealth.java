package dev.dynsolo.stream.hub;

import java.util.Optional;

/** Whether the shared pipeline is alive, as liveness and readiness checks need it. */
public interface PipelineHealth {

  /** Why the pipeline is dead (it stopped, or inference is stuck or failing every batch), or empty while it runs. */
  Optional<String> pipelineProblem();

  /** Batches whose inference threw, since start. */
  long inferenceFailures();
}
