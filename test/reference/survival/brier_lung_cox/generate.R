# IPCW Brier score (riskRegression::Score conventions) for Cox-model event risks on lung, at 0.5, 1 and
# 1.5 years, plus the Kaplan-Meier null model and the integrated Brier score (IBS).
# Run from this folder: Rscript generate.R   (writes input.csv and expected.json)
#
# Two oracles, which must agree (checked below):
#  (1) riskRegression::Score(..., metrics = "brier", null.model = TRUE, se.fit = TRUE,
#      conservative = FALSE, cens.model = "km", summary = "ibs")  (Debian r-cran-riskregression)
#  (2) a transparent re-computation of the IPCW formula with survival::survfit for G:
#      BS(t) = 1/n sum_i [ 1(T_i <= t, d_i = 1) (1 - r_i)^2 / G(T_i-) + 1(T_i > t) r_i^2 / G(t) ]
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(riskRegression); library(prodlim) })
CASE <- "brier_lung_cox"
TIMES <- c(182.625, 365.25, 547.875)

# --- input: lung complete cases for age + sex + ph.ecog (227 rows); risks 1 - S(t | x) from the Cox fit
lung <- read.csv("../../../../../shared/reference/survival/data/lung.csv")
lung$row <- seq_len(nrow(lung))
d <- lung[complete.cases(lung[, c("time", "event", "age", "sex", "ph.ecog")]), ]
fit <- coxph(Surv(time, event) ~ age + sex + ph.ecog, data = d, control = coxph.control(eps = 1e-10, iter.max = 100))
sf <- survfit(fit, newdata = d)
S <- t(summary(sf, times = TIMES, extend = TRUE)$surv)          # n x length(TIMES)
risk <- 1 - S
out <- data.frame(row = d$row, time = d$time, event = d$event)
for (k in seq_along(TIMES)) out[[paste0("risk_", TIMES[k])]] <- risk[, k]
fmt <- function(v) if (is.numeric(v)) sprintf("%.17g", v) else v
write.csv(as.data.frame(lapply(out, fmt)), "input.csv", row.names = FALSE, quote = FALSE)
inp <- read.csv("input.csv")                                     # re-read: R sees exactly the CSV doubles
R <- as.matrix(inp[, paste0("risk_", TIMES)])
colnames(R) <- NULL

# --- cross-check with the shared marker file (risk_1y there = the same model at 365.25 days)
mk <- read.csv("../../../../../shared/reference/survival/data/lung_markers.csv")
stopifnot(all(mk$row == inp$row), all(mk$time == inp$time))
risk1y_maxdiff <- max(abs(mk$risk_1y - inp[["risk_365.25"]]))

# --- oracle (1): riskRegression::Score
call_txt <- "Score(list(cox = R), formula = Surv(time, event) ~ 1, data = inp, times = TIMES, metrics = 'brier', null.model = TRUE, se.fit = TRUE, conservative = FALSE, cens.model = 'km', summary = 'ibs', keep = 'residuals')"
sc <- Score(list(cox = R), formula = Surv(time, event) ~ 1, data = inp, times = TIMES, metrics = "brier",
            null.model = TRUE, se.fit = TRUE, conservative = FALSE, cens.model = "km", summary = "ibs")
b <- as.data.frame(sc$Brier$score)
get <- function(model, col) as.numeric(b[b$model == model, col])

# --- oracle (2): transparent IPCW computation. G is the reverse Kaplan-Meier as prodlim(reverse = TRUE)
# computes it (used by riskRegression, pec and timeROC): at a time s with d(s) events and c(s)
# censorings among Y(s) = #{T >= s} at risk, events are taken to precede censorings, so
# G(s) = prod_{u <= s} (1 - c(u) / (Y(u) - d(u))). (survfit(Surv(time, 1 - event)) would divide by Y(u).)
ut <- sort(unique(inp$time))
Y <- sapply(ut, function(s) sum(inp$time >= s))
dd <- sapply(ut, function(s) sum(inp$time == s & inp$event == 1))
cc <- sapply(ut, function(s) sum(inp$time == s & inp$event == 0))
Gs <- cumprod(ifelse(cc > 0, 1 - cc / (Y - dd), 1))
pf <- prodlim(Hist(time, event) ~ 1, data = inp, reverse = TRUE)
stopifnot(max(abs(pf$surv - Gs)) < 1e-14)
Gat <- function(t) { s <- c(1, Gs); s[findInterval(t, ut) + 1] }                        # G(t)
Gminus <- function(t) { s <- c(1, Gs); s[findInterval(t, ut, left.open = TRUE) + 1] }   # G(t-)
manual <- sapply(seq_along(TIMES), function(k) {
  t <- TIMES[k]; r <- R[, k]
  w <- ifelse(inp$time <= t & inp$event == 1, 1 / Gminus(inp$time), ifelse(inp$time > t, 1 / Gat(t), 0))
  y <- as.numeric(inp$time <= t & inp$event == 1)
  mean(w * (y - r)^2)
})
km <- survfit(Surv(time, event) ~ 1, data = inp)
null_risk <- 1 - summary(km, times = TIMES, extend = TRUE)$surv
manual_null <- sapply(seq_along(TIMES), function(k) {
  t <- TIMES[k]; r <- null_risk[k]
  w <- ifelse(inp$time <= t & inp$event == 1, 1 / Gminus(inp$time), ifelse(inp$time > t, 1 / Gat(t), 0))
  y <- as.numeric(inp$time <= t & inp$event == 1)
  mean(w * (y - r)^2)
})
stopifnot(max(abs(manual - get("cox", "Brier"))) < 1e-12, max(abs(manual_null - get("Null model", "Brier"))) < 1e-12)

counts <- lapply(TIMES, function(t) list(
  time = t,
  n_events_by_t = sum(inp$time <= t & inp$event == 1),
  n_at_risk_after_t = sum(inp$time > t),
  n_censored_by_t = sum(inp$time <= t & inp$event == 0)))

res <- list(
  case = CASE,
  input = "input.csv",
  times = TIMES,
  call = call_txt,
  definition = paste("BS(t) = mean_i w_i (1(T_i<=t,event) - r_i)^2, w_i = 1/G(T_i-) for events by t (inclusive),",
                     "1/G(t) for T_i > t, 0 for censored by t; G = reverse KM as prodlim(reverse=TRUE): hazard c(u)/(Y(u)-d(u)), events precede censorings at ties; null model r = 1 - KM(t);",
                     "se = sd(IF)/sqrt(n) with the KM-censoring term (conservative = FALSE);",
                     "IBS(t_m) = riskRegression's step integral: (1/t_m) sum_{k<m} BS(t_k)(t_{k+1}-t_k) over the grid c(0, times) with BS(0)=0"),
  model = list(Brier = get("cox", "Brier"), se = get("cox", "se"), lower = get("cox", "lower"), upper = get("cox", "upper"), IBS = get("cox", "IBS")),
  null_model = list(risk = null_risk, Brier = get("Null model", "Brier"), se = get("Null model", "se"),
                    lower = get("Null model", "lower"), upper = get("Null model", "upper"), IBS = get("Null model", "IBS")),
  manual_ipcw = list(model = manual, null_model = manual_null),
  censoring_km = list(time = ut, surv = Gs),
  counts = counts,
  risk_1y_vs_lung_markers_max_abs_diff = risk1y_maxdiff,
  tolerances = list(Brier = list(abs = 1e-9, reason = "IPCW arithmetic"), se = list(rel = 1e-5, reason = "influence function sums"),
                    IBS = list(abs = 1e-9, reason = "sum of Brier values"), counts = "exact"),
  generated_with = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival")),
                        riskRegression = as.character(packageVersion("riskRegression")), prodlim = as.character(packageVersion("prodlim")),
                        date = as.character(Sys.Date())))
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE), "expected.json")
cat("ok; risk_1y max diff vs lung_markers:", risk1y_maxdiff, "\n")
print(b)
