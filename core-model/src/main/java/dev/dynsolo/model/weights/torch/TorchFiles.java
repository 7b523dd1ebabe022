package dev.dynsolo.model.weights.torch;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads a file written by {@code torch.save}, in either of its formats, told apart by their first
 * bytes: the zip archive of PyTorch 1.6+ ({@code PK\3\4}: {@code <name>/data.pkl} plus one record
 * per storage) and the legacy stream of earlier versions (pickled magic number, protocol version,
 * system info, the object, the storage keys, then each storage's length and raw bytes). Every
 * failure is a {@link CheckpointFormatException} whose message names the file and the problem.
 */
public final class TorchFiles {
  /** The legacy format's pickled magic number. */
  private static final java.math.BigInteger LEGACY_MAGIC = new java.math.BigInteger("1950a86a20f9469cfc6c", 16);
  private static final long LEGACY_PROTOCOL = 1001;

  private TorchFiles() {}

  /** The unpickled top-level object of {@code file} with every tensor's data attached. */
  public static Object read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointFormatException("checkpoint " + file + " not found");
    }
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, 4);
      if (n < 2) {
        throw new CheckpointFormatException("checkpoint " + file + " is empty or truncated");
      }
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
    if (head[0] == 'P' && head[1] == 'K') {
      return readZip(file);
    }
    if ((head[0] & 0xff) == 0x80) {
      return readLegacy(file);
    }
    throw new CheckpointFormatException("checkpoint " + file
        + " is not a PyTorch file (neither a zip archive nor the legacy torch.save format)");
  }

  private static Object readZip(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String prefix = null;
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
          prefix = name.substring(0, name.length() - "data.pkl".length());
          break;
        }
      }
      if (prefix == null) {
        throw new CheckpointFormatException("checkpoint " + file + " is a zip archive without <name>/data.pkl:"
            + " not a torch.save file");
      }
      ByteOrder order = ByteOrder.LITTLE_ENDIAN;
      ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
      if (byteorder != null) {
        try (InputStream in = zip.getInputStream(byteorder)) {
          if ("big".equals(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip())) {
            order = ByteOrder.BIG_ENDIAN;
          }
        }
      }
      Map<String, TorchStorage> storages = new LinkedHashMap<>();
      Object root;
      try (InputStream in = new BufferedInputStream(zip.getInputStream(zip.getEntry(prefix + "data.pkl")))) {
        root = unpickle(new TorchUnpickler(storages), in, file);
      }
      for (TorchStorage storage : storages.values()) {
        ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
        if (entry == null) {
          throw new CheckpointFormatException("checkpoint " + file + " has no record data/" + storage.key()
              + " for a tensor it refers to (truncated?)");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          storage.attach(readExactly(in, bytes(storage), file, storage), order);
        }
      }
      return root;
    } catch (ZipException e) {
      throw new CheckpointFormatException("checkpoint " + file + " is truncated or not a valid zip archive: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static Object readLegacy(Path file) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      Object magic = unpickle(new TorchUnpickler(new LinkedHashMap<>()), in, file);
      if (!isLegacyMagic(magic)) {
        throw new CheckpointFormatException("checkpoint " + file
            + " is a pickle but not a torch.save file (no PyTorch magic number)");
      }
      Object protocol = unpickle(new TorchUnpickler(new LinkedHashMap<>()), in, file);
      if (!(protocol instanceof Number p) || p.longValue() != LEGACY_PROTOCOL) {
        throw new CheckpointFormatException("checkpoint " + file + " has legacy protocol version " + protocol
            + "; this reader knows " + LEGACY_PROTOCOL);
      }
      Object sysInfo = unpickle(new TorchUnpickler(new LinkedHashMap<>()), in, file);
      ByteOrder order = sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))
          ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      Map<String, TorchStorage> storages = new LinkedHashMap<>();
      Object root = unpickle(new TorchUnpickler(storages), in, file);
      Object keys = unpickle(new TorchUnpickler(new LinkedHashMap<>()), in, file);
      if (!(keys instanceof List<?> keyList)) {
        throw new CheckpointFormatException("checkpoint " + file + " has no storage key list after its object");
      }
      for (Object key : keyList) {
        TorchStorage storage = storages.get(String.valueOf(key));
        if (storage == null) {
          throw new CheckpointFormatException("checkpoint " + file + " lists storage " + key + " that no tensor uses");
        }
        long count = readLong(in, order, file, storage);
        if (count != storage.numel()) {
          throw new CheckpointFormatException("checkpoint " + file + ": storage " + key + " has " + count
              + " elements, its tensors expect " + storage.numel());
        }
        storage.attach(readExactly(in, bytes(storage), file, storage), order);
      }
      for (TorchStorage storage : storages.values()) {
        if (!storage.attached()) {
          throw new CheckpointFormatException("checkpoint " + file + " holds no data for storage " + storage.key());
        }
      }
      return root;
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean isLegacyMagic(Object magic) {
    return LEGACY_MAGIC.equals(magic);
  }

  private static Object unpickle(TorchUnpickler unpickler, InputStream in, Path file) throws IOException {
    try {
      return unpickler.load(in);
    } catch (PickleException | ClassCastException | IllegalArgumentException e) {
      throw new CheckpointFormatException("checkpoint " + file + " has a pickle this reader cannot load: "
          + e.getMessage(), e);
    } catch (EOFException e) {
      throw new CheckpointFormatException("checkpoint " + file + " is truncated (ends inside a pickle)", e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("premature end")) {
        throw new CheckpointFormatException("checkpoint " + file + " is truncated (ends inside a pickle)", e);
      }
      throw e;
    }
  }

  private static int bytes(TorchStorage storage) {
    return Math.toIntExact(storage.numel() * storage.dtype().elementSize());
  }

  private static long readLong(InputStream in, ByteOrder order, Path file, TorchStorage storage) throws IOException {
    byte[] b = readExactly(in, 8, file, storage);
    return java.nio.ByteBuffer.wrap(b).order(order).getLong();
  }

  private static byte[] readExactly(InputStream in, int n, Path file, TorchStorage storage) throws IOException {
    byte[] out = in.readNBytes(n);
    if (out.length != n) {
      throw new CheckpointFormatException("checkpoint " + file + " is truncated: storage " + storage.key() + " needs "
          + n + " bytes, the file has " + out.length);
    }
    return out;
  }
}
