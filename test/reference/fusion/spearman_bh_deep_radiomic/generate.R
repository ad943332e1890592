# Spearman correlation (cor.test, method = "spearman", exact = FALSE) of every deep x radiomic feature
# pair on the patients present in both blocks (pairwise-complete observations), Benjamini-Hochberg
# q over all pairs (p.adjust "BH"), and average-linkage merge heights (hclust) on 1 - |rho| within
# each block. Features with > 20 % missing or constant on the joined patients are dropped first.
# Run from this folder: Rscript generate.R   (writes deep.csv, radiomic.csv and expected.json)
suppressPackageStartupMessages(library(jsonlite))
CASE <- "spearman_bh_deep_radiomic"
set.seed(20240607)

# --- inputs: 32 deep patients (P01..P32), 30 radiomic patients (P05..P34): 28 joined
nd <- 32; nr <- 30
deep_ids <- sprintf("P%02d", 1:nd)
rad_ids <- sprintf("P%02d", 5:34)
z <- rnorm(40)                                   # latent per patient P01..P40
lat <- function(ids) z[as.integer(sub("P", "", ids))]
deep <- data.frame(patient = deep_ids,
  f0 = lat(deep_ids) + rnorm(nd, sd = 0.5),      # strongly tied to the latent
  f1 = round(rnorm(nd), 1),                      # noise with ties (one decimal)
  f2 = -exp(lat(deep_ids)) + rnorm(nd, sd = 0.2),# monotone negative
  f3 = rnorm(nd),
  f4 = rnorm(nd))                                # mostly missing: dropped
deep$f3[c(3, 9, 20)] <- NA                       # a few missing: pairwise-complete n
deep$f4[sample(nd, 12)] <- NA
rad <- data.frame(patient = rad_ids,
  tumour.a = lat(rad_ids)^3 + rnorm(nr, sd = 0.3),
  tumour.b = round(rnorm(nr) + 0.5 * lat(rad_ids)),   # integer: many ties
  tumour.c = rep(7, nr),                              # constant: dropped
  ring.d = rnorm(nr),
  ring.e = rank(lat(rad_ids)) %% 5)                   # heavy ties
rad$ring.d[c(2, 11)] <- NA
fmt <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))
wr <- function(d, f) { o <- d; for (k in names(o)[-1]) o[[k]] <- fmt(o[[k]]); write.csv(o, f, row.names = FALSE, quote = FALSE) }
wr(deep, "deep.csv"); wr(rad, "radiomic.csv")
deep <- read.csv("deep.csv"); rad <- read.csv("radiomic.csv")   # R sees exactly the CSV doubles

# --- join (deep order), screen features
joined <- deep$patient[deep$patient %in% rad$patient]
D <- deep[match(joined, deep$patient), -1]; R <- rad[match(joined, rad$patient), -1]
keep <- function(M) names(M)[sapply(M, function(v) mean(is.na(v)) <= 0.2 && sum(!is.na(v)) >= 3 && length(unique(v[!is.na(v)])) > 1)]
dk <- keep(D); rk <- keep(R)
dropped <- c(setdiff(names(D), dk), setdiff(names(R), rk))

# --- every pair
pairs <- expand.grid(radiomic = rk, deep = dk, stringsAsFactors = FALSE)[, c("deep", "radiomic")]
res <- t(apply(pairs, 1, function(pr) {
  x <- D[[pr[1]]]; y <- R[[pr[2]]]; ok <- complete.cases(x, y)
  ct <- cor.test(x, y, method = "spearman", exact = FALSE)
  c(n = sum(ok), rho = unname(ct$estimate), S = unname(ct$statistic), p = ct$p.value)
}))
pairs$n <- as.integer(res[, "n"]); pairs$rho <- res[, "rho"]; pairs$S <- res[, "S"]; pairs$p <- res[, "p"]
pairs$q <- p.adjust(pairs$p, method = "BH")

# --- average linkage on 1 - |rho| within each block (pairwise-complete Spearman)
heights <- function(M) {
  k <- ncol(M); d <- matrix(0, k, k)
  for (a in seq_len(k)) for (b in seq_len(k)) if (a != b) d[a, b] <- 1 - abs(cor(M[[a]], M[[b]], method = "spearman", use = "complete.obs"))
  hclust(as.dist(d), method = "average")$height
}
hd <- heights(D[, dk]); hr <- heights(R[, rk])
# a pairwise 'complete.obs' on two columns is the pairwise-complete estimate

out <- list(
  case = CASE,
  description = "Spearman rho and asymptotic p (t approximation, n-2 df) per deep x radiomic pair on joined patients, pairwise complete; BH q over all pairs; hclust average-linkage heights on 1-|rho| within each block",
  R = R.version.string,
  call = "cor.test(x, y, method = 'spearman', exact = FALSE); p.adjust(p, 'BH'); hclust(as.dist(1 - abs(rho)), method = 'average')",
  tolerance = list(rho = "abs 1e-10", p = "rel 1e-8", q = "rel 1e-8", height = "abs 1e-10"),
  options = list(maxMissingFraction = 0.2, topKDeep = NULL, order = "input"),
  joined = joined, deep_kept = dk, radiomic_kept = rk, dropped = dropped,
  pairs = pairs,
  heights_deep = hd, heights_radiomic = hr)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null", pretty = TRUE), "expected.json")
