# Elastic-net penalised Cox (glmnet 4.1-6, family = "cox") on pbc (312 randomised) and lung
# (complete cases): default lambda path and 15 fixed lambdas, alpha = 1 and 0.5.
# Run from this folder: Rscript generate.R   (writes input_pbc.csv, input_lung.csv, expected.json)
#
# glmnet 4.1-6 shifts censored times by 100 * .Machine$double.eps so that a censored observation tied
# with a death stays in that death's risk set (R survival's Breslow convention). For times >= 256 the
# shift is below half an ulp and is lost, and the risk set then depends on glmnet's quicksort order.
# Time is therefore passed to glmnet in YEARS (days / 365.25): the Cox partial likelihood is invariant
# to a monotone rescaling of time, and with times < 128 the shift is representable. `breslow_check`
# below confirms that glmnet's deviance then equals survival::coxph's Breslow log-likelihood.
suppressPackageStartupMessages({ library(survival); library(glmnet); library(jsonlite) })
fmt <- function(v) if (is.numeric(v)) sprintf("%.17g", v) else as.character(v)

p <- survival::pbc[!is.na(survival::pbc$trt), ]
pbc <- data.frame(id = p$id, time = p$time, event = as.integer(p$status == 2), trt = p$trt, age = p$age,
                  female = as.integer(p$sex == "f"), ascites = p$ascites, hepato = p$hepato, spiders = p$spiders,
                  edema = p$edema, log_bili = log(p$bili), albumin = p$albumin, log_alk_phos = log(p$alk.phos),
                  log_ast = log(p$ast), log_protime = log(p$protime), stage = p$stage)
pbc$foldid <- ((seq_len(nrow(pbc)) - 1L) %% 5L) + 1L
write.csv(as.data.frame(lapply(pbc, fmt)), "input_pbc.csv", row.names = FALSE, quote = FALSE)
l <- survival::lung[complete.cases(survival::lung[, c("time", "status", "age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss")]), ]
lung <- data.frame(time = l$time, event = as.integer(l$status == 2), age = l$age, sex = l$sex, ph_ecog = l$ph.ecog,
                   ph_karno = l$ph.karno, pat_karno = l$pat.karno, meal_cal = l$meal.cal, wt_loss = l$wt.loss)
lung$foldid <- ((seq_len(nrow(lung)) - 1L) %% 10L) + 1L
write.csv(as.data.frame(lapply(lung, fmt)), "input_lung.csv", row.names = FALSE, quote = FALSE)

pbc_vars <- c("trt", "age", "female", "ascites", "hepato", "spiders", "edema", "log_bili", "albumin", "log_alk_phos", "log_ast", "log_protime", "stage")
lung_vars <- c("age", "sex", "ph_ecog", "ph_karno", "pat_karno", "meal_cal", "wt_loss")
THRESH <- as.numeric(Sys.getenv("THRESH", "1e-20")); MAXIT <- 1e7

# KKT violation of the glmnet objective on the standardised scale (weights 1/n, Breslow, survival's risk sets).
kkt <- function(x, time, event, beta, lambda, alpha) {
  n <- nrow(x); q <- rep(1 / n, n)
  xm <- colSums(x * q); xc <- sweep(x, 2, xm); xs <- sqrt(colSums(xc^2 * q)); z <- sweep(xc, 2, xs, "/")
  out <- numeric(ncol(beta))
  for (l in seq_len(ncol(beta))) {
    b <- beta[, l] * xs; eta <- drop(z %*% b); e <- q * exp(eta)
    r <- q * event
    for (t in unique(time[event == 1])) {
      dk <- sum(q[time == t & event == 1]); u <- sum(e[time >= t]); at <- time >= t
      r[at] <- r[at] - e[at] * dk / u
    }
    g <- drop(crossprod(z, r)); lam <- lambda[l]
    v <- ifelse(b != 0, abs(g - lam * (1 - alpha) * b - lam * alpha * sign(b)), pmax(0, abs(g) - lam * alpha))
    out[l] <- max(v)
  }
  out
}
breslow_check <- function(x, y, beta) {
  dv <- glmnet:::coxnet.deviance(x = x, y = y, beta = beta)
  wd <- table(y[, 1][y[, 2] == 1]); lsat <- -sum(wd * log(wd))
  ll_glmnet <- lsat - dv / 2
  ll_surv <- apply(beta, 2, function(b) coxph(y ~ x, ties = "breslow", init = b, control = coxph.control(iter.max = 0))$loglik[1])
  max(abs(ll_glmnet - ll_surv))
}

fit_case <- function(name, d, vars, alpha, lambda = NULL) {
  x <- as.matrix(d[, vars]); y <- Surv(d$time / 365.25, d$event)
  f <- glmnet(x, y, family = "cox", alpha = alpha, lambda = lambda, thresh = THRESH, maxit = MAXIT)
  beta <- as.matrix(f$beta)
  n <- nrow(x); xs <- sqrt(colSums(sweep(x, 2, colMeans(x))^2) / n)
  list(case = name, data = if (identical(vars, pbc_vars)) "input_pbc.csv" else "input_lung.csv", covariates = vars, alpha = alpha,
       path = if (is.null(lambda)) "default" else "user",
       call = sprintf("glmnet(x, Surv(time / 365.25, event), family = 'cox', alpha = %s, %sthresh = %g, maxit = %g)", alpha,
                      if (is.null(lambda)) "" else "lambda = <user_lambda>, ", THRESH, MAXIT),
       n = n, nevents = sum(d$event), user_lambda = if (is.null(lambda)) NA else lambda,
       lambda = f$lambda, df = unname(f$df), dev_ratio = f$dev.ratio, nulldev = f$nulldev, npasses = f$npasses, jerr = f$jerr,
       beta = unname(lapply(seq_len(ncol(beta)), function(l) unname(beta[, l]))),
       beta_std = unname(lapply(seq_len(ncol(beta)), function(l) unname(beta[, l] * xs))),
       x_sd = unname(xs),
       kkt_max_violation = kkt(x, d$time, d$event, beta, f$lambda, alpha),
       breslow_check_max_abs_loglik_diff = breslow_check(x, y, beta))
}
fixed <- function(d, vars, alpha) {
  f0 <- glmnet(as.matrix(d[, vars]), Surv(d$time / 365.25, d$event), family = "cox", alpha = alpha)
  signif(f0$lambda[1] * exp(seq(log(0.9), log(0.002), length.out = 15)), 6)
}
cases <- list(
  fit_case("glmnet_cox_pbc_alpha1_default", pbc, pbc_vars, 1),
  fit_case("glmnet_cox_pbc_alpha0.5_default", pbc, pbc_vars, 0.5),
  fit_case("glmnet_cox_pbc_alpha1_fixed", pbc, pbc_vars, 1, fixed(pbc, pbc_vars, 1)),
  fit_case("glmnet_cox_pbc_alpha0.5_fixed", pbc, pbc_vars, 0.5, fixed(pbc, pbc_vars, 0.5)),
  fit_case("glmnet_cox_lung_alpha1_default", lung, lung_vars, 1),
  fit_case("glmnet_cox_lung_alpha0.5_default", lung, lung_vars, 0.5),
  fit_case("glmnet_cox_lung_alpha1_fixed", lung, lung_vars, 1, fixed(lung, lung_vars, 1))
)
res <- list(
  case = "glmnet_cox",
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival")),
                  glmnet = as.character(packageVersion("glmnet"))),
  objective = "-(1/n) * Breslow partial log-likelihood + lambda * sum_j [ (1 - alpha)/2 * b_j^2 + alpha * |b_j| ], x standardised (weighted mean, 1/n sd); beta on the original scale",
  data_notes = c("pbc: survival::pbc rows with non-missing trt (312); event = status == 2; female = sex == 'f'; log_* = log(column)",
                 "lung: survival::lung complete cases on the 9 columns used (167 rows); event = status == 2",
                 "time passed to glmnet in years (time / 365.25), see the generator header; CSV time is in days"),
  tolerances = list(lambda = list(rel = 1e-6), beta_std = list(abs = 1e-7), dev_ratio = list(rel = 1e-7), nulldev = list(rel = 1e-9),
                    df = "exact", path_length = "exact", kkt_own_solution = 1e-7,
                    reason = "glmnet run with thresh = 1e-20 (KKT about 1e-10); kkt_max_violation records how tightly it converged"),
  cases = cases)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "expected.json")
cat("kkt max:", max(sapply(cases, function(c) max(c$kkt_max_violation))), " breslow max diff:", max(sapply(cases, function(c) c$breslow_check_max_abs_loglik_diff)), "\n")
for (c in cases) cat(c$case, length(c$lambda), "npasses", c$npasses, "jerr", c$jerr, "kkt", max(c$kkt_max_violation), "\n")
