# Side-by-side benchmark peer: times the same survival work in R `survival` on the CSV written by
# the TypeScript bench (src/bench/run.ts). Usage: Rscript survival-bench.R data.csv big.csv reps out.json
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); big <- read.csv(args[2]); reps <- as.integer(args[3])
timeit <- function(f) { f(); t <- numeric(reps); for (i in seq_len(reps)) t[i] <- system.time(f())[["elapsed"]]; median(t) * 1000 }
form <- Surv(time, event) ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10
res <- list(
  cox_efron_ms = timeit(function() coxph(form, data = d, ties = "efron")),
  concordance_ms = timeit(function() concordance(Surv(time, event) ~ risk, data = d, reverse = TRUE)),
  km_ms = timeit(function() survfit(Surv(time, event) ~ 1, data = d)),
  logrank_ms = timeit(function() survdiff(Surv(time, event) ~ group, data = d)),
  concordance_1e6_ms = timeit(function() concordance(Surv(time, event) ~ risk, data = big, reverse = TRUE))
)
fit <- coxph(form, data = d, ties = "efron")
res$check <- list(cox_coef = unname(coef(fit)), cox_loglik = fit$loglik[2],
  concordance = concordance(Surv(time, event) ~ risk, data = d, reverse = TRUE)$concordance,
  logrank_chisq = survdiff(Surv(time, event) ~ group, data = d)$chisq)
res$versions <- list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival")))
writeLines(jsonlite_free <- (function(x) {
  enc <- function(v) if (is.list(v)) paste0("{", paste(sprintf('"%s":%s', names(v), sapply(v, enc)), collapse = ","), "}") else if (is.character(v)) sprintf('"%s"', v) else if (length(v) == 1) format(v, digits = 15) else paste0("[", paste(format(v, digits = 15), collapse = ","), "]")
  enc(x) })(res), args[4])
