package dev.dynsolo.model.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads NumPy {@code .npz} archives (what {@code numpy.savez} writes from a PyTorch state dict):
 * little-endian float32 or float64 arrays in C order. Arrays of other types are skipped (they are
 * counters such as {@code num_batches_tracked}), and a malformed archive fails naming the entry.
 */
public final class NpzReader {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private NpzReader() {}

  /** Arrays by name (the entry name without {@code .npy}), in archive order, as row-major tensors. */
  public static Map<String, WeightTensor> read(Path file) {
    return read(file, false);
  }

  /**
   * Every array, integer ones ({@code <i4}, {@code <i8}, {@code |u1}, {@code |b1}) widened to
   * float too: for reference data such as labels and flags (exact below 2^24).
   */
  public static Map<String, WeightTensor> readAll(Path file) {
    return read(file, true);
  }

  private static Map<String, WeightTensor> read(Path file, boolean integers) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("weights file " + file + " not found");
    }
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      ZipEntry entry;
      boolean any = false;
      while ((entry = zip.getNextEntry()) != null) {
        any = true;
        String name = entry.getName();
        if (!name.endsWith(".npy")) {
          continue;
        }
        WeightTensor t = readNpy(zip, file + ":" + name, integers);
        if (t != null) {
          out.put(name.substring(0, name.length() - 4), t);
        }
      }
      if (!any) {
        throw new IllegalArgumentException(file + " is not an .npz archive (no entries)");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read weights file " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static WeightTensor readNpy(InputStream in, String where, boolean integers) throws IOException {
    byte[] data = readAll(in);
    if (data.length < 10 || (data[0] & 0xff) != 0x93 || !new String(data, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IllegalArgumentException(where + " is not a .npy array");
    }
    int major = data[6];
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = b.getShort(8) & 0xffff;
      headerStart = 10;
    } else {
      headerLength = b.getInt(8);
      headerStart = 12;
    }
    String header = new String(data, headerStart, headerLength, StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, where);
    if ("True".equals(group(FORTRAN, header, where))) {
      throw new IllegalArgumentException(where + ": Fortran-ordered arrays are not supported");
    }
    String[] dims = group(SHAPE, header, where).split(",");
    long[] shape = java.util.Arrays.stream(dims).map(String::strip).filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong).toArray();
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    b.position(headerStart + headerLength);
    float[] values = new float[(int) count];
    switch (descr) {
      case "<f4" -> b.asFloatBuffer().get(values);
      case "<f8" -> {
        var doubles = b.asDoubleBuffer();
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) doubles.get(i);
        }
      }
      case "<i4" -> {
        if (!integers) {
          return null;
        }
        var ints = b.asIntBuffer();
        for (int i = 0; i < values.length; i++) {
          values[i] = ints.get(i);
        }
      }
      case "<i8" -> {
        if (!integers) {
          return null;
        }
        var longs = b.asLongBuffer();
        for (int i = 0; i < values.length; i++) {
          values[i] = longs.get(i);
        }
      }
      case "|u1", "|b1" -> {
        if (!integers) {
          return null;
        }
        for (int i = 0; i < values.length; i++) {
          values[i] = b.get(headerStart + headerLength + i) & 0xff;
        }
      }
      default -> {
        return null; // other types carry no weights
      }
    }
    return new WeightTensor(shape, values);
  }

  private static String group(Pattern p, String header, String where) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IllegalArgumentException(where + ": malformed .npy header " + header.strip());
    }
    return m.group(1);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
