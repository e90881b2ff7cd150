# Writes e2e-reference.tsv, which CohortCharacteristicsIT compares $cohort-characteristics with: Table 1 by
# sex of the cohort that SurvivalEndToEndIT ingests (../survival/e2e/cohort.csv), values at diagnosis.
#
#   cd server/src/test/resources/characteristics && Rscript make-e2e-reference.R
d <- read.csv("../survival/e2e/cohort.csv", na.strings = "", stringsAsFactors = FALSE)
d$age <- as.numeric(as.Date(d$diagnosis) - as.Date(d$birth)) / 365.25
d$pci[d$treatment %in% c("chemotherapy", "none")] <- NA
d$cc[d$treatment %in% c("chemotherapy", "none")] <- NA
g <- factor(d$sex)
out <- character()
for (v in c("age", "pci", "cc", "treatment", "site")) {
  x <- d[[v]]
  if (is.numeric(x)) {
    ok <- !is.na(x)
    out <- c(out, sprintf("%s\tp\t%.17g", v, suppressWarnings(wilcox.test(x[ok] ~ g[ok]))$p.value))
    for (lv in levels(g)) {
      out <- c(out, sprintf("%s\tmedian.%s\t%.17g", v, lv, median(x[ok & g == lv])))
    }
  } else {
    tab <- table(factor(x), g)
    chi <- suppressWarnings(chisq.test(tab))
    p <- if (min(chi$expected) < 5) fisher.test(tab)$p.value else chi$p.value
    out <- c(out, sprintf("%s\tp\t%.17g", v, p))
    for (lv in rownames(tab)) for (gl in colnames(tab)) {
      out <- c(out, sprintf("%s\tcount.%s.%s\t%d", v, lv, gl, tab[lv, gl]))
    }
  }
}
writeLines(out, "e2e-reference.tsv")
