# Cox post-estimation with strata, case weights and a 4-level factor term: survival::veteran.
# basehaz per stratum, survfit(fit, newdata) (new rows carry their stratum) at fixed times,
# cox.zph with terms = TRUE (celltype: one term, df 3) and FALSE, and the scaled Schoenfeld residuals.
# Run from this folder: Rscript generate.R   (writes input.csv and expected.json)
CASE <- "cox_postfit_veteran"
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(digest) })

v <- survival::veteran
# Deterministic case weights 1, 1.5, 2, 1, 1.5, 2, ... (exercise weighted sums everywhere).
v$w <- 1 + ((seq_len(nrow(v)) - 1) %% 3) / 2
v$prior <- ifelse(v$prior > 0, "yes", "no")
out <- v[, c("time", "status", "trt", "celltype", "karno", "age", "prior", "w")]
out$celltype <- as.character(out$celltype)
fmt <- function(x) if (is.numeric(x)) sprintf("%.17g", x) else x
write.csv(as.data.frame(lapply(out, fmt)), "input.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("input.csv")
d$celltype <- factor(d$celltype, levels = c("squamous", "smallcell", "adeno", "large"))

formula <- Surv(time, status) ~ trt + celltype + karno + age + strata(prior)
newdata <- data.frame(trt = c(1, 2, 2), celltype = factor(c("squamous", "adeno", "large"), levels = levels(d$celltype)),
                      karno = c(60, 40, 80), age = c(60, 55, 70), prior = c("no", "yes", "no"))
times <- c(10, 30, 90, 180, 365)
ctl <- coxph.control(eps = 1e-10, iter.max = 100)
na <- function(v) ifelse(is.na(v), NA, v)

one_fit <- function(ties) {
  fit <- coxph(formula, data = d, weights = w, ties = ties, control = ctl)
  bu <- basehaz(fit, centered = FALSE)
  bc <- basehaz(fit, centered = TRUE)
  sf0 <- survfit(fit, se.fit = FALSE)
  pred <- list()
  for (ctype in 1:2) for (ct in c("log", "log-log", "plain")) {
    sf <- survfit(fit, newdata = newdata, ctype = ctype, conf.type = ct)
    rows <- lapply(seq_len(nrow(newdata)), function(i) {
      s <- summary(sf[i], times = times)
      list(stratum = as.character(newdata$prior[i]), surv = I(s$surv), std_err = I(s$std.err), lower = I(na(s$lower)),
           upper = I(na(s$upper)), cumhaz = I(s$cumhaz), n_risk = I(s$n.risk))
    })
    pred[[paste0("ctype", ctype, "_", ct)]] <- list(times = I(times), by_newdata_row = rows)
  }
  zph <- list(); resid <- list()
  for (tr in c("km", "identity", "rank", "log")) for (tm in c(TRUE, FALSE)) {
    z <- cox.zph(fit, transform = tr, terms = tm)
    key <- paste0(tr, "_", if (tm) "terms" else "coefs")
    zph[[key]] <- list(rows = I(rownames(z$table)), chisq = I(unname(z$table[, "chisq"])),
      df = I(unname(z$table[, "df"])), p = I(unname(z$table[, "p"])))
    if (tr == "km") resid[[key]] <- list(columns = I(colnames(z$y)), time = I(unname(z$time)), x = I(unname(z$x)),
      strata = I(as.character(z$strata)), y = unname(z$y), var = unname(z$var))
  }
  lp <- predict(fit, newdata = newdata, type = "lp")
  list(coef = I(unname(coef(fit))), var = unname(fit$var), means = I(unname(fit$means)), names = I(names(coef(fit))),
       assign = lapply(fit$assign, function(a) I(a - 1L)),
       loglik = fit$loglik[2], n = fit$n, nevent = fit$nevent,
       basehaz_uncentered = list(time = I(bu$time), hazard = I(bu$hazard), strata = I(as.character(bu$strata))),
       basehaz_centered = list(time = I(bc$time), hazard = I(bc$hazard)),
       counts = list(time = I(sf0$time), n_risk = I(sf0$n.risk), n_event = I(sf0$n.event), n_censor = I(sf0$n.censor)),
       newdata_lp_strata = I(unname(lp)),
       pred = pred, zph = zph, zph_residuals = resid)
}

res <- list(
  case = CASE,
  description = "survival::veteran, weighted and stratified Cox model with a factor term: basehaz, predicted survival, cox.zph",
  data = "input.csv (survival::veteran; prior recoded no/yes; w = 1 + ((row - 1) %% 3) / 2)",
  input_sha256 = digest("input.csv", algo = "sha256", file = TRUE),
  generated_with = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival"))),
  formula = deparse(formula),
  design = "columns: trt, celltypesmallcell, celltypeadeno, celltypelarge (treatment contrasts, reference squamous), karno, age; strata prior",
  call = c("fit <- coxph(formula, data = d, weights = w, ties = <efron|breslow>, control = coxph.control(eps = 1e-10, iter.max = 100))",
           "basehaz(fit, centered = FALSE); basehaz(fit, centered = TRUE)",
           "summary(survfit(fit, newdata = newdata, ctype = <1|2>, conf.type = <log|log-log|plain>)[i], times = times)",
           "cox.zph(fit, transform = <km|identity|rank|log>, terms = <TRUE|FALSE>)",
           "predict(fit, newdata, type = 'lp')   # reference = 'strata'"),
  newdata = newdata,
  times = I(times),
  tolerances = list(basehaz = list(rel = 1e-6, reason = "README: basehaz / predicted S(t), from 15-digit coef"),
                    pred_surv = list(rel = 1e-6, reason = "README: predicted S(t) for new rows"),
                    zph_chisq = list(rel = 1e-5, reason = "README: depends on the converged fit"),
                    zph_residuals = list(rel = 1e-5, reason = "scaled Schoenfeld residuals: same information matrix"),
                    counts = "exact"),
  fits = list(efron = one_fit("efron"), breslow = one_fit("breslow"))
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = 15, null = "null", na = "null", pretty = TRUE), "expected.json")
