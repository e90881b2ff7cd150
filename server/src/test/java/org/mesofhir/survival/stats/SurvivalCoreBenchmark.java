package org.mesofhir.survival.stats;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Java side of the benchmark against R (bench/survival-core/run.sh); not a test. For each size it
 * reads {@code data-N.csv}, times Kaplan–Meier in two groups, the log-rank test and a two-term Cox
 * model (median of 7 runs, 31 up to 1e5, after JIT warm-up), and writes the results as little-endian doubles
 * in the block order of {@code bench.R}, plus the timings.
 *
 * <p>Usage: {@code SurvivalCoreBenchmark DIR N [N...]}
 */
public final class SurvivalCoreBenchmark {

  private static final int WARM_UP = 3;

  private SurvivalCoreBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    for (int a = 1; a < args.length; a++) {
      int n = (int) Double.parseDouble(args[a]);
      run(dir, n);
    }
  }

  private record Data(double[] time, boolean[] event, int[] group, double[] x1, double[] x2) {}

  private static Data read(Path file, int n) throws IOException {
    double[] time = new double[n];
    boolean[] event = new boolean[n];
    int[] group = new int[n];
    double[] x1 = new double[n];
    double[] x2 = new double[n];
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      reader.readLine();
      for (int i = 0; i < n; i++) {
        String[] field = reader.readLine().split(",");
        time[i] = Double.parseDouble(field[0]) / 30.4375; // days to months, as bench.R
        event[i] = field[1].equals("1");
        group[i] = Integer.parseInt(field[2]);
        x1[i] = Double.parseDouble(field[3]);
        x2[i] = Double.parseDouble(field[4]);
      }
    }
    return new Data(time, event, group, x1, x2);
  }

  private static void run(Path dir, int n) throws IOException {
    Data data = read(dir.resolve("data-" + n + ".csv"), n);

    Supplier<KaplanMeierFit[]> kaplanMeier = () -> {
      KaplanMeierFit[] fits = new KaplanMeierFit[2];
      for (int g = 0; g < 2; g++) {
        int size = 0;
        for (int v : data.group) {
          if (v == g) {
            size++;
          }
        }
        double[] time = new double[size];
        boolean[] event = new boolean[size];
        for (int i = 0, k = 0; i < n; i++) {
          if (data.group[i] == g) {
            time[k] = data.time[i];
            event[k++] = data.event[i];
          }
        }
        fits[g] = KaplanMeier.fit(time, event, ConfidenceType.LOG, 0.95);
        fits[g].median();
      }
      return fits;
    };
    Supplier<LogRankResult> logRank = () -> LogRankTest.compare(data.time, data.event, data.group);
    Supplier<CoxFit> cox = () ->
        CoxModel.fit(data.time, data.event, new double[][] {data.x1, data.x2}, Ties.EFRON, 0.95);

    double[] seconds = new double[6]; // elapsed for the three analyses, then process CPU time
    KaplanMeierFit[] km = time(kaplanMeier, n, seconds, 0);
    LogRankResult lr = time(logRank, n, seconds, 1);
    CoxFit cx = time(cox, n, seconds, 2);

    List<double[]> blocks = new ArrayList<>();
    for (KaplanMeierFit fit : km) {
      List<KaplanMeierRow> rows = fit.rows();
      blocks.add(rows.stream().mapToDouble(KaplanMeierRow::time).toArray());
      blocks.add(rows.stream().mapToDouble(KaplanMeierRow::atRisk).toArray());
      blocks.add(rows.stream().mapToDouble(KaplanMeierRow::survival).toArray());
      blocks.add(rows.stream().mapToDouble(KaplanMeierRow::stdErr).toArray());
      blocks.add(rows.stream().mapToDouble(KaplanMeierRow::lower).toArray());
      blocks.add(rows.stream().mapToDouble(KaplanMeierRow::upper).toArray());
      SurvivalQuantile median = fit.median();
      blocks.add(new double[] {median.time(), median.lower(), median.upper()});
      blocks.add(new double[] {fit.n(), fit.events()});
    }
    blocks.add(new double[] {lr.chiSquare(), lr.df(), lr.pValue()});
    blocks.add(lr.groups().stream().mapToDouble(LogRankGroup::observed).toArray());
    blocks.add(lr.groups().stream().mapToDouble(LogRankGroup::expected).toArray());
    blocks.add(cx.terms().stream().mapToDouble(CoxTerm::coefficient).toArray());
    blocks.add(cx.terms().stream().mapToDouble(CoxTerm::stdErr).toArray());
    blocks.add(cx.terms().stream().mapToDouble(CoxTerm::pValue).toArray());
    blocks.add(new double[] {cx.logLikNull(), cx.logLik()});
    blocks.add(new double[] {cx.likelihoodRatio().chiSquare(), cx.wald().chiSquare(), cx.score().chiSquare()});
    blocks.add(new double[] {cx.concordance()});
    write(blocks, dir.resolve("java-" + n + ".bin"));
    Files.write(dir.resolve("java-" + n + ".timing"),
        Arrays.stream(seconds).mapToObj(s -> String.format("%.6f", s)).toList());
    System.out.printf("n = %,d: KM %.4f s, log-rank %.4f s, Cox %.4f s%n", n, seconds[0], seconds[1], seconds[2]);
  }

  /**
   * Runs {@code task} WARM_UP times untimed, then {@link #runs} times; stores the median elapsed
   * seconds in {@code slot} and the mean process CPU seconds per run (all threads: GC and JIT
   * included; measured over all runs together, as the JVM's CPU clock ticks in 10 ms) in slot + 3.
   */
  private static <T> T time(Supplier<T> task, int n, double[] seconds, int slot) {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    T result = null;
    for (int i = 0; i < WARM_UP; i++) {
      result = task.get();
    }
    int runs = runs(n);
    double[] elapsed = new double[runs];
    long cpuStart = os.getProcessCpuTime();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      result = task.get();
      elapsed[i] = (System.nanoTime() - start) / 1e9;
    }
    double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9 / runs;
    Arrays.sort(elapsed);
    seconds[slot] = elapsed[runs / 2];
    seconds[slot + 3] = cpu;
    return result;
  }

  /** More runs for small data, so the CPU clock's 10 ms ticks average out. */
  private static int runs(int n) {
    return n <= 100_000 ? 31 : 7;
  }

  private static void write(List<double[]> blocks, Path file) throws IOException {
    try (OutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      for (double[] block : blocks) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 8 * block.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(block.length);
        for (double v : block) {
          buffer.putDouble(v);
        }
        out.write(buffer.array());
      }
    }
  }
}
