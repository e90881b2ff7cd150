# Writes the reference values that CharacteristicsReferenceTest compares Table 1's tests and summaries with.
#
#   cd server/src/test/resources/characteristics && Rscript make-reference.R
#
# Needs only base R (stats). Data sets are written as CSV first and read back, so R analyses exactly the
# values Java parses. Values are written with 17 significant digits as "dataset<TAB>quantity<TAB>value".
set.seed(20261207)

datasets <- list()

# ds-three: 118 patients in 3 groups, a 4-level factor with a sparse level, a continuous value with ties
# (whole years) and missing values -> chi-square without correction, Fisher r x c, Kruskal-Wallis
n <- 118
g <- sample(c("crs-hipec", "chemotherapy", "crs"), n, replace = TRUE, prob = c(0.55, 0.35, 0.10))
f <- sample(c("epithelioid", "biphasic", "sarcomatoid", "well-differentiated"), n, replace = TRUE,
            prob = c(0.75, 0.15, 0.03, 0.07))
x <- round(rnorm(n, 58, 11))
x[sample(n, 7)] <- NA
f[sample(n, 4)] <- NA
datasets[["three"]] <- data.frame(group = g, factor = f, value = x)

# ds-two: 2 groups, 2x2 table (Yates), continuous with ties and n > 50 -> Wilcoxon normal approximation
n <- 140
g <- sample(c("a", "b"), n, replace = TRUE)
f <- ifelse(runif(n) < ifelse(g == "a", 0.3, 0.5), "yes", "no")
x <- round(rexp(n, 1 / 20), 1)
datasets[["two"]] <- data.frame(group = g, factor = f, value = x)

# ds-small: 2 small groups, no ties -> exact Wilcoxon; a 3x2 table with expected counts < 5 -> Fisher
g <- c(rep("a", 9), rep("b", 12))
f <- c("x", "x", "y", "z", "x", "y", "x", "x", "z", "y", "y", "z", "z", "y", "x", "z", "z", "y", "z", "z", "y")
x <- round(runif(21, 20, 80), 3)
datasets[["small"]] <- data.frame(group = g, factor = f, value = x)

# ds-sparse: 2 groups, a 2x2 table with a zero cell, a group of size 1 for the continuous value
g <- c(rep("a", 30), rep("b", 25))
f <- c(rep("yes", 12), rep("no", 18), rep("no", 25))
x <- c(round(rnorm(30, 10, 3), 2), rep(NA, 24), 7.5)
datasets[["sparse"]] <- data.frame(group = g, factor = f, value = x)

out <- character()
put <- function(ds, name, value) {
  out <<- c(out, sprintf("%s\t%s\t%s", ds, name, ifelse(is.na(value), "NA", sprintf("%.17g", value))))
}
for (ds in names(datasets)) {
  write.csv(datasets[[ds]], paste0(ds, ".csv"), row.names = FALSE, na = "")
  d <- read.csv(paste0(ds, ".csv"), na.strings = "", stringsAsFactors = FALSE)
  levels_g <- sort(unique(d$group))
  tab <- table(factor(d$factor), factor(d$group, levels = levels_g))
  chi <- suppressWarnings(chisq.test(tab))
  put(ds, "chisq.statistic", chi$statistic)
  put(ds, "chisq.df", chi$parameter)
  put(ds, "chisq.p", chi$p.value)
  put(ds, "chisq.corrected", as.numeric(grepl("continuity", chi$method)))
  raw <- suppressWarnings(chisq.test(tab, correct = FALSE))
  put(ds, "chisq-uncorrected.statistic", raw$statistic)
  put(ds, "chisq-uncorrected.p", raw$p.value)
  put(ds, "chisq.min-expected", min(chi$expected))
  put(ds, "fisher.p", fisher.test(tab)$p.value)
  v <- d[!is.na(d$value), ]
  if (length(levels_g) == 2) {
    w <- suppressWarnings(wilcox.test(value ~ factor(group, levels = levels_g), data = v))
    put(ds, "wilcoxon.statistic", w$statistic)
    put(ds, "wilcoxon.p", w$p.value)
  }
  k <- kruskal.test(value ~ factor(group), data = v)
  put(ds, "kruskal.statistic", k$statistic)
  put(ds, "kruskal.df", k$parameter)
  put(ds, "kruskal.p", k$p.value)
  for (lv in c(levels_g, "all")) {
    y <- if (lv == "all") v$value else v$value[v$group == lv]
    q <- quantile(y, c(0.25, 0.5, 0.75), type = 7)
    put(ds, paste0("summary.", lv, ".n"), length(y))
    put(ds, paste0("summary.", lv, ".median"), q[[2]])
    put(ds, paste0("summary.", lv, ".q1"), q[[1]])
    put(ds, paste0("summary.", lv, ".q3"), q[[3]])
    put(ds, paste0("summary.", lv, ".min"), min(y))
    put(ds, paste0("summary.", lv, ".max"), max(y))
    put(ds, paste0("summary.", lv, ".mean"), mean(y))
    put(ds, paste0("summary.", lv, ".sd"), if (length(y) > 1) sd(y) else NA)
  }
}
writeLines(out, "reference.tsv")
writeLines(c(R.version.string), "versions.txt")

# ---------------------------------------------------------------- Table 1 of a cohort, end to end
# 118 patients as the server's analysis records hold them (dates, codes); Table1ReferenceTest builds the
# records from cohort.csv and compares $cohort-characteristics' computation with these values.
n <- 118
treatment <- sample(c("crs-hipec", "chemotherapy", "crs"), n, replace = TRUE, prob = c(0.55, 0.38, 0.07))
diagnosis <- as.Date("2015-01-01") + sample(0:2500, n, replace = TRUE)
birth <- diagnosis - round(rnorm(n, 58 * 365.25, 11 * 365.25))
birth[sample(n, 3)] <- NA
sex <- sample(c("female", "male"), n, replace = TRUE)
histology <- sample(c("9052/3", "9053/3", "9051/3", "9050/3"), n, replace = TRUE, prob = c(0.7, 0.15, 0.05, 0.1))
pci <- ifelse(treatment == "chemotherapy", NA, pmin(39, pmax(0, round(rnorm(n, 15, 8)))))
cc <- ifelse(treatment == "chemotherapy", NA, sample(c("CC-0", "CC-1", "CC-2", "CC-3"), n, replace = TRUE,
                                                      prob = c(0.5, 0.3, 0.12, 0.08)))
cohort <- data.frame(id = sprintf("p%03d", 1:n), treatment, sex, histology, diagnosis = format(diagnosis),
                     birth = ifelse(is.na(birth), "", format(birth)), pci, cc)
write.csv(cohort, "cohort.csv", row.names = FALSE, na = "")
d <- read.csv("cohort.csv", na.strings = "", stringsAsFactors = FALSE)
d$age <- as.numeric(as.Date(d$diagnosis) - as.Date(d$birth)) / 365.25
band <- function(p) ifelse(is.na(p), NA, ifelse(p <= 10, "0-10", ifelse(p <= 20, "11-20", "21-39")))
d$`pci-band` <- band(d$pci)
out <- character()
for (by in c("treatment", "sex")) {
  g <- factor(d[[by]])
  for (v in c("age", "pci", "sex", "histology", "pci-band", "cc", "treatment")) {
    if (v == by) next
    key <- paste0(by, "\t", v)
    x <- d[[v]]
    if (is.numeric(x)) {
      ok <- !is.na(x)
      p <- if (nlevels(g) == 2) suppressWarnings(wilcox.test(x[ok] ~ g[ok]))$p.value else kruskal.test(x[ok], g[ok])$p.value
      out <- c(out, sprintf("%s\tp\t%.17g", key, p))
      for (lv in levels(g)) {
        y <- x[ok & g == lv]
        out <- c(out, sprintf("%s\tmedian.%s\t%.17g", key, lv, median(y)),
                 sprintf("%s\tmean.%s\t%.17g", key, lv, mean(y)),
                 sprintf("%s\tsd.%s\t%.17g", key, lv, sd(y)),
                 sprintf("%s\tmissing.%s\t%d", key, lv, sum(!ok & g == lv)))
      }
    } else {
      tab <- table(factor(x), g)
      chi <- suppressWarnings(chisq.test(tab))
      p <- if (min(chi$expected) < 5) fisher.test(tab)$p.value else chi$p.value
      out <- c(out, sprintf("%s\tp\t%.17g", key, p),
               sprintf("%s\tmethod\t%s", key, if (min(chi$expected) < 5) "fisher" else
                 if (grepl("continuity", chi$method)) "chi-square-yates" else "chi-square"))
      for (lv in rownames(tab)) for (gl in colnames(tab)) {
        out <- c(out, sprintf("%s\tcount.%s.%s\t%d", key, lv, gl, tab[lv, gl]))
      }
    }
  }
}
writeLines(out, "cohort-reference.tsv")
