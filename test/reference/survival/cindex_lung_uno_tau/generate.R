# Uno-type truncated concordance on lung: survival::concordance(..., reverse = TRUE, ymax = 365.25,
# timewt = "n/G2"), plus the other time weightings with the same truncation, for three markers.
# Run from this folder: Rscript generate.R   (reads the shared lung_markers.csv, writes expected.json)
# ymax = tau: only events at or before tau anchor pairs (their time weight is set to 0 after tau).
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
CASE <- "cindex_lung_uno_tau"
INPUT <- "../../../../../shared/reference/survival/data/lung_markers.csv"
TAU <- 365.25
d <- read.csv(INPUT)
grid <- expand.grid(timewt = c("n/G2", "n", "S", "S/G", "I"), marker = c("lp", "ph_ecog", "age"), stringsAsFactors = FALSE)
cases <- lapply(seq_len(nrow(grid)), function(k) {
  m <- grid$marker[k]; tw <- grid$timewt[k]
  f <- as.formula(paste0("Surv(time, event) ~ ", m))
  fit <- concordance(f, data = d, reverse = TRUE, ymax = TAU, timewt = tw)
  cnt <- fit$count
  list(marker = m, timewt = tw, ymax = TAU,
       call = sprintf("concordance(Surv(time, event) ~ %s, data = d, reverse = TRUE, ymax = %s, timewt = '%s')", m, TAU, tw),
       concordance = unname(fit$concordance), var = unname(fit$var), se = sqrt(unname(fit$var)),
       count = list(concordant = unname(cnt["concordant"]), discordant = unname(cnt["discordant"]),
                    tied_x = unname(cnt["tied.x"]), tied_y = unname(cnt["tied.y"]), tied_xy = unname(cnt["tied.xy"])))
})
out <- list(
  case = CASE,
  input = "shared/reference/survival/data/lung_markers.csv",
  input_sha256 = strsplit(system2("sha256sum", INPUT, stdout = TRUE), " ")[[1]][1],
  direction = "higher marker = higher risk (reverse = TRUE)",
  tau_days = TAU,
  cases = cases,
  tolerances = list(counts = "exact for timewt n; rel 1e-12 for weighted counts (summation order)",
                    concordance = "abs 1e-12", var = "rel 1e-6 (README: concordance variance)"),
  generated_with = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival")))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "expected.json")
cat("wrote expected.json with", length(cases), "cases\n")
