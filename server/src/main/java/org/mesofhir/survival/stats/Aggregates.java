package org.mesofhir.survival.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The additive aggregates a site contributes to one round of an analysis: named vectors whose
 * element-wise sum over sites is what one server holding all the patients would have computed.
 * Their names and lengths are fixed by the round's question (a public grid), never by one site's data,
 * so the vectors of every site line up and can be masked and summed (secure aggregation).
 *
 * <p>A part holds either integer counts (exact) or real sums (floating point), never both.
 */
public record Aggregates(List<Part> parts) {

  public Aggregates {
    parts = List.copyOf(parts);
  }

  /** One named vector: {@code counts} for integers, {@code sums} for reals; exactly one is non-null. */
  public record Part(String name, long[] counts, double[] sums) {
    public Part {
      Objects.requireNonNull(name, "name");
      if ((counts == null) == (sums == null)) {
        throw new IllegalArgumentException("part '" + name + "' must hold counts or sums, not both or neither");
      }
    }

    public static Part counts(String name, long[] counts) {
      return new Part(name, counts, null);
    }

    public static Part sums(String name, double[] sums) {
      return new Part(name, null, sums);
    }

    public boolean integral() {
      return counts != null;
    }

    public int length() {
      return counts != null ? counts.length : sums.length;
    }

    Part plus(Part other) {
      if (!name.equals(other.name) || integral() != other.integral() || length() != other.length()) {
        throw new IllegalArgumentException("part '" + name + "' does not line up with '" + other.name + "'");
      }
      if (integral()) {
        long[] sum = counts.clone();
        for (int i = 0; i < sum.length; i++) {
          sum[i] += other.counts[i];
        }
        return counts(name, sum);
      }
      double[] sum = sums.clone();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += other.sums[i];
      }
      return sums(name, sum);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Part p && name.equals(p.name) && Arrays.equals(counts, p.counts)
          && Arrays.equals(sums, p.sums);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, Arrays.hashCode(counts), Arrays.hashCode(sums));
    }

    @Override
    public String toString() {
      return name + (integral() ? Arrays.toString(counts) : Arrays.toString(sums));
    }
  }

  /** The part named {@code name}. */
  public Part part(String name) {
    for (Part part : parts) {
      if (part.name.equals(name)) {
        return part;
      }
    }
    throw new IllegalArgumentException("no part named '" + name + "'");
  }

  /** Element-wise sum; both must have the same parts in the same order with the same lengths. */
  public Aggregates plus(Aggregates other) {
    if (parts.size() != other.parts.size()) {
      throw new IllegalArgumentException("aggregates with " + parts.size() + " and " + other.parts.size() + " parts");
    }
    List<Part> sum = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      sum.add(parts.get(i).plus(other.parts.get(i)));
    }
    return new Aggregates(sum);
  }

  /** The sum of several sites' aggregates (at least one). */
  public static Aggregates sum(List<Aggregates> sites) {
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("no aggregates to sum");
    }
    Aggregates total = sites.get(0);
    for (int i = 1; i < sites.size(); i++) {
      total = total.plus(sites.get(i));
    }
    return total;
  }
}
