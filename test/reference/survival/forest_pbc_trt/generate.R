# Forest-plot rows for the PBC trial: treatment HR (trt 2 = placebo vs 1 = D-penicillamine)
# overall and within subgroups, with the interaction likelihood-ratio test per subgrouping variable.
# Run from this folder: Rscript generate.R   (writes input.csv and expected.json)
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
ctl <- coxph.control(eps = 1e-10, iter.max = 100)
pbc312 <- survival::pbc[!is.na(survival::pbc$trt), ]
pbc312$event <- as.integer(pbc312$status == 2)
pbc312$agegrp <- ifelse(pbc312$age < 50, "<50", ">=50")
pbc312$edemagrp <- ifelse(pbc312$edema > 0, "present", "none")
pbc312$stagegrp <- ifelse(pbc312$stage <= 2, "1-2", "3-4")
out <- pbc312[, c("id", "time", "status", "event", "trt", "age", "sex", "edema", "stage", "agegrp", "edemagrp", "stagegrp")]
fmt <- function(v) if (is.numeric(v)) sprintf("%.17g", v) else as.character(v)
write.csv(as.data.frame(lapply(out, fmt)), "input.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("input.csv", colClasses = c(sex = "character", agegrp = "character", edemagrp = "character", stagegrp = "character"))
d$trt <- factor(d$trt)                                     # levels "1", "2"; reference "1"
z <- qnorm(0.975)

row <- function(dd, label, variable, level) {
  f <- coxph(Surv(time, event) ~ trt, data = dd, ties = "efron", control = ctl)
  b <- unname(coef(f)); se <- unname(sqrt(vcov(f)[1, 1]))
  list(label = label, variable = variable, level = level, n = nrow(dd), events = sum(dd$event),
       n_exposed = sum(dd$trt == "2"), events_exposed = sum(dd$event[dd$trt == "2"]),
       coef = b, se = se, hr = exp(b), lower = exp(b - z * se), upper = exp(b + z * se), p = 2 * pnorm(-abs(b / se)), iter = f$iter)
}
subgroups <- c("sex", "agegrp", "edemagrp", "stagegrp")
rows <- list(row(d, "Overall", NA, NA))
interaction <- list()
for (v in subgroups) {
  levs <- sort(unique(d[[v]]))
  for (l in levs) rows[[length(rows) + 1]] <- row(d[d[[v]] == l, ], paste0(v, " = ", l), v, l)
  d$sub <- factor(d[[v]], levels = levs)
  f0 <- coxph(Surv(time, event) ~ trt + sub, data = d, ties = "efron", control = ctl)
  f1 <- coxph(Surv(time, event) ~ trt * sub, data = d, ties = "efron", control = ctl)
  chisq <- 2 * (f1$loglik[2] - f0$loglik[2]); df <- length(levs) - 1L
  interaction[[v]] <- list(variable = v, levels = levs, loglik_main = f0$loglik[2], loglik_interaction = f1$loglik[2],
                           chisq = chisq, df = df, p = pchisq(chisq, df, lower.tail = FALSE))
}
res <- list(
  case = "forest_pbc_trt",
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival"))),
  call = c("d <- pbc[!is.na(pbc$trt), ] (312 rows) written to input.csv and read back; event = status == 2; trt as factor, reference level 1",
           "agegrp = age < 50 ? '<50' : '>=50'; edemagrp = edema > 0 ? 'present' : 'none'; stagegrp = stage <= 2 ? '1-2' : '3-4'",
           "row: coxph(Surv(time, event) ~ trt, data = subset, ties = 'efron', eps = 1e-10): HR exp(coef), CI exp(coef -/+ qnorm(0.975) se), Wald p",
           "interaction: 2 * (loglik(coxph(~ trt * sub)) - loglik(coxph(~ trt + sub))), df = levels - 1, pchisq upper tail",
           "subgroup levels in sorted (R factor) order"),
  tolerances = list(hr = list(rel = 1e-5), ci = list(rel = 1e-5), p = list(rel = 1e-5), interaction_chisq = list(rel = 1e-5, abs = 1e-8),
                    interaction_p = list(rel = 1e-5), counts = "exact"),
  exposure = list(column = "trt", reference = "1", exposed = "2"),
  rows = rows, interaction = interaction
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "expected.json")
