# R's pretty() on random and edge-case ranges (used by the nomogram axes).
# Run from this folder: Rscript generate.R   (writes expected.json)
suppressPackageStartupMessages(library(jsonlite))
set.seed(1)
los <- c(runif(150, -100, 100), rnorm(50) * 1e-3, 0, 1.96, 25.0, 9, 0.3, -2.30853536689045, 5, 0)
his <- los + c(rexp(150) * 10^sample(-3:3, 150, TRUE), rexp(50) * 1e-2, 0, 2.68, 53.6, 8.1, 27.7, 7.69229215792199, 0, 1e-300)
ns <- c(sample(c(5, 10, 3, 7), length(los) - 8, TRUE), 5, 10, 10, 10, 10, 10, 5, 5)
# 17 significant digits so both sides see the same doubles.
cases <- lapply(seq_along(los), function(i) list(lo = sprintf("%.17g", los[i]), hi = sprintf("%.17g", his[i]), n = ns[i],
                                                  breaks = pretty(c(as.numeric(sprintf("%.17g", los[i])), as.numeric(sprintf("%.17g", his[i]))), n = ns[i])))
res <- list(case = "pretty_breaks", versions = list(R = paste(R.version$major, R.version$minor, sep = ".")),
            call = "pretty(c(lo, hi), n = n)  # lo, hi stored as 17-digit strings", tolerances = list(breaks = list(abs = 1e-12, rel = 1e-12)),
            cases = cases)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = FALSE), "expected.json")
