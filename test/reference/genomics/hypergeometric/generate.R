# Reference values for src/genomics/enrichment/hypergeometric.ts.
# Run: Rscript generate.R  (writes expected.json beside this script)
cases <- list(
  list(name = "ora_like_small_p", q = 32, m = 53, n = 1082, k = 261),
  list(name = "ora_like_mid", q = 4, m = 30, n = 1105, k = 261),
  list(name = "below_mode", q = 0, m = 200, n = 1800, k = 300),
  list(name = "far_tail_1e-100", q = 99, m = 120, n = 20000, k = 150),
  list(name = "far_tail_1e-250", q = 149, m = 160, n = 5000, k = 300),
  list(name = "whole_set_drawn", q = 9, m = 10, n = 90, k = 10),
  list(name = "large_population", q = 59, m = 500, n = 19500, k = 1000),
  list(name = "near_one", q = 11, m = 50, n = 50, k = 60),
  list(name = "mode_boundary", q = 12, m = 53, n = 1082, k = 261),
  list(name = "tiny", q = 1, m = 3, n = 4, k = 3)
)
out <- lapply(cases, function(c) list(
  name = c$name, q = c$q, m = c$m, n = c$n, k = c$k,
  upper = phyper(c$q, c$m, c$n, c$k, lower.tail = FALSE),
  dhyper_q1 = dhyper(c$q + 1, c$m, c$n, c$k),
  log_dhyper_q1 = dhyper(c$q + 1, c$m, c$n, c$k, log = TRUE)
))
fmt <- function(x) formatC(x, digits = 17, format = "g")
lines <- vapply(out, function(o) sprintf(
  '    {"name": "%s", "q": %d, "m": %d, "n": %d, "k": %d, "upper": %s, "dhyper_q1": %s, "log_dhyper_q1": %s}',
  o$name, as.integer(o$q), as.integer(o$m), as.integer(o$n), as.integer(o$k), fmt(o$upper), fmt(o$dhyper_q1), fmt(o$log_dhyper_q1)), "")
json <- c("{",
  sprintf('  "R": "%s",', R.version.string),
  '  "call": "phyper(q, m, n, k, lower.tail = FALSE); dhyper(q + 1, m, n, k[, log = TRUE])",',
  '  "mapping": "population N = m + n, successes K = m, draws = k; upper = P(X >= q + 1)",',
  '  "tolerance": {"upper": {"rel": 1e-12}, "dhyper": {"rel": 1e-12}, "reason": "both sides use saddle-point point probabilities; tail sums agree to rounding"},',
  '  "cases": [', paste(lines, collapse = ",\n"), "  ]", "}")
writeLines(json, "expected.json")
