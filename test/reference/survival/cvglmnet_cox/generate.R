# cv.glmnet for the Cox family (glmnet 4.1-6) with deterministic fold ids, type.measure "deviance"
# (grouped = TRUE: the Verweij & van Houwelingen partial-likelihood difference) and "C" (Harrell C per
# held-out fold). Reads the inputs written by ../glmnet_cox/generate.R (run that first).
# Run from this folder: Rscript generate.R   (writes expected.json)
# Time is passed in years (days / 365.25) for the reason given in ../glmnet_cox/generate.R.
suppressPackageStartupMessages({ library(survival); library(glmnet); library(jsonlite) })
THRESH <- 1e-20; MAXIT <- 1e7
pbc <- read.csv("../glmnet_cox/input_pbc.csv"); lung <- read.csv("../glmnet_cox/input_lung.csv")
pbc_vars <- c("trt", "age", "female", "ascites", "hepato", "spiders", "edema", "log_bili", "albumin", "log_alk_phos", "log_ast", "log_protime", "stage")
lung_vars <- c("age", "sex", "ph_ecog", "ph_karno", "pat_karno", "meal_cal", "wt_loss")

cv_case <- function(name, file, d, vars, alpha, measure) {
  x <- as.matrix(d[, vars]); y <- Surv(d$time / 365.25, d$event)
  cv <- cv.glmnet(x, y, family = "cox", alpha = alpha, foldid = d$foldid, type.measure = measure, grouped = TRUE,
                  thresh = THRESH, maxit = MAXIT)
  list(case = name, data = file, covariates = vars, alpha = alpha, type_measure = measure, nfolds = max(d$foldid),
       fold_rule = "foldid = ((row - 1) %% nfolds) + 1 in file order (column foldid)",
       call = sprintf("cv.glmnet(x, Surv(time / 365.25, event), family = 'cox', alpha = %s, foldid = foldid, type.measure = '%s', grouped = TRUE, thresh = %g, maxit = %g)",
                      alpha, measure, THRESH, MAXIT),
       fold_events = unname(as.vector(tapply(d$event, d$foldid, sum))), fold_sizes = unname(as.vector(table(d$foldid))),
       lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, nzero = unname(cv$nzero), name = unname(cv$name),
       lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se,
       index_min = unname(cv$index[1, 1]), index_1se = unname(cv$index[2, 1]))
}
cases <- list(
  cv_case("cvglmnet_cox_pbc_alpha1_deviance", "input_pbc.csv", pbc, pbc_vars, 1, "deviance"),
  cv_case("cvglmnet_cox_pbc_alpha1_C", "input_pbc.csv", pbc, pbc_vars, 1, "C"),
  cv_case("cvglmnet_cox_pbc_alpha0.5_deviance", "input_pbc.csv", pbc, pbc_vars, 0.5, "deviance"),
  cv_case("cvglmnet_cox_lung_alpha1_deviance", "input_lung.csv", lung, lung_vars, 1, "deviance"),
  cv_case("cvglmnet_cox_lung_alpha1_C", "input_lung.csv", lung, lung_vars, 1, "C")
)
res <- list(
  case = "cvglmnet_cox",
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival")),
                  glmnet = as.character(packageVersion("glmnet"))),
  notes = c("fold fits use their own default lambda path; coefficients at the full-data lambdas by glmnet's linear interpolation in lambda (alignment = 'lambda')",
            "deviance: cvraw[k, l] = (D_full(b_kl) - D_-k(b_kl)) / events_k, cvm = events-weighted mean over folds, cvsd = sqrt(weighted mean sq. dev / (K - 1))",
            "C: survival::concordance(Surv ~ -eta) on fold k, weighted by fold size; lambda.min maximises C"),
  tolerances = list(lambda = list(rel = 1e-9), cvm = list(rel = 1e-6), cvsd = list(rel = 1e-5), index = "exact",
                    reason = "glmnet run with thresh = 1e-20; the brief asks rel 1e-3 for cvm, the fits allow far tighter"),
  cases = cases)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "expected.json")
for (c in cases) cat(c$case, length(c$lambda), "min", c$index_min, "1se", c$index_1se, "\n")
