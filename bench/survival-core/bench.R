# R side of the survival-core benchmark (see run.sh).
#
#   Rscript bench.R generate DIR          writes DIR/data-<n>.csv for n = 1e4, 1e5, 1e6 (fixed seed)
#   Rscript bench.R run DIR N REPEATS     times survfit, survdiff, coxph on DIR/data-N.csv; writes
#                                         DIR/r-N.bin (results) and DIR/r-N.timing
#   Rscript bench.R compare DIR N...      compares DIR/r-N.bin with DIR/java-N.bin, prints the table
#
# Results are exchanged as little-endian doubles, so nothing is rounded on the way.
suppressPackageStartupMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]
dir <- args[2]
sizes <- c(1e4, 1e5, 1e6)

data_file <- function(n) file.path(dir, sprintf("data-%d.csv", as.integer(n)))

generate <- function() {
  set.seed(42)
  for (n in sizes) {
    group <- rbinom(n, 1, 0.45)
    x1 <- round(rnorm(n, 60, 10), 2)              # age-like
    x2 <- round(runif(n, 0, 39))                  # PCI-like, integer 0..39
    rate <- 0.02 * exp(0.02 * (x1 - 60) + 0.03 * (x2 - 20) - 0.3 * group)
    event_time <- rexp(n, rate)
    censor_time <- runif(n, 1, 120)
    # whole days in months, as the server reports them: many ties at 1e6
    days <- ceiling(pmin(event_time, censor_time) * 30.4375)
    d <- data.frame(days = days, status = as.integer(event_time <= censor_time), group = group,
                    x1 = x1, x2 = x2)
    write.csv(d, data_file(n), row.names = FALSE, quote = FALSE)
  }
}

read_data <- function(n) {
  d <- read.csv(data_file(n), colClasses = c("numeric", "integer", "integer", "numeric", "numeric"))
  d$time <- d$days / 30.4375
  d
}

# Blocks of numbers, in the order SurvivalCoreBenchmark writes them.
write_results <- function(blocks, file) {
  con <- file(file, "wb")
  on.exit(close(con))
  for (b in blocks) {
    b <- as.double(b)
    writeBin(length(b), con, size = 4, endian = "little")
    writeBin(b, con, size = 8, endian = "little")
  }
}

read_results <- function(file) {
  con <- file(file, "rb")
  on.exit(close(con))
  blocks <- list()
  repeat {
    len <- readBin(con, "integer", n = 1, size = 4, endian = "little")
    if (length(len) == 0) break
    blocks[[length(blocks) + 1]] <- readBin(con, "double", n = len, size = 8, endian = "little")
  }
  blocks
}

block_names <- c(
  paste0("km g", rep(0:1, each = 8), " ",
         c("time", "n.risk", "surv", "std.err", "lower", "upper", "median+CI", "n,events")),
  "logrank chisq,df,p", "logrank observed", "logrank expected",
  "cox coef", "cox se", "cox p", "cox loglik", "cox LR,Wald,score", "cox concordance")

run <- function(n, repeats) {
  d <- read_data(n)
  y <- Surv(d$time, d$status)
  timed <- function(f) {
    elapsed <- numeric(repeats)
    cpu <- numeric(repeats)
    for (r in seq_len(repeats)) {
      gc()
      st <- system.time(value <- f())
      elapsed[r] <- st[["elapsed"]]
      cpu[r] <- st[["user.self"]] + st[["sys.self"]]
    }
    list(value = value, seconds = median(elapsed), cpu = median(cpu))
  }
  km <- timed(function() survfit(y ~ group, data = d))
  lr <- timed(function() survdiff(y ~ group, data = d))
  cx <- timed(function() coxph(y ~ x1 + x2, data = d))

  blocks <- list()
  fit <- km$value
  strata <- rep(seq_along(fit$strata), fit$strata)
  q <- quantile(fit, 0.5)
  for (g in 1:2) {
    k <- strata == g
    blocks <- c(blocks, list(fit$time[k], fit$n.risk[k], fit$surv[k], fit$std.err[k] * fit$surv[k],
                             fit$lower[k], fit$upper[k],
                             c(q$quantile[g], q$lower[g], q$upper[g]), c(fit$n[g], sum(fit$n.event[k]))))
  }
  s <- lr$value
  blocks <- c(blocks, list(c(s$chisq, length(s$n) - 1, s$pvalue), s$obs, s$exp))
  m <- cx$value
  sm <- summary(m)
  blocks <- c(blocks, list(coef(m), sqrt(diag(m$var)), sm$coefficients[, "Pr(>|z|)"], m$loglik,
                           c(2 * diff(m$loglik), m$wald.test, m$score), m$concordance["concordance"]))
  write_results(blocks, file.path(dir, sprintf("r-%d.bin", as.integer(n))))
  writeLines(sprintf("%.6f", c(km$seconds, lr$seconds, cx$seconds, km$cpu, lr$cpu, cx$cpu)),
             file.path(dir, sprintf("r-%d.timing", as.integer(n))))
}

compare <- function(ns) {
  rows <- list()
  diffs <- list()
  for (n in ns) {
    tag <- as.integer(n)
    r <- read_results(file.path(dir, sprintf("r-%d.bin", tag)))
    j <- read_results(file.path(dir, sprintf("java-%d.bin", tag)))
    worst <- 0
    worst_block <- ""
    for (b in seq_along(r)) {
      if (length(r[[b]]) != length(j[[b]])) stop("length differs in block ", block_names[b], " at n = ", tag)
      na_r <- is.na(r[[b]])
      na_j <- is.na(j[[b]])
      if (any(na_r != na_j)) stop("NA pattern differs in block ", block_names[b], " at n = ", tag)
      a <- j[[b]][!na_r]
      e <- r[[b]][!na_r]
      rel <- ifelse(abs(e) > 1e-12, abs(a - e) / abs(e), abs(a - e))
      if (length(rel) > 0 && max(rel) > worst) {
        worst <- max(rel)
        worst_block <- block_names[b]
      }
    }
    rt <- as.numeric(readLines(file.path(dir, sprintf("r-%d.timing", tag))))
    jt <- as.numeric(readLines(file.path(dir, sprintf("java-%d.timing", tag))))
    for (k in 1:3) {
      rows[[length(rows) + 1]] <- data.frame(
        n = format(tag, big.mark = ",", scientific = FALSE),
        analysis = c("KM, 2 groups", "log-rank", "Cox, 2 terms (Efron)")[k],
        R_s = sprintf("%.4f", rt[k]), Java_s = sprintf("%.4f", jt[k]),
        speedup = sprintf("%.1fx", rt[k] / jt[k]),
        R_cpu_s = sprintf("%.4f", rt[k + 3]), Java_cpu_s = sprintf("%.4f", jt[k + 3]),
        cpu_speedup = sprintf("%.1fx", rt[k + 3] / jt[k + 3]))
    }
    diffs[[length(diffs) + 1]] <- data.frame(
      n = format(tag, big.mark = ",", scientific = FALSE),
      max_rel_diff = sprintf("%.2e", worst), in_block = worst_block,
      values_compared = sum(lengths(r)))
  }
  cat("Timings (seconds, median of runs; elapsed and CPU):\n")
  print(do.call(rbind, rows), row.names = FALSE, right = FALSE)
  cat("\nAgreement of every number (all KM rows of both groups, log-rank, Cox), Java vs R:\n")
  print(do.call(rbind, diffs), row.names = FALSE, right = FALSE)
}

switch(mode,
       generate = generate(),
       run = run(as.numeric(args[3]), as.integer(args[4])),
       compare = compare(as.numeric(args[-(1:2)])),
       stop("mode must be generate, run or compare"))
