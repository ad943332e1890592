# Cox fit with a 4-level factor: VA lung cancer trial (survival::veteran).
# coxph(Surv(time, status) ~ trt + celltype + karno) with celltype reference "squamous"; ties efron, breslow, exact.
# Run from this folder: Rscript generate.R   (writes veteran.csv and expected.json)
CASE <- "cox_veteran_factor"
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(digest) })

out <- survival::veteran[, c("time", "status", "trt", "celltype", "karno")]
out$celltype <- as.character(out$celltype)
write.csv(out, "veteran.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("veteran.csv")
d$celltype <- relevel(factor(d$celltype), ref = "squamous")

formula <- Surv(time, status) ~ trt + celltype + karno
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
  description = "survival::veteran Cox model with the 4-level factor celltype (treatment contrasts, reference squamous)",
  data = "veteran.csv (survival::veteran: time, status, trt, celltype, karno)",
  input_sha256 = digest("veteran.csv", algo = "sha256", file = TRUE),
  generated_with = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival"))),
  formula = deparse(formula),
  call = "coxph(formula, data = d, ties = <efron|breslow|exact>; celltype releveled to reference squamous, control = coxph.control(eps = 1e-10, iter.max = 100))",
  parameter_mapping = "buildDesign terms [trt, {celltype factor, reference squamous}, karno]; fitCox(data{time, event=status}, x, names, {ties, eps: 1e-10, iterMax: 100}); columns matched by name (celltypeadeno, celltypelarge, celltypesmallcell)",
  tolerances = list(coef = "abs 1e-6 (exact: rel 1e-5)", loglik = "rel 1e-7", se_z_p_hr_ci_var = "rel 1e-5", tests = "rel 1e-6 (p rel 1e-5)",
                    reason = "README of the shared survival reference: converged Newton-Raphson, differences are rounding"),
  fits = list(efron = one_fit("efron"), breslow = one_fit("breslow"), exact = one_fit("exact")))
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), "expected.json")
