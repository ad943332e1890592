# Reference for src/genomics/limma/natural-spline.ts: least-squares fitted values on
# splines::ns(x, df, intercept = TRUE), as limma's fitFDist uses for eBayes(trend = TRUE).
# Run: Rscript generate.R (writes expected.json here). Base R + splines only.
set.seed(7)
x <- signif(c(rexp(150, 0.3), 2.5, 2.5, 2.5), 15)
y <- signif(log(x + 1) + rnorm(length(x), sd = 0.2), 15)
fits <- lapply(2:4, function(df) {
  X <- splines::ns(x, df = df, intercept = TRUE)
  f <- lm.fit(X, y)
  list(df = df, fitted = unname(f$fitted.values), rss_per_df = mean(f$effects[-(1:f$rank)]^2))
})
out <- list(generator = "test/reference/genomics/natural_spline_fit/generate.R", R = R.version.string,
  call = "lm.fit(splines::ns(x, df, intercept = TRUE), y)",
  tolerance = list(fitted = list(abs = 1e-10, reason = "same column space, different basis: rounding only")),
  x = x, y = y, fits = fits)
writeLines(jsonlite::toJSON(out, digits = I(17), auto_unbox = TRUE), "expected.json")
