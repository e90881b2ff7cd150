# Writes the reference values that SurvivalReferenceTest compares the Java statistics core against.
#
#   cd server/src/test/resources/survival/reference && Rscript make-reference.R
#
# Needs R with the 'survival' package (Debian: r-base-core r-cran-survival). No other package:
# JSON is written by hand below because jsonlite rounds to 15 significant digits.
# Datasets are written as CSV first and read back, so R analyses exactly the doubles Java parses.
suppressPackageStartupMessages(library(survival))

out_dir <- "."
set.seed(20240611)

# ---------------------------------------------------------------- JSON writer (full precision)
scalar <- function(x) structure(x, class = c("json_scalar", class(x)))
json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    parts <- vapply(x, json, "")
    if (!is.null(names(x))) {
      return(paste0("{", paste0("\"", names(x), "\":", parts, collapse = ","), "}"))
    }
    return(paste0("[", paste(parts, collapse = ","), "]"))
  }
  is_scalar <- inherits(x, "json_scalar")
  x <- unclass(x)
  vals <- if (is.character(x)) {
    ifelse(is.na(x), "null", paste0("\"", x, "\""))
  } else if (is.logical(x)) {
    ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  } else {
    # R's NA / NaN become null (Java: NaN); R's Inf (a hazard-ratio limit under separation) a string
    ifelse(is.na(x), "null",
           ifelse(is.infinite(x), ifelse(x > 0, "\"Infinity\"", "\"-Infinity\""),
                  sprintf("%.17g", as.double(x))))
  }
  if (is_scalar) {
    stopifnot(length(vals) == 1)
    vals
  } else {
    paste0("[", paste(vals, collapse = ","), "]")
  }
}
write_json <- function(x, file) writeLines(json(x), file.path(out_dir, file))

# ---------------------------------------------------------------- datasets
# Each dataset: time, status (0 = censored, 1 = event), then grouping / covariate columns.
# Values are rounded to few decimals so the CSV text is exact and both sides read identical doubles.
save_dataset <- function(d, name) {
  file <- file.path(out_dir, paste0(name, ".csv"))
  write.csv(d, file, row.names = FALSE, quote = FALSE, na = "NA")
  read.csv(file, stringsAsFactors = FALSE)
}

data_lung <- with(survival::lung, data.frame(
  time = time, status = as.integer(status == 2), sex = sex, age = age, ph_ecog = ph.ecog))
data_lung <- save_dataset(data_lung, "lung")

vet <- survival::veteran
data_veteran <- data.frame(
  time = vet$time, status = vet$status, trt = vet$trt, celltype = as.character(vet$celltype),
  karno = vet$karno, age = vet$age,
  celltype_smallcell = as.integer(vet$celltype == "smallcell"),
  celltype_adeno = as.integer(vet$celltype == "adeno"),
  celltype_large = as.integer(vet$celltype == "large"))
data_veteran <- save_dataset(data_veteran, "veteran")

# Heavy ties on a coarse integer time grid, censorings at event times, a group of 8 beside groups
# of 200 and 92, a numeric covariate and a 3-level categorical one (dummy columns cat_b, cat_c).
n_ties <- 300
grp <- rep(c(1L, 2L, 3L), times = c(200, 92, 8))
cat3 <- sample(c("a", "b", "c"), n_ties, replace = TRUE, prob = c(0.5, 0.3, 0.2))
x1 <- round(rnorm(n_ties), 3)
lin <- 0.4 * x1 + ifelse(cat3 == "b", 0.5, ifelse(cat3 == "c", -0.7, 0)) + 0.3 * (grp == 2)
t_event <- ceiling(rexp(n_ties, rate = 0.15 * exp(lin)))
t_cens <- sample(1:14, n_ties, replace = TRUE)
data_ties <- data.frame(
  time = pmin(t_event, t_cens), status = as.integer(t_event <= t_cens), group = grp,
  x1 = x1, cat = cat3, cat_b = as.integer(cat3 == "b"), cat_c = as.integer(cat3 == "c"))
data_ties <- save_dataset(data_ties, "ties")

# Curves for the quantile rules (group = curve):
# 1: 8 deaths at 1..8: S is exactly 0.75, 0.5, 0.25 over intervals (midpoints 2.5, 4.5, 6.5).
# 2: S stays at exactly 0.5 until the last (censored) time: R takes the midpoint with the end.
# 3: S reaches 0.5 only within rounding (0.6 * 5/6), so R's tolerance decides.
# 4: censored first, S never reaches 0.5 (median not reached), ends censored.
# 5: ties of events and censorings at the same times; S ends at 0.
data_quantile <- rbind(
  data.frame(time = 1:8, status = 1L, group = 1L),
  data.frame(time = c(1, 2, 3, 4), status = c(1L, 1L, 0L, 0L), group = 2L),
  data.frame(time = c(1, 2, 3, 4, 4.5, 4.5, 5, 7, 8, 9), status = c(1L, 1L, 1L, 1L, 0L, 0L, 1L, 1L, 0L, 1L),
             group = 3L),
  data.frame(time = c(0.5, 1, 2, 3, 3, 6), status = c(0L, 1L, 0L, 1L, 0L, 0L), group = 4L),
  data.frame(time = c(2, 2, 2, 3, 3, 5, 5, 5), status = c(1L, 0L, 1L, 1L, 0L, 1L, 1L, 1L), group = 5L))
data_quantile <- save_dataset(data_quantile, "quantile")

# Monotone likelihood: every event is in sep = 1 (the sep = 0 group is all censored).
n_sep <- 60
sep <- rep(c(0L, 1L), each = n_sep / 2)
z <- round(rnorm(n_sep), 2)
t_sep <- round(rexp(n_sep, 0.1), 1) + 0.1
data_separation <- data.frame(time = t_sep, status = as.integer(sep == 1 & runif(n_sep) < 0.8),
                              sep = sep, z = z)
data_separation <- save_dataset(data_separation, "separation")

# Exact collinearity: x3 = x1 + 2 * x2 (R: NA for x3), plus a constant column.
n_col <- 80
c1 <- round(rnorm(n_col), 2)
c2 <- round(runif(n_col), 2)
t_col <- round(rexp(n_col, 0.2 * exp(0.5 * c1)), 2) + 0.01
data_collinear <- data.frame(time = t_col, status = rbinom(n_col, 1, 0.75), x1 = c1, x2 = c2,
                             x3 = round(c1 + 2 * c2, 2), one = 1L)
data_collinear <- save_dataset(data_collinear, "collinear")

# A larger set: 1500 subjects, times rounded to 0.1 (some ties), 2 groups, age-like and binary covariates.
n_big <- 1500
g_big <- rbinom(n_big, 1, 0.4) + 1L
age_big <- round(rnorm(n_big, 62, 9), 1)
bin_big <- rbinom(n_big, 1, 0.3)
lin_big <- 0.03 * (age_big - 62) + 0.6 * bin_big - 0.4 * (g_big == 2)
t_big <- round(rexp(n_big, 0.05 * exp(lin_big)), 1) + 0.1
c_big <- round(runif(n_big, 5, 60), 1)
data_large <- data.frame(time = pmin(t_big, c_big), status = as.integer(t_big <= c_big), group = g_big,
                         age = age_big, high_pci = bin_big)
data_large <- save_dataset(data_large, "large")

# Non-convergence with two covariates: x1 separates the events, the log-likelihood tends to 0, so
# the relative criterion never holds and R stops after iter.max.
data_monotone <- data.frame(time = 1:8, status = c(1L, 1L, 1L, 1L, 0L, 0L, 0L, 0L),
                            x1 = c(8, 7, 6, 5, 1, 2, 3, 2), x2 = c(0.3, -1, 2, 0.5, 1.1, 0.2, -0.4, 0.9))
data_monotone <- save_dataset(data_monotone, "monotone")

# Tiny edge cases (group = case): one event, one censored, all censored, event and censoring tied.
data_edge <- rbind(
  data.frame(time = 3, status = 1L, group = 1L),
  data.frame(time = 3, status = 0L, group = 2L),
  data.frame(time = c(1, 2, 2, 5), status = 0L, group = 3L),
  data.frame(time = c(2, 2), status = c(1L, 0L), group = 4L))
data_edge <- save_dataset(data_edge, "edge")

# ---------------------------------------------------------------- Kaplan-Meier cases
km_case <- function(name, dataset, data, subset_col = NULL, subset_val = NULL,
                    conf_type = "log", conf_level = 0.95, landmarks = numeric(0),
                    tau = NULL, probs = c(0.25, 0.5, 0.75)) {
  d <- data
  if (!is.null(subset_col)) d <- d[d[[subset_col]] == subset_val, , drop = FALSE]
  fit <- survfit(Surv(time, status) ~ 1, data = d, conf.type = conf_type, conf.int = conf_level)
  s <- summary(fit, censored = TRUE)
  q <- quantile(fit, probs = probs)
  res <- list(
    name = scalar(name), dataset = scalar(dataset),
    subsetColumn = if (is.null(subset_col)) NULL else scalar(subset_col),
    subsetValue = if (is.null(subset_val)) NULL else scalar(subset_val),
    confType = scalar(conf_type), confLevel = scalar(conf_level),
    n = scalar(nrow(d)), events = scalar(sum(d$status)),
    rows = list(time = s$time, atRisk = s$n.risk, events = s$n.event, censored = s$n.censor,
                survival = s$surv, stdErr = s$std.err, lower = s$lower, upper = s$upper),
    quantiles = list(probs = probs, time = unname(q$quantile), lower = unname(q$lower),
                     upper = unname(q$upper)),
    # print.survfit's median uses a different rule; recorded only to document the difference
    printMedian = list(median = scalar(unname(summary(fit)$table["median"])),
                       lower = scalar(unname(summary(fit)$table[paste0(conf_level, "LCL")])),
                       upper = scalar(unname(summary(fit)$table[paste0(conf_level, "UCL")]))))
  if (length(landmarks) > 0) {
    sl <- summary(fit, times = landmarks)
    res$landmarks <- list(requested = landmarks, time = sl$time, atRisk = sl$n.risk,
                          survival = sl$surv, stdErr = sl$std.err, lower = sl$lower,
                          upper = sl$upper)
  }
  if (!is.null(tau)) {
    tab <- summary(fit, rmean = tau)$table
    res$rmean <- list(tau = scalar(tau), estimate = scalar(unname(tab["rmean"])),
                      stdErr = scalar(unname(tab["se(rmean)"])))
  }
  res
}

km <- list()
add_km <- function(...) km[[length(km) + 1]] <<- km_case(...)
for (ct in c("log", "log-log", "plain")) {
  add_km(paste("lung all", ct), "lung", data_lung, conf_type = ct,
         landmarks = c(-5, 0, 5, 180, 365, 366.5, 730, 1022, 2000), tau = 730)
  for (sx in 1:2) {
    add_km(paste("lung sex", sx, ct), "lung", data_lung, "sex", sx, conf_type = ct,
           landmarks = c(90, 180, 365), tau = 500)
  }
  for (g in 1:3) {
    add_km(paste("ties group", g, ct), "ties", data_ties, "group", g, conf_type = ct,
           landmarks = c(0.5, 1, 3, 6.5, 12, 14), tau = 10, probs = c(0.1, 0.25, 0.5, 0.75, 0.9))
  }
  for (g in 1:5) {
    add_km(paste("quantile curve", g, ct), "quantile", data_quantile, "group", g, conf_type = ct,
           landmarks = c(0, 1, 2.5, 4, 4.5, 9), tau = 4, probs = c(0.25, 0.5, 0.75))
  }
  for (g in 1:4) {
    add_km(paste("edge case", g, ct), "edge", data_edge, "group", g, conf_type = ct,
           landmarks = c(1, 2, 3, 5), tau = 3)
  }
}
for (cl in c(0.9, 0.99)) {
  for (ct in c("log", "log-log", "plain")) {
    add_km(paste("veteran all", ct, cl), "veteran", data_veteran, conf_type = ct, conf_level = cl,
           landmarks = c(30, 100, 365), tau = 400)
  }
}
for (g in 1:2) add_km(paste("large group", g), "large", data_large, "group", g,
                      landmarks = c(1, 12, 24, 36), tau = 36)
for (s in 0:1) add_km(paste("separation sep", s), "separation", data_separation, "sep", s,
                      landmarks = c(1, 10, 20), tau = 20)
# tau beyond the last time, and tau equal to an observed time
add_km("ties all tau beyond", "ties", data_ties, tau = 30)
add_km("ties all tau at time", "ties", data_ties, tau = 7)
write_json(km, "kaplan-meier.json")

# ---------------------------------------------------------------- log-rank cases
logrank_case <- function(name, dataset, data, group_col) {
  d <- data[!is.na(data[[group_col]]), , drop = FALSE]
  g <- factor(d[[group_col]])
  sd <- survdiff(Surv(d$time, d$status) ~ g)
  df <- sum(sd$exp > 0) - 1
  list(name = scalar(name), dataset = scalar(dataset), rows = as.integer(rownames(d)),
       groupColumn = scalar(group_col),
       levels = levels(g), n = as.vector(sd$n), observed = as.vector(sd$obs),
       expected = as.vector(sd$exp), chiSquare = scalar(sd$chisq), df = scalar(df),
       pValue = scalar(pchisq(sd$chisq, df, lower.tail = FALSE)))
}
logrank <- list(
  logrank_case("lung sex", "lung", data_lung, "sex"),
  logrank_case("lung ph.ecog (a group of one)", "lung", data_lung, "ph_ecog"),
  logrank_case("veteran celltype", "veteran", data_veteran, "celltype"),
  logrank_case("ties group (3 groups, one of 8)", "ties", data_ties, "group"),
  logrank_case("ties cat", "ties", data_ties, "cat"),
  logrank_case("quantile curves (5 groups)", "quantile", data_quantile, "group"),
  logrank_case("separation (one group without events)", "separation", data_separation, "sep"),
  logrank_case("large group", "large", data_large, "group"),
  logrank_case("edge (4 tiny groups)", "edge", data_edge, "group"))
write_json(logrank, "log-rank.json")

# ---------------------------------------------------------------- Cox cases
cox_case <- function(name, dataset, data, formula, columns, ties, conf_level = 0.95) {
  d <- data[complete.cases(data[, columns, drop = FALSE]), , drop = FALSE]
  warnings <- character(0)
  fit <- withCallingHandlers(
    coxph(formula, data = d, ties = ties),
    warning = function(w) {
      warnings <<- c(warnings, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  coef <- unname(coef(fit))
  se <- unname(sqrt(diag(fit$var)))
  se[is.na(coef)] <- NA
  z <- coef / se
  zval <- qnorm(1 - (1 - conf_level) / 2)
  df <- sum(!is.na(coef))
  has_events <- fit$nevent > 0
  lr <- if (has_events) 2 * (fit$loglik[2] - fit$loglik[1]) else 0
  list(name = scalar(name), dataset = scalar(dataset), rows = as.integer(rownames(d)),
       columns = columns, ties = scalar(ties),
       confLevel = scalar(conf_level), n = scalar(fit$n), events = scalar(fit$nevent),
       coefficient = coef, stdErr = se, z = z, pValue = 2 * pnorm(-abs(z)),
       hazardRatio = exp(coef), lower = exp(coef - zval * se), upper = exp(coef + zval * se),
       logLik = fit$loglik, iterations = scalar(fit$iter),
       likelihoodRatio = list(chiSquare = scalar(lr), df = scalar(df),
                              pValue = scalar(pchisq(lr, df, lower.tail = FALSE))),
       wald = list(chiSquare = scalar(unname(fit$wald.test)), df = scalar(df),
                   pValue = scalar(pchisq(unname(fit$wald.test), df, lower.tail = FALSE))),
       score = list(chiSquare = scalar(unname(fit$score)), df = scalar(df),
                    pValue = scalar(pchisq(unname(fit$score), df, lower.tail = FALSE))),
       concordance = scalar(unname(fit$concordance["concordance"])),
       warnings = warnings)
}

cox <- list()
for (ties in c("efron", "breslow")) {
  cox[[length(cox) + 1]] <- cox_case(paste("lung age+sex", ties), "lung", data_lung,
                                     Surv(time, status) ~ age + sex, c("age", "sex"), ties)
  cox[[length(cox) + 1]] <- cox_case(paste("lung age+sex+ph.ecog", ties), "lung", data_lung,
                                     Surv(time, status) ~ age + sex + ph_ecog,
                                     c("age", "sex", "ph_ecog"), ties)
  cox[[length(cox) + 1]] <- cox_case(paste("veteran karno+celltype+trt", ties), "veteran",
                                     within(data_veteran,
                                            celltype <- factor(celltype, c("squamous", "smallcell", "adeno", "large"))),
                                     Surv(time, status) ~ karno + celltype + trt,
                                     c("karno", "celltype_smallcell", "celltype_adeno", "celltype_large", "trt"),
                                     ties)
  cox[[length(cox) + 1]] <- cox_case(paste("ties x1+cat", ties), "ties",
                                     within(data_ties, cat <- factor(cat)),
                                     Surv(time, status) ~ x1 + cat, c("x1", "cat_b", "cat_c"), ties)
  cox[[length(cox) + 1]] <- cox_case(paste("separation sep+z", ties), "separation", data_separation,
                                     Surv(time, status) ~ sep + z, c("sep", "z"), ties)
  cox[[length(cox) + 1]] <- cox_case(paste("collinear", ties), "collinear", data_collinear,
                                     Surv(time, status) ~ x1 + x2 + x3 + one,
                                     c("x1", "x2", "x3", "one"), ties)
  cox[[length(cox) + 1]] <- cox_case(paste("large age+high_pci+group", ties), "large", data_large,
                                     Surv(time, status) ~ age + high_pci + group,
                                     c("age", "high_pci", "group"), ties)
}
cox[[length(cox) + 1]] <- cox_case("lung age+sex efron conf 0.9", "lung", data_lung,
                                   Surv(time, status) ~ age + sex, c("age", "sex"), "efron", 0.9)
cox[[length(cox) + 1]] <- cox_case("quantile curves, one covariate", "quantile", data_quantile,
                                   Surv(time, status) ~ group, c("group"), "efron")
cox[[length(cox) + 1]] <- cox_case("no events (all censored)", "separation",
                                   data_separation[data_separation$sep == 0, ],
                                   Surv(time, status) ~ z, c("z"), "efron")
# (n = 1 is not here: coxph itself fails on it, inside concordancefit)
cox[[length(cox) + 1]] <- cox_case("did not converge, two covariates", "monotone", data_monotone,
                                   Surv(time, status) ~ x1 + x2, c("x1", "x2"), "efron")
cox[[length(cox) + 1]] <- cox_case("edge groups 1-2 (one event)", "edge", data_edge[data_edge$group <= 2, ],
                                   Surv(time, status) ~ group, c("group"), "efron")
write_json(cox, "cox.json")

writeLines(c(paste("R", R.version$major, ".", R.version$minor, sep = ""),
             paste("survival", packageVersion("survival"))),
           file.path(out_dir, "versions.txt"))
