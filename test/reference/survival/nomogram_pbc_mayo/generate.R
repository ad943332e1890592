# rms::nomogram for the Mayo PBC Cox model (rms::cph): points per variable value, total-points and
# linear-predictor axes, and predicted survival at 1 and 3 years along the lp axis.
# Axes: rms uses pretty(range(x), n = nint = 10) for continuous variables (datadist full range) and the
# sorted distinct values for variables with <= 10 distinct values (edema). bili is given explicitly
# because pretty(range(bili)) starts at 0 and log(0) is infinite.
# Points: Xbeta_j(v) = b_j f_j(v) (uncentred); R_j = range over the axis values; sc = 100 / max_j diff(R_j);
# points_j(v) = (Xbeta_j(v) - min R_j) sc; Intercept = -center + sum_j min R_j;
# total points = (lp_centred - Intercept) sc; lp.at = pretty(range(fit$linear.predictors), 10);
# total-points axis = pretty(c(0, max(100, sc max(lp.at - Intercept))), 10).
# Survival: S(t | lp_centred) = S0(t)^exp(lp_centred), S0 = Survival(fit)(t, lp = 0).
# Run from this folder: Rscript generate.R   (reads ../riskgroup_pbc_mayo_median/input.csv)
suppressPackageStartupMessages({ library(rms); library(jsonlite) })
d <- read.csv("../riskgroup_pbc_mayo_median/input.csv")
dd <- datadist(d); options(datadist = "dd")
f <- cph(Surv(time, event) ~ age + edema + log(bili) + log(albumin) + log(protime), data = d,
         x = TRUE, y = TRUE, surv = TRUE, time.inc = 365.25, eps = 1e-10, iter.max = 100)
S <- Survival(f)
horizons <- c(365.25, 1095.75)
bili_at <- c(0.3, 0.5, 1, 2, 3, 5, 10, 20, 28)
nom <- nomogram(f, bili = bili_at, fun = list(function(x) S(365.25, x), function(x) S(1095.75, x)),
                funlabel = c("S(1y)", "S(3y)"), fun.at = c(0.95, 0.9, 0.8, 0.7, 0.5, 0.3, 0.1))
info <- attr(nom, "info")
vars <- c("age", "edema", "bili", "albumin", "protime")
terms <- lapply(vars, function(v) list(name = v, transform = if (v %in% c("bili", "albumin", "protime")) "log" else "identity",
                                        coefficient = unname(coef(f)[match(v, vars)]),
                                        data_min = min(d[[v]]), data_max = max(d[[v]]),
                                        discrete = unname(info$discrete[v]),
                                        values = as.numeric(nom[[v]][[v]]), xbeta = unname(nom[[v]]$Xbeta),
                                        points = unname(nom[[v]]$points)))
s0 <- sapply(horizons, function(t) S(t, 0))
res <- list(
  case = "nomogram_pbc_mayo",
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival")),
                  rms = as.character(packageVersion("rms")), Hmisc = as.character(packageVersion("Hmisc"))),
  call = c("dd <- datadist(d); options(datadist = 'dd')",
           "f <- cph(Surv(time, event) ~ age + edema + log(bili) + log(albumin) + log(protime), data = d, x = TRUE, y = TRUE, surv = TRUE, time.inc = 365.25, eps = 1e-10)",
           "nomogram(f, bili = c(0.3, 0.5, 1, 2, 3, 5, 10, 20, 28), fun = list(S(365.25, lp), S(1095.75, lp)), fun.at = c(.95, .9, .8, .7, .5, .3, .1))  # maxscale = 100, nint = 10"),
  tolerances = list(points = list(abs = 1e-8), axes = list(abs = 1e-12), survival = list(rel = 1e-10), coefficients_vs_own_fit = list(abs = 1e-6)),
  coefficients = as.list(coef(f)), center = unname(f$center),
  maxscale = 100, nint = 10,
  terms = terms,
  scale = info$sc, intercept = info$Intercept,
  lp_range = range(f$linear.predictors),
  lp_axis = list(lp = I(nom$lp$x.real), points = I(nom$lp$x)),
  total_points_axis = I(nom$total.points$x),
  survival = list(horizons = horizons, baseline = s0,
                  at_lp_axis = lapply(horizons, function(t) S(t, nom$lp$x.real))),
  fun_axes = list(list(label = "S(1y)", at = I(nom[["S(1y)"]]$x.real), points = I(nom[["S(1y)"]]$x)),
                  list(label = "S(3y)", at = I(nom[["S(3y)"]]$x.real), points = I(nom[["S(3y)"]]$x)))
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "expected.json")
