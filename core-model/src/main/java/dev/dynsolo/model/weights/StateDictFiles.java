package dev.dynsolo.model.weights;

import dev.dynsolo.model.weights.torch.TorchCheckpoint;
import dev.dynsolo.model.weights.torch.TorchTensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a state dict of named weights from either file users have: a PyTorch {@code .pth}/{@code .pt}
 * (torchvision's own ImageNet ResNets, any torch.save format) or a NumPy {@code .npz}. Only
 * floating-point tensors are returned (counters such as {@code num_batches_tracked} carry no weights).
 */
public final class StateDictFiles {
  private StateDictFiles() {}

  public static Map<String, WeightTensor> read(Path file) {
    if (file.getFileName().toString().toLowerCase().endsWith(".npz")) {
      return NpzReader.read(file);
    }
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, TorchTensor> e : TorchCheckpoint.read(file).tensors().entrySet()) {
      if (e.getValue().dtype().floatingPoint()) {
        out.put(e.getKey(), e.getValue().toWeightTensor());
      }
    }
    return out;
  }
}
