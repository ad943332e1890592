# rms::nomogram of a Cox model (rms::cph, Efron ties) with a numeric score, a 3-level factor and a
# binary covariate: the reference for the study's `coxRecordNomogram` (src/fusion/evaluation).
# Axes: pretty(range(score), 10) (datadist full range, > 10 distinct values), the levels of grp, and
# the two values of mvi. Points: the term with the widest range of b*x gets 0-100 (maxscale), every
# term starts at 0. Survival axes: S(t | lp) = S0(t)^exp(lp) with S0 the cph baseline at lp = 0
# (centred), at t = 6 and 12 months; fun.at gives the total points of chosen survival values (rms
# finds them by linear interpolation of fun over an lp grid, hence the 1e-3 points tolerance).
# Centring: cph centres at colMeans(X), coxph (and mmf) at means with 0/1 columns at 0; the test
# compares the centring-free quantities (intercept + center, S0 moved to the rms centre).
# Run from this folder: Rscript generate.R   (writes input.csv and expected.json)
suppressPackageStartupMessages({ library(rms); library(jsonlite) })
set.seed(20240607)
n <- 150
score <- round(rnorm(n), 2)
grp <- sample(c("a", "b", "c"), n, replace = TRUE)
mvi <- rbinom(n, 1, 0.4)
lp <- 0.8 * score + ifelse(grp == "b", 0.5, ifelse(grp == "c", -0.4, 0)) + 0.6 * mvi
t <- rexp(n) * 15 * exp(-lp)
cens <- 5 + runif(n) * 40
d <- data.frame(patient_id = sprintf("P%03d", 1:n), score = score, grp = grp, mvi = mvi,
                os_time = round(pmin(t, cens), 3), os_event = as.integer(t <= cens))
write.csv(d, "input.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("input.csv")
d$grp <- factor(d$grp)
dd <- datadist(d); options(datadist = "dd")
f <- cph(Surv(os_time, os_event) ~ score + grp + mvi, data = d, x = TRUE, y = TRUE, surv = TRUE, eps = 1e-10, iter.max = 100)
S <- Survival(f)
horizons <- c(6, 12)
fun.at <- c(0.9, 0.8, 0.7, 0.5, 0.3, 0.1)
nom <- nomogram(f, fun = list(function(x) S(6, x), function(x) S(12, x)), funlabel = c("S6", "S12"), fun.at = fun.at)
info <- attr(nom, "info")
terms <- lapply(c("score", "grp", "mvi"), function(v) list(name = v, values = as.character(nom[[v]][[v]]),
                                                            xbeta = unname(nom[[v]]$Xbeta), points = unname(nom[[v]]$points)))
res <- list(
  case = "nomogram_cox_record",
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival")),
                  rms = as.character(packageVersion("rms"))),
  call = c("f <- cph(Surv(os_time, os_event) ~ score + grp + mvi, data = d, x = TRUE, y = TRUE, surv = TRUE, eps = 1e-10)",
           "nomogram(f, fun = list(S(6, lp), S(12, lp)), fun.at = c(.9, .8, .7, .5, .3, .1))  # maxscale = 100, nint = 10"),
  tolerances = list(points = list(abs = 1e-6), survival = list(abs = 1e-8), fun_points = list(abs = 1e-3)),
  coefficients = as.list(coef(f)), center = unname(f$center),
  terms = terms, scale = info$sc, intercept = info$Intercept,
  survival = list(horizons = horizons, baseline = sapply(horizons, function(t) S(t, 0))),
  fun_axes = list(list(label = "S6", at = I(nom[["S6"]]$x.real), points = I(nom[["S6"]]$x)),
                  list(label = "S12", at = I(nom[["S12"]]$x.real), points = I(nom[["S12"]]$x)))
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE), "expected.json")
