package org.mesofhir.survival.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Reads the reference files that {@code make-reference.R} writes under
 * {@code src/test/resources/survival/reference}: CSV datasets and JSON results from R.
 */
final class ReferenceData {

  private static final String BASE = "/survival/reference/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Dataset> DATASETS = new HashMap<>();

  private ReferenceData() {}

  static JsonNode results(String file) {
    try (InputStream in = open(file)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static synchronized Dataset dataset(String name) {
    return DATASETS.computeIfAbsent(name, ReferenceData::readDataset);
  }

  private static Dataset readDataset(String name) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(open(name + ".csv"), StandardCharsets.UTF_8))) {
      String[] header = reader.readLine().split(",", -1);
      List<String[]> rows = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isEmpty()) {
          rows.add(line.split(",", -1));
        }
      }
      return new Dataset(List.of(header), rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String file) {
    InputStream in = ReferenceData.class.getResourceAsStream(BASE + file);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + BASE + file);
    }
    return in;
  }

  /** R's NA (JSON null) is NaN; "Infinity" strings are infinities. */
  static double number(JsonNode node) {
    if (node == null || node.isNull()) {
      return Double.NaN;
    }
    if (node.isTextual()) {
      return Double.parseDouble(node.asText());
    }
    return node.asDouble();
  }

  static double[] numbers(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = number(array.get(i));
    }
    return values;
  }

  /** A CSV dataset: column {@code time}, column {@code status} (0/1), then other columns. */
  record Dataset(List<String> header, List<String[]> rows) {

    String text(int row, String column) {
      return rows.get(row)[index(column)];
    }

    double value(int row, String column) {
      String text = text(row, column);
      return "NA".equals(text) ? Double.NaN : Double.parseDouble(text);
    }

    private int index(String column) {
      int index = header.indexOf(column);
      if (index < 0) {
        throw new IllegalArgumentException("no column " + column + " in " + header);
      }
      return index;
    }

    /** 0-based row numbers matching the predicate. */
    int[] select(IntPredicate keep) {
      return java.util.stream.IntStream.range(0, rows.size()).filter(keep).toArray();
    }

    double[] time(int[] selected) {
      double[] time = new double[selected.length];
      for (int i = 0; i < selected.length; i++) {
        time[i] = value(selected[i], "time");
      }
      return time;
    }

    boolean[] event(int[] selected) {
      boolean[] event = new boolean[selected.length];
      for (int i = 0; i < selected.length; i++) {
        event[i] = value(selected[i], "status") == 1;
      }
      return event;
    }

    double[] column(int[] selected, String column) {
      double[] values = new double[selected.length];
      for (int i = 0; i < selected.length; i++) {
        values[i] = value(selected[i], column);
      }
      return values;
    }
  }
}
