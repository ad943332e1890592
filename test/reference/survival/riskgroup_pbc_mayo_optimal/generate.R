# 'Optimal' cut-off of the Mayo PBC linear predictor: maximally selected two-group log-rank
# statistic, learned on the training rows 1..200 ONLY, then applied unchanged to rows 201..312.
# Candidate cut-offs: distinct training scores c with quantile(lp, 0.1) <= c <= quantile(lp, 0.9)
# (type 7); groups lp <= c (low) vs lp > c (high); statistic = survdiff chisq (= z^2). The largest
# statistic wins; among equal statistics the smallest c. Lausen & Schumacher (1992) approximate
# p-value for the maximally selected statistic b = sqrt(chisq) with eps1 = 0.1, eps2 = 0.9:
#   p = 4 phi(b)/b + phi(b) (b - 1/b) log(eps2 (1 - eps1) / ((1 - eps2) eps1)), at most 1; 1 when b <= 1.
# (maxstat is not installed here; the scan is written out with survdiff.)
# Run from this folder: Rscript generate.R   (reads ../riskgroup_pbc_mayo_median/input.csv)
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
d <- read.csv("../riskgroup_pbc_mayo_median/input.csv")
train <- d[1:200, ]; test <- d[201:312, ]
minprop <- 0.1; maxprop <- 0.9
q <- as.vector(quantile(train$lp, c(minprop, maxprop), type = 7))
cand <- sort(unique(train$lp[train$lp >= q[1] & train$lp <= q[2]]))
stat <- sapply(cand, function(c) survdiff(Surv(time, event) ~ I(lp > c), data = train)$chisq)
k <- which(stat == max(stat))[1]
b <- sqrt(stat[k])
pls <- 4 * dnorm(b) / b + dnorm(b) * (b - 1 / b) * log(maxprop * (1 - minprop) / ((1 - maxprop) * minprop))
pls <- if (b <= 1) 1 else min(1, pls)
cut <- cand[k]
g <- as.integer(test$lp > cut) + 1L
sd <- survdiff(Surv(time, event) ~ g, data = test)
res <- list(
  case = "riskgroup_pbc_mayo_optimal",
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival"))),
  call = c("train <- input[1:200, ]; q <- quantile(train$lp, c(0.1, 0.9), type = 7)",
           "cand <- sort(unique(train$lp[train$lp >= q[1] & train$lp <= q[2]]))",
           "stat <- sapply(cand, function(c) survdiff(Surv(time, event) ~ I(lp > c), data = train)$chisq)",
           "cut <- cand[which.max(stat)]; lausen_schumacher_p as in the header",
           "test <- input[201:312, ]; survdiff(Surv(time, event) ~ I(lp > cut), data = test)"),
  tolerances = list(cutoff = list(rel = 1e-12), statistic = list(rel = 1e-9), p = list(rel = 1e-6), counts = "exact"),
  min_prop = minprop, max_prop = maxprop, quantile_bounds = q,
  n_candidates = length(cand), candidates = cand, statistics = stat,
  selected = list(index = k, cutoff = cut, statistic = stat[k], lausen_schumacher_p = pls,
                  n_low = sum(train$lp <= cut), n_high = sum(train$lp > cut)),
  test = list(n = as.integer(table(factor(g, levels = 1:2))), events = as.integer(tapply(test$event, factor(g, levels = 1:2), sum)),
              chisq = sd$chisq, p = pchisq(sd$chisq, 1, lower.tail = FALSE))
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "expected.json")
