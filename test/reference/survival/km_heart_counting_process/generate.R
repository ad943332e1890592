# Kaplan-Meier on (start, stop] counting-process data (delayed entry): Stanford heart transplant.
# Each row is at risk on (start, stop]; rows are treated as independent records (no id), as
# survfit(Surv(start, stop, event) ~ x) does without id = .
# Run from this folder: Rscript generate.R   (writes input.csv and expected.json)
CASE <- "km_heart_counting_process"
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(digest) })

out <- survival::heart[, c("id", "start", "stop", "event", "surgery", "transplant")]
out$transplant <- as.integer(as.character(out$transplant))
fmt <- function(v) if (is.numeric(v)) sprintf("%.17g", v) else v
write.csv(as.data.frame(lapply(out, fmt)), "input.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("input.csv")

fixed_times <- c(0.5, 30, 182.625, 365.25, 730.5, 1826.25)
rmean_tau <- 1095.75
probs <- c(0.25, 0.5, 0.75)
na <- function(v) ifelse(is.na(v), NA, v)

one_fit <- function(formula, conf.type) {
  fit <- survfit(formula, data = d, conf.type = conf.type)
  labels <- if (is.null(fit$strata)) "all" else names(fit$strata)
  curves <- lapply(seq_along(labels), function(i) {
    f <- if (is.null(fit$strata)) fit else fit[i]
    list(stratum = labels[i], time = I(f$time), n_risk = I(f$n.risk), n_event = I(f$n.event), n_censor = I(f$n.censor),
         surv = I(f$surv), std_err_log_surv = I(f$std.err), greenwood_se_surv = I(f$surv * f$std.err),
         cumhaz_nelson_aalen = I(f$cumhaz), std_chaz = I(f$std.chaz), lower = I(na(f$lower)), upper = I(na(f$upper)))
  })
  q <- quantile(fit, probs = probs)
  asrows <- function(m) if (is.matrix(m)) lapply(seq_len(nrow(m)), function(i) I(unname(na(m[i, ])))) else list(I(unname(na(m))))
  tab <- summary(fit, rmean = rmean_tau)$table
  if (!is.matrix(tab)) tab <- matrix(tab, nrow = 1, dimnames = list(NULL, names(tab)))
  st <- summary(fit, times = fixed_times, extend = TRUE)
  sl <- if (is.null(st$strata)) rep("all", length(st$time)) else as.character(st$strata)
  at <- lapply(labels, function(l) {
    w <- sl == l
    list(stratum = l, time = I(st$time[w]), n_risk = I(st$n.risk[w]), n_event = I(st$n.event[w]), surv = I(st$surv[w]),
         std_err_surv = I(na(st$std.err[w])), lower = I(na(st$lower[w])), upper = I(na(st$upper[w])))
  })
  list(curves = curves,
       quantiles = list(probs = I(probs), strata = I(labels), estimate = asrows(q$quantile), lower = asrows(q$lower), upper = asrows(q$upper)),
       table = list(strata = I(labels), columns = I(colnames(tab)), values = lapply(seq_len(nrow(tab)), function(i) I(unname(na(tab[i, ]))))),
       at_times = at)
}
fits <- list(
  overall = list(formula = "Surv(start, stop, event) ~ 1"),
  by_surgery = list(formula = "Surv(start, stop, event) ~ surgery")
)
for (nm in names(fits)) {
  fo <- as.formula(fits[[nm]]$formula)
  fits[[nm]]$by_conf_type <- setNames(lapply(c("log", "log-log", "plain"), function(ct) one_fit(fo, ct)), c("log", "log-log", "plain"))
}

res <- list(
  case = CASE,
  description = "Delayed entry: survival::heart (start, stop] rows, KM overall and by surgery",
  data = "input.csv (survival::heart: id, start, stop, event, surgery, transplant)",
  input_sha256 = digest(file = "input.csv", algo = "sha256"),
  generated_with = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival"))),
  call = c("fit <- survfit(<formula>, data = d, conf.type = <log|log-log|plain>)   # conf.int = 0.95, conf.lower = 'usual', no id",
           "quantile(fit, probs = c(0.25, 0.5, 0.75))",
           sprintf("summary(fit, rmean = %s)$table", format(rmean_tau)),
           sprintf("summary(fit, times = c(%s), extend = TRUE)   # std.err on the S scale", paste(format(fixed_times), collapse = ", "))),
  conf_int = 0.95,
  fixed_times = I(fixed_times),
  rmean_tau = rmean_tau,
  tolerances = list(km = list(abs = 1e-10, reason = "product-limit arithmetic"), counts = "exact",
                    quantiles = "exact (data times)", rmean = list(rel = 1e-8, reason = "sum of rectangles")),
  note = "Counting-process rows: at risk when start < t <= stop. std_err_log_surv = survfit std.err (se of -log S); greenwood_se_surv = surv * std.err.",
  fits = fits
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "expected.json")
