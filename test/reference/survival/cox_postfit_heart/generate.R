# Cox post-estimation on (start, stop] counting-process data: Stanford heart transplant.
# basehaz (centred / uncentred), survfit(fit, newdata) summarised at fixed times for ctype 1/2 and
# conf.type log / log-log / plain, and cox.zph (counting-process path) for every transform.
# Run from this folder: Rscript generate.R   (writes input.csv and expected.json)
CASE <- "cox_postfit_heart"
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(digest) })

out <- survival::heart[, c("start", "stop", "event", "age", "year", "surgery", "transplant")]
out$transplant <- as.integer(as.character(out$transplant))
fmt <- function(v) sprintf("%.17g", v)
write.csv(as.data.frame(lapply(out, fmt)), "input.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("input.csv")

formula <- Surv(start, stop, event) ~ age + year + surgery + transplant
covariates <- c("age", "year", "surgery", "transplant")
newdata <- data.frame(age = c(-10, 5), year = c(2, 4), surgery = c(1, 0), transplant = c(0, 1))
times <- c(5, 30, 100, 365, 1000)
ctl <- coxph.control(eps = 1e-10, iter.max = 100)
na <- function(v) ifelse(is.na(v), NA, v)

one_fit <- function(ties) {
  fit <- coxph(formula, data = d, ties = ties, control = ctl)
  bu <- basehaz(fit, centered = FALSE)
  bc <- basehaz(fit, centered = TRUE)
  sf0 <- survfit(fit, se.fit = FALSE)
  pred <- list()
  for (ctype in 1:2) for (ct in c("log", "log-log", "plain")) {
    sf <- survfit(fit, newdata = newdata, ctype = ctype, conf.type = ct)
    s <- summary(sf, times = times)
    rows <- lapply(seq_len(nrow(newdata)), function(i) list(
      surv = I(s$surv[, i]), std_err = I(s$std.err[, i]), lower = I(na(s$lower[, i])), upper = I(na(s$upper[, i])),
      cumhaz = I(s$cumhaz[, i]), n_risk = I(s$n.risk)))
    pred[[paste0("ctype", ctype, "_", ct)]] <- list(times = I(s$time), by_newdata_row = rows)
  }
  zph <- list()
  for (tr in c("km", "identity", "rank", "log")) for (tm in c(TRUE, FALSE)) {
    z <- cox.zph(fit, transform = tr, terms = tm)
    zph[[paste0(tr, "_", if (tm) "terms" else "coefs")]] <- list(rows = I(rownames(z$table)), chisq = I(unname(z$table[, "chisq"])),
      df = I(unname(z$table[, "df"])), p = I(unname(z$table[, "p"])))
  }
  zk <- cox.zph(fit)
  list(coef = I(unname(coef(fit))), var = unname(fit$var), means = I(unname(fit$means)), loglik = fit$loglik[2], n = fit$n, nevent = fit$nevent,
       basehaz_uncentered = list(time = I(bu$time), hazard = I(bu$hazard)),
       basehaz_centered = list(time = I(bc$time), hazard = I(bc$hazard)),
       counts = list(time = I(sf0$time), n_risk = I(sf0$n.risk), n_event = I(sf0$n.event), n_censor = I(sf0$n.censor)),
       pred = pred, zph = zph,
       zph_km_residuals = list(time = I(unname(zk$time)), x = I(unname(zk$x)), y = unname(zk$y), var = unname(zk$var)))
}

res <- list(
  case = CASE,
  description = "survival::heart counting-process Cox model: basehaz, predicted survival for new rows, cox.zph",
  data = "input.csv (survival::heart: start, stop, event, age, year, surgery, transplant as 0/1)",
  input_sha256 = digest("input.csv", algo = "sha256", file = TRUE),
  generated_with = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival"))),
  formula = deparse(formula),
  call = c("fit <- coxph(formula, data = d, ties = <efron|breslow>, control = coxph.control(eps = 1e-10, iter.max = 100))",
           "basehaz(fit, centered = FALSE); basehaz(fit, centered = TRUE)   # default ctype: 2 for efron, 1 for breslow",
           "summary(survfit(fit, newdata = newdata, ctype = <1|2>, conf.type = <log|log-log|plain>), times = times)   # std.err on the S scale",
           "cox.zph(fit, transform = <km|identity|rank|log>, terms = <TRUE|FALSE>)"),
  covariates = I(covariates),
  newdata = newdata,
  times = I(times),
  tolerances = list(basehaz = list(rel = 1e-6, reason = "README: basehaz / predicted S(t), from 15-digit coef"),
                    pred_surv = list(rel = 1e-6, reason = "README: predicted S(t) for new rows"),
                    zph_chisq = list(rel = 1e-5, reason = "README: depends on the converged fit"),
                    counts = "exact"),
  fits = list(efron = one_fit("efron"), breslow = one_fit("breslow"))
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = 15, null = "null", na = "null", pretty = TRUE), "expected.json")
