# Stratified log-rank (and Peto-Peto) test: VA lung cancer trial, treatment within cell type.
# Run from this folder: Rscript generate.R   (writes input.csv and expected.json)
CASE <- "logrank_veteran_strat"
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(digest) })

out <- survival::veteran[, c("trt", "celltype", "time", "status", "karno")]
out$celltype <- as.character(out$celltype)
fmt <- function(v) if (is.numeric(v)) sprintf("%.17g", v) else v
write.csv(as.data.frame(lapply(out, fmt)), "input.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("input.csv")
d$celltype <- factor(d$celltype, levels = c("squamous", "smallcell", "adeno", "large"))

one <- function(rho) {
  sd <- survdiff(Surv(time, status) ~ trt + strata(celltype), data = d, rho = rho)
  df <- sum(rowSums(sd$exp) > 0) - 1
  list(rho = rho,
       groups = I(names(sd$n)), n = I(as.vector(sd$n)),
       strata = I(names(sd$strata)), strata_n = I(as.vector(sd$strata)),
       observed_by_stratum = lapply(seq_len(nrow(sd$obs)), function(i) I(unname(sd$obs[i, ]))),
       expected_by_stratum = lapply(seq_len(nrow(sd$exp)), function(i) I(unname(sd$exp[i, ]))),
       observed = I(unname(rowSums(sd$obs))), expected = I(unname(rowSums(sd$exp))),
       var = lapply(seq_len(nrow(sd$var)), function(i) I(unname(sd$var[i, ]))),
       chisq = sd$chisq, df = df, p = pchisq(sd$chisq, df, lower.tail = FALSE))
}

res <- list(
  case = CASE,
  description = "veteran: log-rank (rho = 0) and Peto-Peto (rho = 1) for trt, stratified by celltype",
  data = "input.csv (survival::veteran: trt, celltype, time, status, karno)",
  input_sha256 = digest(file = "input.csv", algo = "sha256"),
  generated_with = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival"))),
  call = c("d$celltype <- factor(d$celltype, levels = c('squamous', 'smallcell', 'adeno', 'large'))",
           "survdiff(Surv(time, status) ~ trt + strata(celltype), data = d, rho = <0|1>)",
           "observed/expected rows = groups, columns = strata (in 'strata' order); totals = rowSums; df = groups with E > 0, minus 1"),
  tolerances = list(survdiff = list(rel = 1e-9, reason = "sums of ratios of counts"), counts = "exact", p = list(rel = 1e-6)),
  results = list(logrank = one(0), petopeto = one(1))
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "expected.json")
