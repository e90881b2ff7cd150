# Reference values for SurvivalEndToEndIT: the cohort in cohort.csv is ingested into the server as FHIR
# resources, $survival is called over a Group of these patients, and every number is compared with what
# R's survival package computes here from the same dates by the rules of SPEC section 3.
#
# cohort-missing.csv is the same cohort with a few ECOG and PCI values removed (written here, below):
# Kaplan-Meier and the log-rank test keep every patient (survfit/survdiff on everyone; a patient missing
# the stratification variable is in no stratum), the Cox model uses its complete cases (coxph's default
# na.action, na.omit). Its reference values are in reference-missing.json.
#
#   cd server/src/test/resources/survival/e2e && Rscript make-e2e-reference.R
#
# Needs R with 'survival' and 'jsonlite' (Debian: r-base-core r-cran-survival r-cran-jsonlite).
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

# The copy with missing covariates: no ECOG Observation for five patients (E2E-031 misses its PCI too),
# no PCI Observation for four operated patients.
no_ecog <- c("E2E-005", "E2E-019", "E2E-024", "E2E-031", "E2E-043")
no_pci <- c("E2E-008", "E2E-031", "E2E-036", "E2E-042")
raw <- read.csv("cohort.csv", colClasses = "character", na.strings = character(0))
raw[raw$patient %in% no_ecog, c("ecog", "ecog_date")] <- ""
raw[raw$patient %in% no_pci, "pci"] <- ""
write.csv(raw, "cohort-missing.csv", row.names = FALSE, quote = FALSE)

unit_days <- c(day = 1, week = 7, month = 30.4375, year = 365.25)

read_cohort <- function(file) {
  d <- read.csv(file, stringsAsFactors = FALSE, na.strings = "")
  dates <- c("birth", "diagnosis", "surgery", "chemo", "ecog_date", "progression", "death", "last_contact")
  for (col in dates) d[[col]] <- as.Date(d[[col]])
  # last contact = the latest clinical date other than death (SPEC section 3)
  d$contact <- do.call(pmax, c(lapply(c("diagnosis", "surgery", "chemo", "ecog_date", "progression", "last_contact"),
                                      function(col) d[[col]]), na.rm = TRUE))
  d
}

# the patients of one analysis, before any covariate is asked for; patients without an index date are
# left out of the whole analysis (counted by the server under a reason)
cohort <- function(d, endpoint, origin, unit, cutoff = NA) {
  index <- switch(origin, diagnosis = d$diagnosis, surgery = d$surgery,
                  treatment = pmin(d$surgery, d$chemo, na.rm = TRUE))
  event_date <- if (endpoint == "OS") d$death else {
    prog <- ifelse(!is.na(d$progression) & d$progression > index, d$progression, NA)
    as.Date(pmin(prog, as.numeric(d$death), na.rm = TRUE), origin = "1970-01-01")
  }
  end <- ifelse(is.na(event_date), d$contact, event_date)
  status <- !is.na(event_date)
  if (!is.na(cutoff)) {
    late <- end > as.Date(cutoff)
    end[late] <- as.numeric(as.Date(cutoff)); status[late] <- FALSE
  }
  out <- data.frame(patient = d$patient, time = (end - as.numeric(index)) / unit_days[[unit]], status = status,
                    age = as.numeric(index - d$birth) / 365.25, sex = d$sex, ecog = d$ecog, pci = d$pci,
                    cc = d$cc, treatment = d$treatment, site = d$site, stringsAsFactors = FALSE)
  out$cc_complete <- ifelse(is.na(d$cc), NA, ifelse(d$cc %in% c("CC-0", "CC-1"), "CC-0/1", "CC-2/3"))
  out$pci_band <- ifelse(is.na(d$pci), NA, ifelse(d$pci <= 10, "0-10", ifelse(d$pci <= 20, "11-20", "21-39")))
  out[!is.na(index), ]
}

code <- function(column) gsub("_", "-", column)  # R column name -> $survival covariate name

# "missing-<covariate>" -> number of patients, each counted under the first of 'columns' it misses
missing_counts <- function(s, columns) {
  first <- apply(is.na(s[columns]), 1, function(row) if (any(row)) code(columns[which(row)[1]]) else NA)
  counts <- table(first[!is.na(first)])
  if (length(counts) == 0) return(setNames(list(), character(0)))  # written as {}
  setNames(as.list(as.integer(counts)), paste0("missing-", names(counts)))
}

num <- function(x) if (length(x) == 0) list() else lapply(x, function(v) if (is.na(v)) NULL else unbox(v))

# median follow-up by reverse Kaplan-Meier: survfit with the status flipped (followUp=true)
follow_up <- function(s, conf_type, conf_level) {
  q <- quantile(survfit(Surv(time, !status) ~ 1, data = s, conf.type = conf_type, conf.int = conf_level), 0.5)
  list(median = num(q$quantile[[1]]), medianLower = num(q$lower[[1]]), medianUpper = num(q$upper[[1]]))
}

km_stratum <- function(label, s, conf_type, conf_level, at, tau, with_follow_up = FALSE) {
  fit <- survfit(Surv(time, status) ~ 1, data = s, conf.type = conf_type, conf.int = conf_level)
  sm <- summary(fit, censored = TRUE)
  tab <- summary(fit, rmean = if (is.na(tau)) "none" else tau)$table
  q <- quantile(fit, 0.5)
  st <- list(label = unbox(label), n = unbox(nrow(s)), events = unbox(sum(s$status)),
             median = num(q$quantile[[1]]), medianLower = num(q$lower[[1]]), medianUpper = num(q$upper[[1]]),
             rows = list(time = sm$time, atRisk = sm$n.risk, events = sm$n.event, censored = sm$n.censor,
                         survival = sm$surv, stdErr = sm$std.err, lower = sm$lower, upper = sm$upper))
  if (!is.na(tau)) { st$rmst <- unbox(tab[["rmean"]]); st$rmstStdErr <- unbox(tab[["se(rmean)"]]) }
  if (with_follow_up) st$followUp <- follow_up(s, conf_type, conf_level)
  if (length(at) > 0) {
    lm <- summary(fit, times = at)
    st$landmarks <- list(time = lm$time, survival = lm$surv, stdErr = lm$std.err, lower = lm$lower,
                         upper = lm$upper, atRisk = lm$n.risk)
  }
  st
}

analyse <- function(d, name, endpoint, origin, unit, stratify, covariates, ties = "efron", conf_type = "log",
                    conf_level = 0.95, at = numeric(0), tau = NA, cutoff = NA, min_cell = 5, univariable = FALSE,
                    with_follow_up = FALSE) {
  s <- cohort(d, endpoint, origin, unit, cutoff)
  s <- s[s$time >= 0, ]
  # Kaplan-Meier and log-rank: everyone eligible for the endpoint who has the stratification variable
  km <- s[!is.na(s[[stratify]]), ]
  levels_all <- sort(unique(km[[stratify]]), method = "radix")
  sizes <- table(factor(km[[stratify]], levels = levels_all))
  shown <- levels_all[sizes >= min_cell]
  strata <- lapply(shown, function(l) km_stratum(l, km[km[[stratify]] == l, ], conf_type, conf_level, at, tau,
                                                 with_follow_up))
  lr_data <- km[km[[stratify]] %in% shown, ]
  lr <- survdiff(Surv(time, status) ~ factor(lr_data[[stratify]], levels = shown), data = lr_data)
  result <- list(name = unbox(name), patients = unbox(nrow(s)), events = unbox(sum(s$status)),
       strataExcluded = lapply(missing_counts(s, stratify), unbox),
       strata = strata,
       logRank = list(chiSquare = unbox(lr$chisq), df = unbox(length(shown) - 1),
                      pValue = unbox(pchisq(lr$chisq, length(shown) - 1, lower.tail = FALSE)),
                      labels = shown, observed = as.numeric(lr$obs), expected = as.numeric(lr$exp)),
       cox = cox_model(s, covariates, ties, conf_level))
  # coxTable=univariable: one model per covariate, each on the patients who have that covariate
  # followUp=true: also over every patient of the analysis, in a stratum or not
  if (with_follow_up) result$followUp <- c(list(n = unbox(nrow(s))), follow_up(s, conf_type, conf_level))
  if (univariable) result$univariable <- lapply(covariates, function(v) c(list(covariate = unbox(code(v))),
                                                                         cox_model(s, v, ties, conf_level)))
  result
}

# Cox: coxph with its default na.action (na.omit), i.e. on the complete cases; the levels of a
# categorical term are those present among the complete cases (SPEC section 3)
cox_model <- function(s, covariates, ties, conf_level) {
  complete <- complete.cases(s[covariates])
  cx_data <- s
  for (v in covariates) if (is.character(cx_data[[v]]))
    cx_data[[v]] <- factor(cx_data[[v]], levels = sort(unique(cx_data[[v]][complete]), method = "radix"))
  fit <- coxph(as.formula(paste("Surv(time, status) ~", paste(covariates, collapse = " + "))),
               data = cx_data, ties = ties)
  cox_excluded <- missing_counts(s, covariates)
  stopifnot(fit$n == sum(complete), fit$n + sum(unlist(cox_excluded)) == nrow(s))
  sm <- summary(fit, conf.int = conf_level)  # $survival's confLevel applies to the hazard ratios too
  # summary.coxph rounds the Wald statistic for printing: take the tests from the fit itself
  df <- sum(!is.na(coef(fit)))
  chisq_test <- function(x, df) c(unname(x), df, pchisq(unname(x), df, lower.tail = FALSE))
  list(n = unbox(fit$n), events = unbox(fit$nevent), excluded = lapply(cox_excluded, unbox),
       coefficient = unname(sm$coefficients[, "coef"]),
       hazardRatio = unname(sm$coefficients[, "exp(coef)"]), stdErr = unname(sm$coefficients[, "se(coef)"]),
       z = unname(sm$coefficients[, "z"]), pValue = unname(sm$coefficients[, "Pr(>|z|)"]),
       lower = unname(sm$conf.int[, 3]), upper = unname(sm$conf.int[, 4]),
       likelihoodRatio = chisq_test(2 * diff(fit$loglik), df), wald = chisq_test(fit$wald.test, df),
       score = chisq_test(fit$score, df),
       concordance = unbox(unname(fit$concordance["concordance"])))
}

write_cases <- function(cases, file) {
  writeLines(toJSON(cases, digits = NA, auto_unbox = FALSE, null = "null", na = "null", pretty = TRUE), file)
}

d <- read_cohort("cohort.csv")
write_cases(list(
  analyse(d, "os-by-treatment", "OS", "diagnosis", "month", "treatment", c("age", "sex", "ecog"), at = c(12, 24), tau = 36),
  analyse(d, "pfs-from-surgery-by-cc", "PFS", "surgery", "week", "cc_complete", c("pci"), ties = "breslow",
          conf_type = "log-log", conf_level = 0.9, at = c(52), with_follow_up = TRUE),
  analyse(d, "os-cutoff-by-site", "OS", "diagnosis", "month", "site", c("treatment"), conf_type = "plain", cutoff = "2019-12-31")
), "reference.json")

m <- read_cohort("cohort-missing.csv")
write_cases(list(
  # the curves by treatment keep the unoperated; the Cox model is fitted on the patients with ECOG and PCI
  analyse(m, "os-by-treatment-cox-ecog-pci-band", "OS", "diagnosis", "month", "treatment", c("age", "ecog", "pci_band"),
          at = c(12, 24), univariable = TRUE),
  # strata by PCI band leave out the patients without a PCI; the Cox model on ECOG keeps them
  analyse(m, "os-by-pci-band-cox-ecog", "OS", "diagnosis", "month", "pci_band", c("ecog"), with_follow_up = TRUE),
  analyse(m, "pfs-from-surgery-by-cc-cox-pci-ecog", "PFS", "surgery", "week", "cc_complete", c("pci", "ecog"),
          ties = "breslow", conf_type = "log-log", conf_level = 0.9)
), "reference-missing.json")
