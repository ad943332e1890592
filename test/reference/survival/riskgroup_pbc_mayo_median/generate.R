# Risk groups from the Mayo PBC linear predictor: cut-offs, per-group KM median (95% CI),
# log-rank across groups, Cox HR vs the lowest-risk group. Also a training/test transfer:
# cut-offs learned on rows 1..200 applied unchanged to rows 201..312.
# Run from this folder: Rscript generate.R   (writes input.csv and expected.json)
METHOD <- "median"          # "median" or "tertiles" (the only line that differs between the two cases)
CASE <- paste0("riskgroup_pbc_mayo_", METHOD)
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

# --- input: the 312 randomised pbc patients; lp = uncentred Mayo linear predictor (x'beta) ----
pbc312 <- survival::pbc[!is.na(survival::pbc$trt), ]
pbc312$event <- as.integer(pbc312$status == 2)           # transplant counted as censored
mayo <- coxph(Surv(time, event) ~ age + edema + log(bili) + log(albumin) + log(protime), data = pbc312,
              control = coxph.control(eps = 1e-10, iter.max = 100))
X <- model.matrix(mayo)                                  # uncentred design
pbc312$lp <- as.vector(X %*% coef(mayo))
out <- pbc312[, c("id", "time", "status", "event", "trt", "age", "sex", "edema", "bili", "albumin", "protime", "stage", "lp")]
out$sex <- as.character(out$sex)
# 17 significant digits so the TypeScript side and R (re-reading below) see identical doubles.
fmt <- function(v) if (is.numeric(v)) sprintf("%.17g", v) else v
write.csv(as.data.frame(lapply(out, fmt)), "input.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("input.csv")

# --- grouping rule ---------------------------------------------------------------------------
probs <- if (METHOD == "median") 0.5 else c(1/3, 2/3)
cutoffsOf <- function(lp) as.vector(quantile(lp, probs, type = 7))
# group k (1 = lowest risk) = 1 + number of cut-offs strictly below the score: score <= cut goes DOWN.
groupOf <- function(lp, cuts) as.integer(cut(lp, c(-Inf, cuts, Inf), right = TRUE))

summarise <- function(dd, cuts) {
  g <- groupOf(dd$lp, cuts)
  dd$g <- factor(g, levels = seq_len(length(cuts) + 1))
  km <- survfit(Surv(time, event) ~ g, data = dd)               # conf.type = "log" (default)
  tab <- summary(km)$table
  sd <- survdiff(Surv(time, event) ~ g, data = dd)
  cx <- coxph(Surv(time, event) ~ g, data = dd, ties = "efron", control = coxph.control(eps = 1e-10, iter.max = 100))
  z <- qnorm(0.975)
  b <- coef(cx); se <- sqrt(diag(vcov(cx)))
  na <- function(v) ifelse(is.na(v), NA, v)
  list(
    n = as.integer(table(dd$g)),
    events = as.integer(tapply(dd$event, dd$g, sum)),
    median = unname(na(tab[, "median"])), median_lower = unname(na(tab[, "0.95LCL"])), median_upper = unname(na(tab[, "0.95UCL"])),
    logrank = list(observed = as.vector(sd$obs), expected = as.vector(sd$exp), chisq = sd$chisq, df = length(sd$n) - 1L,
                   p = pchisq(sd$chisq, length(sd$n) - 1L, lower.tail = FALSE)),
    cox = list(coef = I(unname(b)), se = I(unname(se)), hr = I(unname(exp(b))), lower = I(unname(exp(b - z * se))), upper = I(unname(exp(b + z * se))),
               p = I(unname(2 * pnorm(-abs(b / se)))), loglik = cx$loglik, iter = cx$iter)
  )
}

full_cuts <- cutoffsOf(d$lp)
train <- d[1:200, ]; test <- d[201:312, ]
train_cuts <- cutoffsOf(train$lp)

res <- list(
  case = CASE,
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival"))),
  call = c(
    "pbc312 <- pbc[!is.na(pbc$trt), ]; event <- status == 2; lp = x'beta of coxph(Surv(time, event) ~ age + edema + log(bili) + log(albumin) + log(protime)) (uncentred)",
    sprintf("cuts <- quantile(lp, probs = c(%s), type = 7)", paste(format(probs, digits = 17), collapse = ", ")),
    "group <- cut(lp, c(-Inf, cuts, Inf), right = TRUE)   # score <= cut belongs to the lower group; group 1 = lowest risk (reference)",
    "survfit(Surv(time, event) ~ group) (conf.type 'log'): summary()$table median, 0.95LCL, 0.95UCL",
    "survdiff(Surv(time, event) ~ group): chisq, df = groups - 1",
    "coxph(Surv(time, event) ~ group, ties = 'efron', eps = 1e-10): HR = exp(coef), CI exp(coef -/+ qnorm(0.975) se), Wald p",
    "transfer: cuts learned on rows 1..200 of input.csv, applied unchanged to rows 201..312"
  ),
  quantile_type = 7L, cut_rule = "score <= cut -> lower group (R cut(..., right = TRUE))",
  probs = I(probs),
  tolerances = list(cutoffs = list(rel = 1e-12), counts = "exact", median = "exact (data times)",
                    logrank = list(rel = 1e-9), hr = list(rel = 1e-5), p = list(rel = 1e-5)),
  full = c(list(n_total = nrow(d), cutoffs = I(full_cuts)), summarise(d, full_cuts)),
  transfer = list(train_rows = c(1L, 200L), test_rows = c(201L, 312L), cutoffs = I(train_cuts),
                  train = summarise(train, train_cuts), test = summarise(test, train_cuts))
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "expected.json")
