# Concordance with strata, case weights and clusters on lung (survival::concordance, reverse = TRUE).
# Run from this folder: Rscript generate.R   (writes input.csv and expected.json)
# input.csv: the 227 rows of the shared lung_markers.csv joined with lung.csv's sex and inst by `row`,
# plus a deterministic case weight w = 1 + (row %% 3) / 2 (values 1, 1.5, 2). inst is missing for one
# row; the cluster cases drop it (R's na.action), the others keep all rows.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
CASE <- "cindex_lung_strata_weights"
SHARED <- "../../../../../shared/reference/survival/data/"
mk <- read.csv(paste0(SHARED, "lung_markers.csv"))
lung <- read.csv(paste0(SHARED, "lung.csv"))
lung$row <- seq_len(nrow(lung))
d <- merge(mk[, c("row", "time", "event", "lp", "ph_ecog")], lung[, c("row", "sex", "inst")], by = "row")
d <- d[order(d$row), ]
stopifnot(nrow(d) == 227)
d$w <- 1 + (d$row %% 3) / 2
write.csv(d, "input.csv", row.names = FALSE, quote = FALSE, na = "NA")
d <- read.csv("input.csv")
sha <- function(f) strsplit(system2("sha256sum", f, stdout = TRUE), " ")[[1]][1]

one <- function(label, call_txt) {
  fit <- eval(parse(text = call_txt))
  cnt <- fit$count
  if (is.matrix(cnt)) cnt <- colSums(cnt)
  list(label = label, call = call_txt, concordance = unname(fit$concordance), var = unname(fit$var),
       count = list(concordant = unname(cnt["concordant"]), discordant = unname(cnt["discordant"]),
                    tied_x = unname(cnt["tied.x"]), tied_y = unname(cnt["tied.y"]), tied_xy = unname(cnt["tied.xy"])))
}
cases <- list(
  one("strata_n", "concordance(Surv(time, event) ~ lp + strata(sex), data = d, reverse = TRUE)"),
  one("strata_nG2", "concordance(Surv(time, event) ~ lp + strata(sex), data = d, reverse = TRUE, timewt = 'n/G2')"),
  one("strata_ecog_S", "concordance(Surv(time, event) ~ ph_ecog + strata(sex), data = d, reverse = TRUE, timewt = 'S')"),
  one("weights_n", "concordance(Surv(time, event) ~ lp, data = d, weights = w, reverse = TRUE)"),
  one("weights_SG", "concordance(Surv(time, event) ~ lp, data = d, weights = w, reverse = TRUE, timewt = 'S/G')"),
  one("weights_strata_I", "concordance(Surv(time, event) ~ ph_ecog + strata(sex), data = d, weights = w, reverse = TRUE, timewt = 'I')"),
  one("cluster_n", "concordance(Surv(time, event) ~ lp, data = d[!is.na(d$inst), ], cluster = inst, reverse = TRUE)")
)
out <- list(
  case = CASE,
  input = "input.csv",
  input_sha256 = sha("input.csv"),
  sources = list(lung_markers = sha(paste0(SHARED, "lung_markers.csv")), lung = sha(paste0(SHARED, "lung.csv"))),
  direction = "higher marker = higher risk (reverse = TRUE)",
  cases = cases,
  tolerances = list(counts = "exact when unweighted with timewt n; otherwise rel 1e-12 (summation order)",
                    concordance = "abs 1e-12", var = "rel 1e-6"),
  generated_with = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival")))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "expected.json")
cat("wrote expected.json with", length(cases), "cases\n")
