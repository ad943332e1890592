# Reference for src/deep/ensemble coxCombiner: Efron Cox on standardised member scores (population sd).
# Run: Rscript test/deep/reference/cox-combiner/generate.R  (writes input.csv and expected.json here)
library(survival)
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
set.seed(20261127)
n <- 300
r <- rnorm(n)
t <- pmax(1, round(rexp(n, exp(r)) * 365))
t[1:20] <- t[21:40]  # tied times
event <- rbinom(n, 1, 0.8)
d <- data.frame(time = t, event = event, a = r + 0.8 * rnorm(n), b = 3 * (r + 0.8 * rnorm(n)) + 10, noise = rnorm(n))
write.csv(d, file.path(here, "input.csv"), row.names = FALSE)
z <- function(x) (x - mean(x)) / sqrt(mean((x - mean(x))^2))
s <- data.frame(time = d$time, event = d$event, a = z(d$a), b = z(d$b), noise = z(d$noise))
fit <- coxph(Surv(time, event) ~ a + b + noise, data = s, ties = "efron")
out <- list(
  r_version = R.version.string, survival_version = as.character(packageVersion("survival")),
  call = 'coxph(Surv(time, event) ~ a + b + noise, data = standardised (population sd), ties = "efron")',
  n = n, events = sum(d$event), coef = unname(coef(fit)), loglik = fit$loglik[2],
  tolerance = list(coef_abs = 2e-4, note = "float32 tfjs (wasm) objective and gradient, ridge 0, gradientTolerance 1e-4")
)
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "expected.json"))
