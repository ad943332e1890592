# Cox fit on (start, stop] counting-process data: Stanford heart transplant (survival::heart).
# coxph(Surv(start, stop, event) ~ age + year + surgery + transplant), ties efron and breslow.
# Run from this folder: Rscript generate.R   (writes heart.csv and expected.json)
CASE <- "cox_heart_counting_process"
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(digest) })

out <- survival::heart[, c("start", "stop", "event", "age", "year", "surgery", "transplant")]
out$transplant <- as.integer(as.character(out$transplant))
fmt <- function(v) sprintf("%.17g", v)
write.csv(as.data.frame(lapply(out, fmt)), "heart.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("heart.csv")

formula <- Surv(start, stop, event) ~ age + year + surgery + transplant
ctl <- coxph.control(eps = 1e-10, iter.max = 100)
test <- function(stat, df) list(stat = unname(stat), df = unname(df), p = pchisq(unname(stat), unname(df), lower.tail = FALSE))

one_fit <- function(ties) {
  fit <- coxph(formula, data = d, ties = ties, control = ctl)
  b <- coef(fit)
  se <- sqrt(diag(fit$var)); z <- b / se
  df <- sum(!is.na(b))  # summary.coxph rounds its test statistics; use the unrounded fit components
  list(terms = I(names(b)), coef = I(unname(b)), se = I(unname(se)), z = I(unname(z)), p = I(unname(2 * pnorm(-abs(z)))),
       hr = I(unname(exp(b))), hr_lower95 = I(unname(exp(b - qnorm(0.975) * se))), hr_upper95 = I(unname(exp(b + qnorm(0.975) * se))),
       var = unname(fit$var), loglik_null = fit$loglik[1], loglik = fit$loglik[2], iter = fit$iter, n = fit$n, nevent = fit$nevent,
       lrt = test(2 * diff(fit$loglik), df), wald = test(fit$wald.test, df),
       score = test(fit$score, df), means = I(unname(fit$means)),
       linear_predictors_centered = I(unname(fit$linear.predictors)), warnings = I(character(0)))
}

res <- list(
  case = CASE,
  description = "survival::heart counting-process Cox model (delayed entry / time-varying transplant)",
  data = "heart.csv (survival::heart: start, stop, event, age, year, surgery, transplant as 0/1)",
  input_sha256 = digest("heart.csv", algo = "sha256", file = TRUE),
  generated_with = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival"))),
  formula = deparse(formula),
  call = "coxph(formula, data = d, ties = <efron|breslow>, control = coxph.control(eps = 1e-10, iter.max = 100))",
  parameter_mapping = "fitCox(data{entry=start, time=stop, event}, x, names, {ties, eps: 1e-10, iterMax: 100})",
  tolerances = list(coef = "abs 1e-6", loglik = "rel 1e-7", se_z_p_hr_ci_var = "rel 1e-5", tests = "rel 1e-6 (p rel 1e-5)",
                    reason = "README of the shared survival reference: converged Newton-Raphson, differences are rounding"),
  fits = list(efron = one_fit("efron"), breslow = one_fit("breslow")))
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), "expected.json")
