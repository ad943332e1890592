# What does a study's imaging (Ensemble-DL) score follow? Regress its external-test OS score on the
# synthetic generator's latent traits (truth file; analysis only, the pipeline never reads it).
# Usage: Rscript scripts/analysis/deep-score-traits.R STUDY_DIR COHORT_DIR [model column, default imaging]
suppressMessages(library(survival))
a <- commandArgs(TRUE); run <- a[1]; dir <- a[2]; col <- ifelse(length(a) > 2, a[3], "imaging")
p <- read.csv(file.path(run, "results/predictions.csv")); p <- p[p$outcome == "os", ]
w <- reshape(p[, c("model", "patient_id", "split", "risk")], idvar = c("patient_id", "split"), timevar = "model", direction = "wide")
names(w) <- sub("risk.", "", names(w))
cl <- read.csv(file.path(dir, "clinical.csv")); tr <- read.csv(file.path(dir, "oracle.csv"))
d <- merge(merge(w, cl, by = "patient_id"), tr, by = "patient_id")
e <- d[d$split == "external_test", ]
print(round(cor(e[, c(col, "clinical", "os_lp_imaging", "os_lp_clinical", "largest_diameter_cm", "necrosis_fraction", "heterogeneity", "aphe_absent", "rim_enhancement", "infiltrative_margin")], method = "spearman")[1:3, ], 2))
print(summary(lm(scale(e[[col]]) ~ scale(log(largest_diameter_cm)) + aphe_absent + rim_enhancement + infiltrative_margin + scale(heterogeneity) + scale(necrosis_fraction) + tumour_count, data = e))$coef)
