# Reference cases for src/genomics/limma/lowess.ts: R's stats::lowess (C clowess).
# Run: Rscript generate.R  (writes expected.json in this folder). Base R only.
set.seed(20261127)
mk <- function(name, x, y, f = 2/3, iter = 3L, delta = 0.01 * diff(range(x))) {
  x <- signif(x, 15); y <- signif(y, 15)  # exactly what the JSON stores
  l <- lowess(x, y, f = f, iter = iter, delta = delta)
  list(name = name, x = x, y = y, f = f, iter = iter, delta = delta, fit_x = l$x, fit_y = l$y)
}
n <- 400
x1 <- runif(n, 0, 10); y1 <- sin(x1) + rnorm(n, sd = 0.3); y1[c(5, 50, 300)] <- y1[c(5, 50, 300)] + 8
x2 <- round(runif(200, 0, 5), 1); y2 <- x2^2 / 5 + rt(200, df = 3)
x3 <- c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10); y3 <- c(2, 4, 3, 8, 5, 7, 12, 9, 11, 15)
x4 <- rexp(1000); y4 <- sqrt(1 / (x4 + 0.1)) + rnorm(1000, sd = 0.05)
cases <- list(
  mk("sine_outliers_default", x1, y1),
  mk("sine_outliers_voom_settings", x1, y1, f = 0.5),
  mk("ties_delta0", x2, y2, f = 0.3, delta = 0),
  mk("ties_default", x2, y2, f = 0.5),
  mk("ten_points_iter0", x3, y3, iter = 0L),
  mk("ten_points", x3, y3, f = 0.5),
  mk("skewed_x_big_delta", x4, y4, f = 0.5, delta = 0.05 * diff(range(x4)))
)
out <- list(
  generator = "test/reference/genomics/lowess_cases/generate.R",
  R = R.version.string,
  call = "lowess(x, y, f, iter, delta)",
  tolerance = list(fit_y = list(abs = 1e-12, rel = 1e-10, reason = "same algorithm, floating-point summation order only")),
  cases = cases
)
jsonlite_ok <- requireNamespace("jsonlite", quietly = TRUE)
if (!jsonlite_ok) stop("jsonlite needed")
writeLines(jsonlite::toJSON(out, digits = I(17), auto_unbox = TRUE, pretty = FALSE), "expected.json")
